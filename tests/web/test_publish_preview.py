"""Publishing shows exactly what goes public first, and publishes only the version that was previewed."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from claims import services
from claims.api.claimreview import claim_review
from claims.models import Claim, ReviewEvent, ReviewState
from tests.web.conftest import Desk


def preview_json_ld(html: str) -> dict:
    start = html.index('data-testid="jsonld">') + len('data-testid="jsonld">')
    raw = html[start : html.index("</pre>", start)]
    return json.loads(raw.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&"))


def test_the_preview_shows_the_public_page_and_the_json_ld_and_publishes_nothing(desk: Desk, editor_client: Client):
    claim = desk.reviewed_claim
    response = editor_client.get(reverse("claims:publish", args=[claim.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="fact-check"' in html and "Confirmed by the council." in html
    assert f'name="expected_version" value="{claim.version}"' in html
    document = preview_json_ld(html)
    expected = claim_review(Claim.objects.get(pk=claim.pk), published_at=None)
    assert {k: v for k, v in document.items() if k != "datePublished"} == expected
    assert document["url"].endswith(f"/fact-checks/{claim.pk}/")
    assert Claim.objects.get(pk=claim.pk).review_state == ReviewState.REVIEWED
    assert not ReviewEvent.objects.filter(claim=claim, action=ReviewEvent.Action.PUBLISHED).exists()


def test_confirming_publishes_the_previewed_version_and_the_public_page_appears(desk: Desk, editor_client: Client):
    claim = desk.reviewed_claim
    assert Client().get(f"/fact-checks/{claim.pk}/").status_code == 404
    response = editor_client.post(
        reverse("claims:publish", args=[claim.pk]), {"expected_version": claim.version}, follow=True
    )
    assert "Verdict published" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).review_state == ReviewState.PUBLISHED
    assert Client().get(f"/fact-checks/{claim.pk}/").status_code == 200


def test_a_claim_changed_since_the_preview_is_not_published(desk: Desk, editor_client: Client, reviewer_user):
    claim = desk.reviewed_claim
    previewed = claim.version
    services.claim_set_verdict(
        claim_id=claim.pk,
        verdict="disputed",
        rationale="The council corrected itself.",
        reviewer=reviewer_user,
        expected_version=previewed,
    )
    response = editor_client.post(reverse("claims:publish", args=[claim.pk]), {"expected_version": previewed})
    assert response.status_code == 409
    html = response.content.decode()
    assert f"changed since you previewed version {previewed}" in html
    # The preview is shown again, current: the new verdict and its version.
    assert "The council corrected itself." in html
    assert f'name="expected_version" value="{previewed + 1}"' in html
    assert Claim.objects.get(pk=claim.pk).review_state == ReviewState.REVIEWED


def test_a_publish_without_the_previewed_version_goes_to_the_preview(desk: Desk, editor_client: Client):
    claim = desk.reviewed_claim
    response = editor_client.post(reverse("claims:publish", args=[claim.pk]), {})
    assert response.status_code == 302 and response["Location"] == reverse("claims:publish", args=[claim.pk])
    assert Claim.objects.get(pk=claim.pk).review_state == ReviewState.REVIEWED


def test_an_unreviewed_claim_has_no_preview(desk: Desk, editor_client: Client):
    response = editor_client.get(reverse("claims:publish", args=[desk.claim.pk]), follow=True)
    assert "Only a reviewed claim can be published" in response.content.decode()


def test_the_review_page_links_to_the_preview(desk: Desk, editor_client: Client):
    html = editor_client.get(reverse("claims:review", args=[desk.reviewed_claim.pk])).content.decode()
    assert f'href="{reverse("claims:publish", args=[desk.reviewed_claim.pk])}"' in html


def test_the_preview_names_the_group_members_published_with_it(desk: Desk, editor_client: Client):
    from claims.models import ClaimGroup
    from tests.factories import ClaimFactory

    group = ClaimGroup.objects.create()
    claim = desk.reviewed_claim
    other = ClaimFactory(
        article=desk.other_article, review_state="reviewed", verdict=claim.verdict, rationale=claim.rationale
    )
    Claim.objects.filter(pk__in=[claim.pk, other.pk]).update(group=group)
    html = editor_client.get(reverse("claims:publish", args=[claim.pk])).content.decode()
    assert 'data-testid="also-published"' in html and "CPTV News" in html and "It is published with it" in html
