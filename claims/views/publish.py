"""Publishing a verdict: a preview of exactly what goes public, then publication on confirmation.

GET shows the public page as it will read and the ClaimReview JSON-LD partners will receive; its form POSTs the
version that was previewed. A claim changed in between is not published: the preview is shown again, current, with
a message saying so.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from claims import access, services
from claims.api.claimreview import review_url
from claims.forms import PublishForm
from claims.models import Claim, ReviewState
from claims.views.public import fact_check_context


def _claim(request: HttpRequest, pk: int) -> Claim:
    claims = access.claims_for(request.user).select_related("article__source")
    return get_object_or_404(claims.defer("article__original_bytes", "article__embedding"), pk=pk)


def _preview(request: HttpRequest, claim: Claim, *, status: int = 200) -> HttpResponse:
    context = fact_check_context(claim, published_at=timezone.now())
    # Publishing a member of a group publishes the members that carry the same verdict (claims.services).
    also = (
        list(
            access.claims_for(request.user)
            .filter(group_id=claim.group_id, review_state=ReviewState.REVIEWED, verdict=claim.verdict)
            .exclude(pk=claim.pk)
            .select_related("article__source")
            .only("pk", "article__title", "article__source__name")
        )
        if claim.group_id
        else []
    )
    context |= {"desk_claim": claim, "public_url": review_url(claim), "version": claim.version, "also": also}
    return render(request, "claims/publish_preview.html", context, status=status)


@access.desk_required(access.PUBLISH)
@require_http_methods(["GET", "HEAD", "POST"])
def claim_publish(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    if request.method == "POST":
        return _confirm(request, claim)
    if claim.review_state == ReviewState.PUBLISHED:
        messages.info(request, "This verdict is already published.")
        return redirect(claim.get_absolute_url())
    if claim.review_state != ReviewState.REVIEWED:
        messages.error(request, "Only a reviewed claim can be published; set a verdict first.")
        return redirect(claim.get_absolute_url())
    return _preview(request, claim)


def _confirm(request: HttpRequest, claim: Claim) -> HttpResponse:
    form = PublishForm(request.POST)
    expected = form.cleaned_data.get("expected_version") if form.is_valid() else None
    if expected is None:
        # Publication needs the preview's version: nothing goes public that nobody has looked at.
        messages.info(request, "Check what will go public, then confirm.")
        return redirect(reverse("claims:publish", args=[claim.pk]))
    try:
        services.claim_publish(claim_id=claim.pk, editor=access.acting_user(request), expected_version=expected)
    except services.StaleClaimError:
        current = _claim(request, claim.pk)
        if current.review_state != ReviewState.REVIEWED:
            messages.error(
                request,
                f"Not published: the claim changed since you previewed it (now "
                f"{current.get_review_state_display().lower()}, version {current.version}).",
            )
            return redirect(current.get_absolute_url())
        messages.error(
            request,
            f"Not published: the claim changed since you previewed version {expected}. This is version "
            f"{current.version}; check it again before publishing.",
        )
        return _preview(request, current, status=409)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect(claim.get_absolute_url())
    messages.success(
        request,
        format_html(
            'Verdict published: partners can now see it, and readers at <a href="{}">{}</a>.',
            reverse("claims:fact_check", args=[claim.pk]),
            review_url(claim),
        ),
    )
    return redirect(claim.get_absolute_url())
