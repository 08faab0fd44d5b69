"""The analysis pipeline end to end in-process: real splitter, scorer, embedding model and matcher."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.importing import SAMPLE_CORPUS_DIR, collect_files, import_file
from articles.models import Article, Passage
from articles.services import SourceInput, article_ingest, article_reprocess
from claims import services, tasks
from claims.models import Claim, Evidence, ReviewState
from engine.models.embedder import EmbeddingModelError
from engine.models.minilm import HeadLoadError
from tests.factories import reviewer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

CORPUS = {entry.path.name: entry for entry in collect_files([str(SAMPLE_CORPUS_DIR)])}


def ingest(name: str) -> Article:
    result = import_file(CORPUS[name], default_source=None)
    assert result.article is not None, result.message
    return Article.objects.get(pk=result.article.pk)


def snapshot(article: Article) -> dict:
    claims = Claim.objects.filter(article=article).order_by("start")
    return {
        "passages": list(Passage.objects.filter(article=article).order_by("start").values_list("start", "end")),
        "claims": [(c.start, c.end, c.text, round(c.score, 6)) for c in claims],
        "evidence": sorted(
            Evidence.objects.filter(claim__article=article).values_list(
                "claim__start", "passage_id", "stance", "state", "origin"
            ),
            key=lambda row: (row[0], row[1] or 0, row[2:]),  # external evidence has no passage
        ),
    }


def test_an_uploaded_article_becomes_passages_and_scored_claims():
    article = ingest("wire-original.txt")
    assert (article.status, article.stage, article.progress) == ("done", "finished", 100), article.error_message
    passages = list(article.passages.order_by("start"))
    assert len(passages) > 10
    for passage in passages:
        assert article.body[passage.start : passage.end] == passage.text
        assert passage.embedding is not None
    claims = list(article.claims.all())
    assert len(claims) >= 5
    for claim in claims:
        assert article.body[claim.start : claim.end] == claim.text
        assert 0 <= claim.score <= 1
    assert any("14" in c.text and "killed" in c.text for c in claims)


def test_a_rewrite_is_grouped_with_its_wire_original_and_both_get_cross_source_evidence():
    wire = ingest("wire-original.txt")
    rewrite = ingest("rewrite-of-wire.html")
    wire.refresh_from_db()
    assert rewrite.same_origin_as_id == wire.pk
    assert wire.same_origin_as_id is None
    rewrite_evidence = Evidence.objects.filter(claim__article=rewrite)
    assert rewrite_evidence.filter(passage__article=wire).exists()
    assert all(e.same_origin for e in rewrite_evidence)
    # The original learns about the later copy through the neighbour refresh.
    assert Evidence.objects.filter(claim__article=wire, passage__article=rewrite).exists()


def test_a_claim_keeps_its_speaker_and_the_document_or_thing_it_rests_on():
    article = article_ingest(
        source=SourceInput(name="Desk", domain="desk.example"),
        text=(
            "Bridge collapse in Lorvan\n\n"
            "The interior ministry said in a statement that 14 people died when the bridge collapsed on Friday.\n\n"
            "According to pictures circulating on social media, the river rose two metres in an hour."
        ),
    )
    claims = {claim.text[:20]: claim for claim in Claim.objects.filter(article=article)}
    stated, pictured = claims["The interior ministr"], claims["According to picture"]
    assert "ministry" in stated.speaker and stated.source_type == "statement"
    assert (pictured.speaker, pictured.source_type) == ("", "pictures")


def test_a_suggestion_shows_the_stance_models_probability_of_its_stance():
    ingest("wire-original.txt")
    ingest("rewrite-of-wire.html")
    ingest("independent-report.md")
    read = Evidence.objects.filter(origin="system").exclude(stance_probabilities={})
    assert read.exists()
    label = {"supports": "supports", "contradicts": "contradicts", "context": "related"}
    for evidence in read:
        # Not the ranking score (p(supports) + p(contradicts), which passes 1 with two readings combined).
        assert 0.0 <= evidence.score <= 1.0
        shown = evidence.stance_probabilities[label[evidence.suggested_stance]]
        assert evidence.score == pytest.approx(shown, abs=1e-4)


def test_the_stance_model_reads_each_claims_best_candidates_and_can_be_switched_off(settings, monkeypatch):
    from engine.stance import model as stance_model

    read: list[int] = []
    real_probabilities = stance_model.StanceModel.probabilities

    def counting_probabilities(self, pairs):
        read.append(len(pairs))
        return real_probabilities(self, pairs)

    monkeypatch.setattr(stance_model.StanceModel, "probabilities", counting_probabilities)
    settings.FACTCHECK_STANCE_PAIRS_PER_CLAIM = 1
    wire = ingest("wire-original.txt")
    ingest("independent-report.md")
    # One batch per article run, at most one pair per claim of that article, read once each way.
    most_claims = max(article.claims.count() for article in Article.objects.all())
    readings = 2 if settings.FACTCHECK_STANCE_BOTH_WAYS else 1
    assert 0 < max(read) <= readings * most_claims
    assert all(count % readings == 0 for count in read)

    # A desk that wants the time back reads each pair one way only.
    read.clear()
    settings.FACTCHECK_STANCE_BOTH_WAYS = False
    article_reprocess(article_id=wire.pk)
    assert 0 < max(read) <= most_claims

    read.clear()
    settings.FACTCHECK_STANCE_PAIRS_PER_CLAIM = 0
    article_reprocess(article_id=wire.pk)
    wire.refresh_from_db()
    assert wire.status == "done"
    assert sum(read) == 0
    # The screen alone still offers the other outlet's report as context, but never calls it support or a clash.
    evidence = Evidence.objects.filter(claim__article=wire, passage__article__isnull=False)
    assert evidence.exists()
    assert not evidence.filter(stance__in=["supports", "contradicts"]).exists()


def test_the_desk_setting_for_refutations_reaches_the_matcher(settings, monkeypatch):
    from engine.matching import evidence

    asked: list[object] = []
    real_judge_batch = evidence.judge_batch

    def recording_judge_batch(pairs, **options):
        asked.append(options.get("refutations"))
        return real_judge_batch(pairs, **options)

    monkeypatch.setattr(evidence, "judge_batch", recording_judge_batch)
    wire = ingest("wire-original.txt")
    ingest("independent-report.md")
    assert asked and set(asked) == {True}  # on by default

    asked.clear()
    settings.FACTCHECK_STANCE_REFUTATIONS = False
    article_reprocess(article_id=wire.pk)
    wire.refresh_from_db()
    assert wire.status == "done"
    assert asked and set(asked) == {False}


def test_reprocessing_gives_the_same_result_and_never_touches_reviewed_work():
    wire = ingest("wire-original.txt")
    ingest("independent-report.md")
    before = snapshot(wire)
    person = reviewer()
    reviewed_claim = Claim.objects.filter(article=wire, evidence__isnull=False).order_by("-score").first()
    assert reviewed_claim is not None
    suggestion = reviewed_claim.evidence.first()
    services.evidence_decide(evidence_id=suggestion.pk, accept=True, actor=person)
    services.claim_set_verdict(
        claim_id=reviewed_claim.pk,
        verdict="supported",
        rationale="Confirmed twice.",
        reviewer=person,
        expected_version=reviewed_claim.version,
    )
    untouched = Claim.objects.filter(article=wire, review_state=ReviewState.UNREVIEWED).first()
    external = services.evidence_add_external(
        claim_id=untouched.pk,
        url="https://police.example/statement",
        excerpt="Fourteen dead.",
        stance="supports",
        actor=person,
    )
    reviewed_before = Claim.objects.get(pk=reviewed_claim.pk)

    for _ in range(2):
        article_reprocess(article_id=wire.pk)
        wire.refresh_from_db()
        assert wire.status == "done", wire.error_message

    after = snapshot(wire)
    assert after["passages"] == before["passages"]
    assert after["claims"] == before["claims"]
    reviewed_after = Claim.objects.get(pk=reviewed_claim.pk)
    assert (reviewed_after.verdict, reviewed_after.version, reviewed_after.rationale) == (
        reviewed_before.verdict,
        reviewed_before.version,
        reviewed_before.rationale,
    )
    assert Evidence.objects.get(pk=suggestion.pk).state == "accepted"
    assert Evidence.objects.filter(pk=external.pk).exists()
    assert Claim.objects.filter(pk=untouched.pk).exists()
    # Suggestions are replaced, not piled up.
    assert Evidence.objects.filter(claim__article=wire).count() == len(after["evidence"])
    assert len(after["evidence"]) == len(set(after["evidence"]))


def test_a_model_that_fails_to_load_fails_the_article_with_a_clear_reason_and_can_be_retried(monkeypatch):
    def broken_model() -> None:
        raise EmbeddingModelError("model.safetensors is truncated")

    monkeypatch.setattr("claims.pipeline.load_embedder", broken_model)
    article = ingest("wire-original.txt")
    assert article.status == "failed"
    assert article.error_message == ("The sentence-embedding model could not be loaded: model.safetensors is truncated")
    assert not article.claims.exists()
    monkeypatch.undo()
    article_reprocess(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == "done" and article.error_message == "" and article.claims.exists()


def test_a_fine_tuned_head_that_fails_to_load_fails_the_article_with_its_reason(monkeypatch):
    def broken_head(*args: object, **kwargs: object) -> None:
        raise HeadLoadError("Could not read the model head checkworthiness_minilm.npz: truncated")

    monkeypatch.setattr("engine.extraction.scorer.load_scorer._value", None)
    monkeypatch.setattr("engine.extraction.scorer.load_head", broken_head)
    article = ingest("wire-original.txt")
    assert article.status == "failed"
    assert article.error_message == (
        "A fine-tuned MiniLM model could not be loaded: "
        "Could not read the model head checkworthiness_minilm.npz: truncated"
    )
    assert not article.claims.exists()


def test_a_run_abandoned_by_a_dead_worker_is_taken_over_once_its_lease_expires(settings):
    article = article_ingest(
        source=SourceInput(name="Desk", domain="desk.example"),
        text="Flood update\n\nAt least 14 people died in Lorvan on Friday, police said.",
    )
    article.refresh_from_db()
    live = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        status="processing", processing_token="dead-run", processing_heartbeat=live
    )
    assert tasks.article_process_task.delay(article.pk).get() == "skipped"  # a live run is never doubled
    expired = live - timedelta(seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS + 1)
    Article.objects.filter(pk=article.pk).update(processing_heartbeat=expired)
    assert tasks.article_process_task.delay(article.pk).get().startswith("done")
    article.refresh_from_db()
    assert article.status == "done" and article.processing_token == ""


@pytest.mark.parametrize(
    "text",
    [
        "x" * 50_000,
        " ".join(["the flood reached the bridge and the river kept rising"] * 400),
        "Las inundaciones destruyeron el puente de Lorvan el viernes. Catorce personas murieron, dijo la policía.",
        "Flood\x0b in \x1bLorvan: 14 dead.\x00 Police said the bridge collapsed on Friday night.",
    ],
    ids=["one-50k-character-sentence", "no-punctuation", "not-english", "control-characters"],
)
def test_hostile_text_never_crashes_the_task_and_leaves_a_clear_status(text):
    article = article_ingest(source=SourceInput(name="Desk", domain="desk.example"), text=text)
    article.refresh_from_db()
    assert article.status in {"done", "failed"}
    assert article.status == "done" or article.error_message
    if article.status == "done":
        for passage in article.passages.all():
            assert article.body[passage.start : passage.end] == passage.text


def test_articles_stranded_by_a_lost_message_or_a_dead_worker_are_queued_again(settings):
    from io import StringIO

    from django.core.management import call_command

    from tests.factories import ArticleFactory

    long_ago = timezone.now() - timedelta(hours=2)
    lost = ArticleFactory(status="queued", body="At least 14 people died in Lorvan on Friday, police said.")
    dead = ArticleFactory(
        status="processing",
        processing_token="dead",
        processing_heartbeat=long_ago,
        body="Rescue teams searched 15 km (9 miles) of the Tessel river, officials said.",
    )
    live = ArticleFactory(status="processing", processing_token="live", processing_heartbeat=timezone.now())
    fresh = ArticleFactory(status="queued")
    Article.objects.filter(pk__in=[lost.pk, dead.pk]).update(updated_at=long_ago)

    out = StringIO()
    call_command("requeue_stuck_articles", "--minutes", "15", stdout=out)

    assert out.getvalue().strip() == f"2 article(s) queued again: {[lost.pk, dead.pk]}"
    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses[lost.pk] == statuses[dead.pk] == "done"
    assert statuses[live.pk] == "processing"  # another worker's live run is left alone
    assert statuses[fresh.pk] == "queued"  # only just uploaded: its message is presumably on its way
