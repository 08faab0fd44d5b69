"""The same claim reported by several articles is one group with one review; editors can split a wrong grouping."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from articles.services import SourceInput, article_ingest
from claims import selectors, services
from claims.models import Claim, ClaimGroup, ReviewEvent
from claims.pipeline import same_figures, same_speaker
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, editor, reviewer

SOLDIERS = "At least 250 soldiers crossed the border at dawn, the defence ministry said."


_REPORTS = itertools.count()


def grouped(count: int = 3) -> list[Claim]:
    group = ClaimGroup.objects.create()
    claims = []
    for _ in range(count):
        n = next(_REPORTS)
        article = ArticleFactory(
            source=SourceFactory(domain=f"outlet{n}.example", name=f"Outlet {n}"), body=f"{SOLDIERS} Report {n}."
        )
        claims.append(ClaimFactory(article=article, group=group))
    return claims


def fresh(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


# --- the grouping signal ----------------------------------------------------------------------------------------


def test_the_same_figures_in_other_words_are_the_same_claim_and_other_figures_are_not():
    assert same_figures(SOLDIERS, "The defence ministry said 250 soldiers had crossed the border early on Monday.")
    assert not same_figures(SOLDIERS, "At least 205 soldiers crossed the border at dawn, the defence ministry said.")
    assert not same_figures(SOLDIERS, "Troops crossed the border at dawn, the defence ministry said.")
    # Without figures only a near-verbatim copy counts.
    assert same_figures("The army retook the airport, officials said.", "The army retook the airport, officials said")
    assert not same_figures("The army retook the airport, officials said.", "The army lost the airport, rebels said.")


def test_the_same_figure_from_two_different_speakers_is_two_claims():
    assert same_speaker("Saal", "CEMA director Henrik Saal")
    assert same_speaker("", "Henrik Saal")  # an unattributed report can repeat anyone's figure
    assert not same_speaker("T. Okafor", "Henrik Saal")


# --- one review for the group -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_verdict_on_one_member_applies_to_every_member_each_with_its_own_history():
    first, second, third = grouped()
    person = reviewer()
    saved = services.claim_set_verdict(
        claim_id=second.pk,
        verdict="disputed",
        rationale="The ministry later said 120.",
        reviewer=person,
        expected_version=1,
    )
    assert (saved.verdict, saved.version) == ("disputed", 2)
    for member in (first, second, third):
        after = fresh(member)
        assert (after.review_state, after.verdict, after.rationale, after.version) == (
            "reviewed",
            "disputed",
            "The ministry later said 120.",
            2,
        )
        event = ReviewEvent.objects.get(claim=member)
        assert (event.action, event.actor, event.to_verdict, event.claim_version) == (
            "verdict_set",
            person,
            "disputed",
            2,
        )
        assert event.details.get("via_claim_id") == (None if member == second else second.pk)


@pytest.mark.django_db
def test_publishing_withdrawing_and_unpublishing_one_member_does_it_for_the_group():
    first, second, third = grouped()
    services.claim_set_verdict(
        claim_id=first.pk,
        verdict="supported",
        rationale="Satellite images agree.",
        reviewer=reviewer(),
        expected_version=1,
    )
    boss = editor()
    services.claim_publish(claim_id=third.pk, editor=boss, expected_version=2)
    assert {fresh(c).review_state for c in (first, second, third)} == {"published"}
    services.claim_unpublish(claim_id=first.pk, actor=boss, reason="Checking a new figure.")
    assert {fresh(c).review_state for c in (first, second, third)} == {"reviewed"}
    services.claim_publish(claim_id=first.pk, editor=boss)
    services.claim_withdraw(claim_id=second.pk, actor=boss, reason="The ministry retracted it.")
    assert {fresh(c).review_state for c in (first, second, third)} == {"withdrawn"}
    actions = list(ReviewEvent.objects.filter(claim=third).order_by("pk").values_list("action", flat=True))
    assert actions == ["verdict_set", "published", "unpublished", "published", "withdrawn"]


@pytest.mark.django_db
def test_a_stale_form_on_one_member_changes_no_member():
    first, second, _ = grouped()
    services.claim_set_verdict(
        claim_id=first.pk, verdict="supported", rationale="Confirmed.", reviewer=reviewer(), expected_version=1
    )
    with pytest.raises(services.StaleClaimError):
        services.claim_set_verdict(
            claim_id=second.pk, verdict="disputed", rationale="Old form.", reviewer=reviewer(), expected_version=1
        )
    assert {c.verdict for c in Claim.objects.all()} == {"supported"}


@pytest.mark.django_db
def test_an_editor_splits_a_wrongly_grouped_claim_which_then_keeps_its_own_review():
    first, second, third = grouped()
    boss = editor()
    services.claim_group_split(claim_id=third.pk, actor=boss, expected_version=1)
    split = fresh(third)
    assert (split.group_id, split.split_from_group, split.version) == (None, True, 2)
    event = ReviewEvent.objects.get(claim=third)
    assert (event.action, event.actor, event.details["other_claim_ids"]) == ("group_split", boss, [first.pk, second.pk])

    services.claim_set_verdict(
        claim_id=first.pk, verdict="supported", rationale="Confirmed.", reviewer=reviewer(), expected_version=1
    )
    assert fresh(second).verdict == "supported" and fresh(third).verdict == ""
    # The analysis never puts a split claim back.
    assert services.claim_group_join(claim_id=third.pk, same_as_ids=[first.pk]) is None
    # Splitting the second-last member leaves no group of one behind.
    services.claim_group_split(claim_id=second.pk, actor=boss)
    assert fresh(first).group_id is None and not ClaimGroup.objects.exists()
    with pytest.raises(services.ReviewError, match="not grouped"):
        services.claim_group_split(claim_id=first.pk, actor=boss)


@pytest.mark.django_db
def test_a_claim_joining_a_reviewed_group_takes_its_verdict_but_is_not_published_by_it():
    first, second = grouped(2)
    services.claim_set_verdict(
        claim_id=first.pk, verdict="supported", rationale="Confirmed.", reviewer=reviewer(), expected_version=1
    )
    services.claim_publish(claim_id=first.pk, editor=editor())
    newcomer = ClaimFactory(article=ArticleFactory(body=f"{SOLDIERS} A later report."))
    group_id = services.claim_group_join(claim_id=newcomer.pk, same_as_ids=[first.pk])
    assert group_id == first.group_id
    joined = fresh(newcomer)
    assert (joined.group_id, joined.review_state, joined.verdict, joined.rationale) == (
        group_id,
        "reviewed",
        "supported",
        "Confirmed.",
    )
    event = ReviewEvent.objects.get(claim=newcomer)
    assert (event.action, event.actor, event.note) == ("verdict_set", None, "Confirmed.")
    assert event.details["via_claim_id"] in {first.pk, second.pk}
    # Running the grouping again changes nothing.
    assert services.claim_group_join(claim_id=newcomer.pk, same_as_ids=[first.pk]) == group_id
    assert ReviewEvent.objects.filter(claim=newcomer).count() == 1


@pytest.mark.django_db
def test_claims_with_different_verdicts_or_in_two_groups_are_never_merged():
    one = grouped(2)
    two = grouped(2)
    newcomer = ClaimFactory(article=ArticleFactory(body=f"{SOLDIERS} A later report."))
    assert services.claim_group_join(claim_id=newcomer.pk, same_as_ids=[one[0].pk, two[0].pk]) is None
    supported, disputed = ClaimFactory(), ClaimFactory()
    for claim, verdict in ((supported, "supported"), (disputed, "disputed")):
        services.claim_set_verdict(
            claim_id=claim.pk, verdict=verdict, rationale="Checked.", reviewer=reviewer(), expected_version=1
        )
    assert services.claim_group_join(claim_id=newcomer.pk, same_as_ids=[supported.pk, disputed.pk]) is None
    assert fresh(newcomer).group_id is None and fresh(supported).group_id is None


# --- the desk's pages -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_review_page_lists_the_other_reports_and_an_editor_can_split_one_out(client):
    first, second, third = grouped()
    boss = editor()
    client.force_login(boss)
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Also reported by" in page
    for member in (second, third):
        assert member.article.source.name in page
        assert member.get_absolute_url() in page and member.article.get_absolute_url() in page
    response = client.post(reverse("claims:group_split", args=[third.pk]), {"expected_version": 1}, follow=True)
    assert "Split out of the group" in response.content.decode()
    assert fresh(third).group_id is None
    client.force_login(reviewer())
    page = client.get(first.get_absolute_url()).content.decode()
    assert third.article.source.name not in page and 'id="group-split"' not in page  # reviewers cannot split
    assert client.post(reverse("claims:group_split", args=[second.pk])).status_code == 403


@pytest.mark.django_db
def test_the_queue_brings_a_group_up_once_and_the_list_shows_its_size(client):
    members = grouped()
    alone = ClaimFactory(score=0.5)
    person = reviewer()
    queue = selectors.my_queue(user=person, limit=10)
    assert [c.pk for c in queue] == [members[0].pk, alone.pk]
    listed = {c.pk: c.group_size for c in selectors.claim_list(user=person)}
    assert listed == {members[0].pk: 3, members[1].pk: 3, members[2].pk: 3, alone.pk: 1}
    client.force_login(person)
    page = client.get(reverse("claims:list")).content.decode()
    assert page.count('data-testid="group-size"') == 3


# --- grouping during analysis -----------------------------------------------------------------------------------


def story(lead: str, other: str) -> str:
    return f"Border report\n\n{lead} {other}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_analysis_groups_the_same_claim_across_outlets_and_nothing_else():
    reports = {
        "wire.example": story(
            SOLDIERS, "Residents of the border town of Kessa said they heard shelling for three hours."
        ),
        "daily.example": story(SOLDIERS, "The ministry said 40 tanks were moved to the northern front on Sunday."),
        "radio.example": story(
            "At least 205 soldiers crossed the border at dawn, the defence ministry said.",
            "Schools in the capital will stay closed until 12 May, the education minister said.",
        ),
    }
    articles = {}
    for domain, text in reports.items():
        article = article_ingest(source=SourceInput(name=domain, domain=domain), text=text)
        article.refresh_from_db()
        assert article.status == "done", article.error_message
        articles[domain] = article
    wire = Claim.objects.get(article=articles["wire.example"], text=SOLDIERS)
    daily = Claim.objects.get(article=articles["daily.example"], text=SOLDIERS)
    assert wire.group_id is not None and wire.group_id == daily.group_id
    # A different figure, and every other claim, stays on its own.
    assert Claim.objects.filter(group__isnull=False).count() == 2
    assert ClaimGroup.objects.count() == 1
