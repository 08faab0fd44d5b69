"""Pages for articles: the list, the upload form, one article with its claims, and its live status."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.forms import UploadForm
from articles.models import Article
from articles.selectors import same_origin_group
from articles.services import ArticleStateError, DuplicateArticleError, IngestError, article_ingest, article_reprocess
from claims import access, selectors, services
from claims.forms import AssignForm, ClaimFilterForm
from claims.models import ReviewState
from claims.views import bulk

QUEUE_SIZE = 12


def queue_context(user: Any) -> dict[str, Any]:
    """The dashboard's article queue: everything still being analysed, then the latest finished ones."""
    queue = selectors.article_queue(user=user, size=QUEUE_SIZE)
    return {"queue": queue.articles, "queue_active": queue.active}


@access.desk_required()
@require_GET
def article_queue(request: HttpRequest) -> HttpResponse:
    """The queue table alone, polled by the dashboard every two seconds while anything is in progress."""
    return render(request, "articles/_queue.html", queue_context(request.user))


@access.desk_required()
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    articles = selectors.article_list(user=request.user, status=status)
    page = Paginator(articles, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/list.html",
        {"page": page, "status": status, "statuses": Article.Status.choices},
    )


def _upload_one(
    request: HttpRequest, form: UploadForm, *, upload: UploadedFile | None, text: str | None
) -> dict[str, Any]:
    name = (upload.name or "upload") if upload is not None else "Pasted text"
    result: dict[str, Any] = {"name": name, "ok": False}
    try:
        article = article_ingest(
            source=form.source(),
            filename=(upload.name or "") if upload is not None else "",
            data=upload.read() if upload is not None else None,
            text=text,
            title=form.cleaned_data.get("title", ""),
            byline=form.cleaned_data.get("byline", ""),
            dateline=form.cleaned_data.get("dateline", ""),
            url=form.cleaned_data.get("url", ""),
            published_on=form.cleaned_data.get("published_on"),
            uploaded_by=access.acting_user(request),
        )
    except DuplicateArticleError as exc:
        result.update(
            error=str(exc),
            code=exc.code,
            existing_url=exc.existing.get_absolute_url(),
            existing_title=exc.existing.title,
        )
        return result
    except IngestError as exc:
        result.update(error=str(exc), code=exc.code)
        return result
    # The analysis runs on a worker: the page follows it through the status URL (static/js/upload-progress.js).
    article.refresh_from_db(fields=["status", "stage", "progress"])
    result.update(
        ok=True,
        id=article.pk,
        title=article.title,
        url=article.get_absolute_url(),
        status=article.get_status_display(),
        status_code=article.status,
        stage=article.get_stage_display(),
        progress=article.progress,
        status_url=reverse("articles:status", args=[article.pk]),
    )
    return result


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@access.desk_required(access.UPLOAD)
@require_http_methods(["GET", "POST"])
def article_upload(request: HttpRequest) -> HttpResponse:
    sources = access.sources_for(request.user)
    if request.method != "POST":
        return render(request, "articles/upload.html", {"form": UploadForm(sources=sources)})
    form = UploadForm(request.POST, request.FILES, sources=sources)
    if not form.is_valid():
        if _wants_json(request):
            errors = [str(e) for e in form.non_field_errors()] + [
                f"{form.fields[f].label}: {' '.join(str(e) for e in errs)}"
                for f, errs in form.errors.items()
                if f != "__all__"
            ]
            return JsonResponse({"results": [{"name": "Form", "ok": False, "error": " ".join(errors)}]}, status=400)
        return render(request, "articles/upload.html", {"form": form}, status=400)
    results = [_upload_one(request, form, upload=f, text=None) for f in form.cleaned_data["uploads"]]
    text = form.cleaned_data["text"].strip()
    if text:
        results.append(_upload_one(request, form, upload=None, text=text))
    all_ok = all(r["ok"] for r in results)
    if _wants_json(request):
        status = 201 if all_ok else 409 if any(r.get("code") == "duplicate" for r in results) else 400
        return JsonResponse({"results": results}, status=status)
    return render(
        request,
        "articles/upload.html",
        {"form": UploadForm(sources=sources), "results": results},
        status=200 if all_ok else 400,
    )


@access.desk_required()
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        access.articles_for(request.user).defer("embedding").select_related("same_origin_as", "uploaded_by"), pk=pk
    )
    all_claims = selectors.article_claims(user=request.user, article=article)
    filters = ClaimFilterForm(request.GET or None)
    panel = all_claims
    if filters.is_valid():
        data = filters.cleaned_data
        if data["state"]:
            panel = [c for c in panel if c.review_state == data["state"]]
        if data["min_score"] is not None:
            panel = [c for c in panel if c.score >= data["min_score"]]
        if data["type"]:
            panel = [c for c in panel if c.claim_type == data["type"]]
    context = {
        "article": article,
        "claims": all_claims,
        "panel": panel,
        "filters": filters if request.GET else ClaimFilterForm(),
        "group": same_origin_group(article=article),
        "corroboration": selectors.article_corroboration(article=article),
        "reviewed_count": sum(1 for c in all_claims if c.review_state == ReviewState.REVIEWED),
        "assign_form": AssignForm(reviewers=access.reviewers()) if access.can_assign(request.user) else None,
    }
    return render(request, "articles/detail.html", context)


@access.desk_required()
@require_GET
def article_status(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(access.articles_for(request.user).defer("body", "embedding"), pk=pk)
    if _wants_json(request):
        return JsonResponse(
            {
                "status": article.status,
                "status_display": article.get_status_display(),
                "stage": article.get_stage_display(),
                "progress": article.progress,
                "error": article.error_message,
                "finished": article.is_finished,
                "claims": article.claims.count() if article.is_finished else None,
            }
        )
    return render(request, "articles/_status.html", {"article": article})


def _article_or_404(request: HttpRequest, pk: int) -> Article:
    return get_object_or_404(access.articles_for(request.user).defer("body", "embedding"), pk=pk)


@access.desk_required(access.REPROCESS)
@require_POST
def article_reprocess_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    try:
        article_reprocess(article_id=article.pk)
    except ArticleStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The article was queued for a fresh analysis; reviewed claims are kept.")
    return redirect(article.get_absolute_url())


@access.desk_required(access.ASSIGN)
@require_POST
def article_assign(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    form = AssignForm(request.POST, reviewers=access.reviewers())
    if not form.is_valid():
        messages.error(request, "Choose a reviewer from the list.")
        return redirect(article.get_absolute_url())
    assignee = form.cleaned_data["assignee"]
    changed = services.article_claims_assign(
        article_id=article.pk, assignee=assignee, actor=access.acting_user(request)
    )
    who = assignee.get_username() if assignee else "the shared queue"
    messages.success(request, f"{changed} unreviewed claim(s) assigned to {who}.")
    return redirect(article.get_absolute_url())


@access.desk_required(access.PUBLISH)
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The article's reviewed verdicts, each as it will go public, to confirm before anything is published."""
    article = _article_or_404(request, pk)
    reviewed = access.claims_for(request.user).filter(article=article, review_state=ReviewState.REVIEWED)
    versions = dict(reviewed.values_list("pk", "version"))
    if not versions:
        messages.info(request, "This article has no reviewed verdict waiting for publication.")
        return redirect(reverse("articles:detail", args=[article.pk]))
    return bulk.publish_confirmation(request, versions)
