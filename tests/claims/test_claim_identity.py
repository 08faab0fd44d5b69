"""Re-analysis keeps every claim whose sentence is still there: same id, same URL, an open review form still works."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import SourceInput, article_ingest, article_reprocess
from claims import services
from claims.identity import Span, match_spans
from claims.models import Claim, RetiredClaim
from tests.factories import reviewer

DEAD = "At least 14 people died in Lorvan on Friday night, police spokeswoman Maria Ortiz said."
RAIN = "The river burst its banks after 200 mm of rain fell in two days, the weather service said."
HOMES = "More than 3,000 homes were flooded and 12 bridges collapsed, the regional governor told reporters."
COST = "The damage will cost at least $40 million to repair, the finance ministry estimated on Saturday."
STORY = f"Flood update\n\n{DEAD} {RAIN}\n\n{HOMES} {COST}"


def analysed(body: str) -> Article:
    article = article_ingest(source=SourceInput(name="Desk", domain="desk.example"), text=body)
    article.refresh_from_db()
    assert article.status == "done", article.error_message
    return article


def reanalyse(article: Article, body: str | None = None) -> None:
    # A new body stands for a new reading of the same page (a better splitter or scorer moves and drops sentences).
    if body is not None:
        Article.objects.filter(pk=article.pk).update(body=body)
    article_reprocess(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == "done", article.error_message


def ids_by_sentence(article: Article) -> dict[str, int]:
    return {text: pk for pk, text in Claim.objects.filter(article=article).values_list("pk", "text")}


# --- the matching rule ------------------------------------------------------------------------------------------


def test_an_identical_sentence_keeps_its_claim_wherever_it_moved():
    stored = [Span(1, 0, DEAD), Span(2, 90, RAIN)]
    fresh = [
        Span(0, 40, "A new first sentence about the flood, 3 people said."),
        Span(1, 130, RAIN),
        Span(2, 200, DEAD),
    ]
    assert match_spans(stored, fresh) == {1: 2, 2: 1}


def test_a_repeated_sentence_keeps_each_copys_id_by_position():
    stored = [Span(7, 0, DEAD), Span(8, 500, DEAD)]
    fresh = [Span(0, 505, DEAD), Span(1, 3, DEAD)]
    assert match_spans(stored, fresh) == {0: 8, 1: 7}


def test_a_near_identical_sentence_keeps_its_claim_and_a_different_one_does_not():
    corrected = DEAD.replace("Friday night", "Friday evening")
    stored = [Span(1, 0, DEAD), Span(2, 90, RAIN)]
    fresh = [Span(0, 0, corrected), Span(1, 95, HOMES)]
    assert match_spans(stored, fresh) == {0: 1}


# --- the analysis run -------------------------------------------------------------------------------------------

pipeline = pytest.mark.django_db(transaction=True)


@pytest.mark.slow
@pipeline
def test_reanalysis_keeps_the_id_and_url_of_every_claim_whose_sentence_is_still_there():
    article = analysed(STORY)
    before = ids_by_sentence(article)
    assert {DEAD, RAIN, HOMES, COST} <= set(before), before
    versions = dict(Claim.objects.filter(article=article).values_list("pk", "version"))

    reanalyse(article)
    reanalyse(article)  # a retried run gives the same ids again

    assert ids_by_sentence(article) == before
    assert dict(Claim.objects.filter(article=article).values_list("pk", "version")) == versions
    assert not RetiredClaim.objects.exists()


@pytest.mark.slow
@pipeline
def test_moved_and_reworded_sentences_keep_their_claims_and_only_a_vanished_one_goes(client):
    article = analysed(STORY)
    before = ids_by_sentence(article)
    dead_version = Claim.objects.get(pk=before[DEAD]).version
    corrected = DEAD.replace("Friday night", "Friday evening")
    lead = "Rescuers pulled 41 people from the water overnight, the fire brigade said."
    reanalyse(article, f"Flood update\n\n{lead} {corrected} {RAIN}\n\n{HOMES}")

    after = ids_by_sentence(article)
    assert after[RAIN] == before[RAIN] and after[HOMES] == before[HOMES]
    assert after[corrected] == before[DEAD]
    reworded = Claim.objects.get(pk=before[DEAD])
    assert reworded.version == dead_version + 1  # the text a reviewer reads changed: an open form must reload
    assert article.body[reworded.start : reworded.end] == reworded.text
    assert lead in after and after[lead] not in before.values()
    assert COST not in after

    retired = RetiredClaim.objects.get(claim_id=before[COST])
    assert (retired.article_id, retired.text) == (article.pk, COST)
    client.force_login(reviewer())
    response = client.get(reverse("claims:review", args=[before[COST]]))
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:detail", args=[article.pk])
    page = client.get(response["Location"]).content.decode()
    assert f"Claim {before[COST]}" in page and "is no longer in the article" in page
    assert client.get(reverse("claims:review", args=[before[COST] + 1000])).status_code == 404


@pytest.mark.slow
@pipeline
def test_a_review_form_opened_before_reanalysis_still_saves(client):
    article = analysed(STORY)
    claim_id = ids_by_sentence(article)[RAIN]
    person = reviewer()
    client.force_login(person)
    form = client.get(reverse("claims:review", args=[claim_id])).content.decode()
    version = re.search(r'name="expected_version" value="(\d+)"', form).group(1)

    reanalyse(article, STORY.replace(f" {COST}", ""))

    response = client.post(
        reverse("claims:verdict", args=[claim_id]),
        {"verdict": "supported", "rationale": "The weather service's gauge data agree.", "expected_version": version},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Claim.objects.get(pk=claim_id)
    assert (saved.verdict, saved.rationale) == ("supported", "The weather service's gauge data agree.")


@pytest.mark.slow
@pipeline
def test_a_reviewed_claim_is_never_dropped_even_when_its_sentence_is_gone(client):
    article = analysed(STORY)
    claim = Claim.objects.get(article=article, text=COST)
    person = reviewer()
    services.claim_set_verdict(
        claim_id=claim.pk,
        verdict="disputed",
        rationale="The ministry gave no figure.",
        reviewer=person,
        expected_version=claim.version,
    )
    kept = Claim.objects.get(pk=claim.pk)

    reanalyse(article, STORY.replace(f" {COST}", ""))

    after = Claim.objects.get(pk=claim.pk)
    assert (after.text, after.verdict, after.version, after.rationale) == (
        kept.text,
        "disputed",
        kept.version,
        kept.rationale,
    )
    assert not RetiredClaim.objects.filter(claim_id=claim.pk).exists()
    client.force_login(person)
    assert client.get(reverse("claims:review", args=[claim.pk])).status_code == 200


@pytest.mark.slow
@pipeline
def test_a_verdict_posted_to_a_vanished_claim_leads_to_the_article_and_keeps_the_rationale_in_view(client):
    article = analysed(STORY)
    claim_id = ids_by_sentence(article)[COST]
    client.force_login(reviewer())
    reanalyse(article, STORY.replace(f" {COST}", ""))

    response = client.post(
        reverse("claims:verdict", args=[claim_id]),
        {"verdict": "disputed", "rationale": "Ministry figures say otherwise.", "expected_version": 1},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("articles:detail", args=[article.pk]), 302)]
    assert "Ministry figures say otherwise." in response.content.decode()
    assert not Claim.objects.filter(pk=claim_id).exists()


@pytest.mark.slow
@pipeline
def test_a_verdict_saved_while_the_analysis_runs_is_kept_and_the_run_keeps_every_id():
    from claims import pipeline as run

    article = analysed(STORY)
    before = ids_by_sentence(article)
    Article.objects.filter(pk=article.pk).update(status="queued")
    token = run.article_run_start(article_id=article.pk)
    assert token is not None
    # A reviewer saves while the run is splitting and scoring, before it stores anything.
    saved = services.claim_set_verdict(
        claim_id=before[HOMES],
        verdict="supported",
        rationale="The governor's office confirmed both figures.",
        reviewer=reviewer(),
        expected_version=1,
    )

    run.article_run(article_id=article.pk, token=token)

    assert ids_by_sentence(article) == before
    after = Claim.objects.get(pk=before[HOMES])
    assert (after.verdict, after.version, after.rationale) == ("supported", saved.version, saved.rationale)
