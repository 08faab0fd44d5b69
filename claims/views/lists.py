"""The claims list (the desk's queue, filterable) and its exports: one filter reading for the page and the download."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from claims import access, selectors
from claims.exports import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    EVIDENCE_COLUMNS,
    articles_for_export,
    claims_for_export,
    evidence_for_export,
)
from claims.forms import AssignForm, ClaimQueueForm, SearchForm
from claims.models import ClaimQuerySet, Evidence
from factcheck.exports import export_response

PAGE_SIZE = 50
EXPORT_FORMATS = ("csv", "json")


def filtered_claims(request: HttpRequest) -> tuple[ClaimQueueForm, ClaimQuerySet]:
    """The claims list's filters read from the query string, and the claims they select (the page's order)."""
    form = ClaimQueueForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    claims = selectors.claim_list(
        user=access.acting_user(request),
        mine=bool(filters.get("mine")),
        state=filters.get("state", ""),
        verdict=filters.get("verdict", ""),
    )
    return form, claims


@access.desk_required()
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    form, claims = filtered_claims(request)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    user = request.user
    return render(
        request,
        "claims/list.html",
        {
            "page": page,
            "form": form if request.GET else ClaimQueueForm(),
            "query": query.urlencode(),
            "assign_form": AssignForm(reviewers=access.reviewers()) if access.can_assign(user) else None,
            "can_publish": access.can_publish(user),
            "bulk": access.can_assign(user) or access.can_publish(user),
        },
    )


def _bad_filter(form: ClaimQueueForm | SearchForm) -> HttpResponse:
    problems = "; ".join(f"{field}: {' '.join(str(e) for e in errors)}" for field, errors in form.errors.items())
    return HttpResponseBadRequest(f"Nothing exported: the filter is not valid ({problems}).", content_type="text/plain")


@access.desk_required()
@require_GET
def claim_list_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Every claim the list's filters select (all pages), as CSV or JSON."""
    form, claims = filtered_claims(request)
    if form.is_bound and not form.is_valid():
        return _bad_filter(form)
    return export_response(name="claims", fmt=fmt, columns=CLAIM_COLUMNS, rows=claims_for_export(claims))


@access.desk_required()
@require_GET
def claim_evidence_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """A claim's evidence list, in the review page's order, with the text of each passage or excerpt."""
    claim = get_object_or_404(access.claims_for(request.user).only("pk"), pk=pk)
    rows = evidence_for_export(Evidence.objects.filter(claim=claim).in_review_order())
    return export_response(name=f"claim-{claim.pk}-evidence", fmt=fmt, columns=EVIDENCE_COLUMNS, rows=rows)


@access.desk_required()
@require_GET
def search_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Everything a search finds (not only the page's first results): its claims, or with `kind=articles` its articles.

    Takes the search page's query string as it is, read by the same form and selector.
    """
    form = SearchForm(request.GET, sources=access.sources_for(request.user))
    if not form.is_valid():
        return _bad_filter(form)
    articles, claims = selectors.desk_search_querysets(user=request.user, **form.cleaned_data)
    if request.GET.get("kind") == "articles":
        rows = articles_for_export(articles)
        return export_response(name="search-articles", fmt=fmt, columns=ARTICLE_COLUMNS, rows=rows)
    return export_response(name="search-claims", fmt=fmt, columns=CLAIM_COLUMNS, rows=claims_for_export(claims))
