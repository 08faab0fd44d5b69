"""Claim pages: the review page (verdict, evidence, its conflict screen), unpublishing and withdrawing.

The list is claims/views/lists.py; publishing (a preview, then confirmation) is claims/views/publish.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import access, selectors, services
from claims.forms import (
    AssignForm,
    EvidenceDecisionForm,
    ExternalEvidenceForm,
    PublishForm,
    ReasonForm,
    VerdictForm,
)
from claims.models import Claim, Evidence, RetiredClaim, ReviewState, Verdict


def _claim_for_page(request: HttpRequest, pk: int) -> Claim:
    claims = access.claims_for(request.user).select_related(
        "article__source", "article__same_origin_as", "assigned_to", "reviewed_by", "passage"
    )
    return get_object_or_404(claims.defer("article__original_bytes", "article__embedding"), pk=pk)


def _render_review(
    request: HttpRequest,
    claim: Claim,
    *,
    verdict_form: VerdictForm | None = None,
    external_form: ExternalEvidenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    evidence = list(
        claim.evidence.select_related("passage__article__source", "decided_by", "created_by")
        .defer(
            "passage__embedding",
            "passage__article__body",
            "passage__article__original_bytes",
            "passage__article__embedding",
        )
        .in_review_order()
    )
    events = list(claim.events.select_related("actor").order_by("created_at", "id"))
    can_review = access.can_review_claim(user, claim)
    editable = claim.review_state not in (ReviewState.PUBLISHED, ReviewState.WITHDRAWN)
    context = {
        "claim": claim,
        "article": claim.article,
        "evidence": evidence,
        "corroboration": selectors.claim_corroboration(claim=claim, evidence=evidence),
        "events": events,
        "can_review": can_review,
        "evidence_editable": can_review and editable,
        "can_publish": access.can_publish(user),
        "can_assign": access.can_assign(user),
        "verdict_form": verdict_form
        or VerdictForm(
            initial={"verdict": claim.verdict, "rationale": claim.rationale, "expected_version": claim.version}
        ),
        "external_form": external_form or ExternalEvidenceForm(),
        "assign_form": AssignForm(reviewers=access.reviewers(), initial={"assignee": claim.assigned_to_id})
        if access.can_assign(user)
        else None,
        "reason_form": ReasonForm(),
        "stances": Evidence.Stance.choices,
        "group_members": selectors.claim_group_members(user=user, claim=claim),
    }
    return render(request, "claims/review.html", context, status=status)


def _retired_redirect(request: HttpRequest, pk: int, *, unsaved: str = "") -> HttpResponse:
    """A claim re-analysis removed (its sentence is gone) leads to its article, with word of why; else 404."""
    retired = RetiredClaim.objects.filter(claim_id=pk).first()
    if retired is None or not access.articles_for(request.user).filter(pk=retired.article_id).exists():
        raise Http404("No claim matches the given query.")
    note = f" Your unsaved rationale was: “{unsaved}”" if unsaved else ""
    messages.warning(
        request,
        f"Claim {pk} (“{retired.text[:120]}”) is no longer in the article: re-analysis on "
        f"{retired.retired_at:%d %b %H:%M} no longer finds that sentence.{note}",
    )
    return redirect(reverse("articles:detail", args=[retired.article_id]))


@access.desk_required()
@require_GET
def claim_review(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = _claim_for_page(request, pk)
    except Http404:
        return _retired_redirect(request, pk)
    return _render_review(request, claim)


@access.desk_required(access.REVIEW)
@require_POST
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = _claim_for_page(request, pk)
    except Http404:
        return _retired_redirect(request, pk, unsaved=request.POST.get("rationale", "").strip()[:2000])
    access.require_claim_review(request.user, claim)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _render_review(request, claim, verdict_form=form, status=400)
    data = form.cleaned_data
    try:
        saved = services.claim_set_verdict(
            claim_id=claim.pk,
            verdict=data["verdict"],
            rationale=data["rationale"],
            reviewer=access.acting_user(request),
            expected_version=data["expected_version"],
        )
    except services.StaleClaimError:
        return _render_conflict(request, claim.pk, mine=data)
    except services.ReviewError as exc:
        form.add_error(None, str(exc))
        return _render_review(request, claim, verdict_form=form, status=400)
    messages.success(request, f"Verdict saved: {saved.get_verdict_display()} (version {saved.version}).")
    if request.POST.get("then") == "next":
        return redirect(f"{reverse('claims:next')}?after={saved.pk}")
    return redirect(saved.get_absolute_url())


def _render_conflict(request: HttpRequest, claim_id: int, *, mine: dict[str, Any]) -> HttpResponse:
    current = _claim_for_page(request, claim_id)
    last_change = current.events.select_related("actor").order_by("-created_at", "-id").first()
    reapply = VerdictForm(
        initial={"verdict": mine["verdict"], "rationale": mine["rationale"], "expected_version": current.version}
    )
    context = {
        "claim": current,
        "article": current.article,
        "mine": {
            "verdict": mine["verdict"],
            "verdict_display": Verdict(mine["verdict"]).label,
            "rationale": mine["rationale"],
            "version": mine["expected_version"],
        },
        "last_change": last_change,
        "reapply_form": reapply,
    }
    return render(request, "claims/conflict.html", context, status=409)


@access.desk_required(access.REVIEW)
@require_POST
def evidence_decide(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = _claim_for_page(request, pk)
    access.require_claim_review(request.user, claim)
    evidence = get_object_or_404(Evidence.objects.only("pk", "claim_id"), pk=evidence_pk, claim=claim)
    form = EvidenceDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose accept or reject, and a valid stance.")
    else:
        try:
            services.evidence_decide(
                evidence_id=evidence.pk,
                accept=form.cleaned_data["decision"] == "accept",
                stance=form.cleaned_data["stance"] or None,
                actor=access.acting_user(request),
            )
        except services.ReviewError as exc:
            messages.error(request, str(exc))
        else:
            verb = "accepted" if form.cleaned_data["decision"] == "accept" else "rejected"
            messages.success(request, f"Evidence {verb}.")
    return redirect(f"{claim.get_absolute_url()}#evidence-{evidence.pk}")


@access.desk_required(access.REVIEW)
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_for_page(request, pk)
    access.require_claim_review(request.user, claim)
    form = ExternalEvidenceForm(request.POST)
    if not form.is_valid():
        return _render_review(request, claim, external_form=form, status=400)
    try:
        services.evidence_add_external(
            claim_id=claim.pk,
            url=form.cleaned_data["url"],
            excerpt=form.cleaned_data["excerpt"],
            stance=form.cleaned_data["stance"],
            note=form.cleaned_data["note"],
            actor=access.acting_user(request),
        )
    except services.ReviewError as exc:
        form.add_error(None, str(exc))
        return _render_review(request, claim, external_form=form, status=400)
    messages.success(request, "External evidence added.")
    return redirect(f"{claim.get_absolute_url()}#evidence")


def _reason_action(request: HttpRequest, pk: int, *, withdraw: bool) -> HttpResponse:
    claim = get_object_or_404(access.claims_for(request.user).only("pk"), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason: partners and the audit trail need it.")
        return redirect(claim.get_absolute_url())
    action = services.claim_withdraw if withdraw else services.claim_unpublish
    try:
        action(claim_id=claim.pk, actor=access.acting_user(request), reason=form.cleaned_data["reason"])
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Verdict withdrawn; its history is kept." if withdraw else "Verdict unpublished and back on the desk.",
        )
    return redirect(claim.get_absolute_url())


@access.desk_required(access.PUBLISH)
@require_POST
def claim_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(request, pk, withdraw=False)


@access.desk_required(access.PUBLISH)
@require_POST
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(request, pk, withdraw=True)


@access.desk_required(access.PUBLISH)
@require_POST
def claim_group_split(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(access.claims_for(request.user).only("pk"), pk=pk)
    form = PublishForm(request.POST)
    expected = form.cleaned_data.get("expected_version") if form.is_valid() else None
    try:
        services.claim_group_split(claim_id=claim.pk, actor=access.acting_user(request), expected_version=expected)
    except services.StaleClaimError:
        messages.error(request, "The claim changed since you loaded it; look again before splitting it out.")
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Split out of the group: this claim is now reviewed on its own.")
    return redirect(claim.get_absolute_url())


@access.desk_required(access.ASSIGN)
@require_POST
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(access.claims_for(request.user).only("pk"), pk=pk)
    form = AssignForm(request.POST, reviewers=access.reviewers())
    if not form.is_valid():
        messages.error(request, "Choose a reviewer from the list.")
    else:
        assignee = form.cleaned_data["assignee"]
        services.claims_assign(claim_ids=[claim.pk], assignee=assignee, actor=access.acting_user(request))
        messages.success(request, f"Assigned to {assignee.get_username() if assignee else 'the shared queue'}.")
    return redirect(claim.get_absolute_url())


@access.desk_required()
@require_GET
def claim_next(request: HttpRequest) -> HttpResponse:
    """The next claim to work on after `?after=<id>`: my queue first, then unassigned, by check-worthiness."""
    after = request.GET.get("after", "")
    candidate = selectors.claim_next(user=access.acting_user(request), after_id=int(after) if after.isdigit() else None)
    if candidate is None:
        messages.info(request, "Nothing left in your queue. Well done.")
        return redirect("claims:dashboard")
    return redirect(candidate.get_absolute_url())
