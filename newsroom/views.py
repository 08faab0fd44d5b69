"""Notes on a claim (a panel the claim page loads, and a page of its own) and each person's notifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import access
from claims.models import Claim
from newsroom import selectors, services
from newsroom.forms import NoteEditForm, NoteForm, PreferenceForm
from newsroom.models import Note, Notification


def _is_partial(request: HttpRequest) -> bool:
    # The claim page's script asks for the panel alone; without JavaScript people get whole pages.
    return request.GET.get("partial") == "1" or request.POST.get("partial") == "1"


def _claim(request: HttpRequest, pk: int) -> Claim:
    return get_object_or_404(access.claims_for(request.user).only("pk", "text", "article_id"), pk=pk)


def _render_notes(
    request: HttpRequest, claim: Claim, *, form: NoteForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "claim": claim,
        "notes": selectors.claim_notes(claim.pk),
        "form": form or NoteForm(),
        "partial": _is_partial(request),
    }
    template = "newsroom/_notes.html" if _is_partial(request) else "newsroom/notes.html"
    return render(request, template, context, status=status)


@access.desk_required()
@require_http_methods(["GET", "POST"])
def claim_notes(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    if request.method == "GET":
        return _render_notes(request, claim)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_notes(request, claim, form=form, status=400)
    try:
        services.note_create(claim_id=claim.pk, author=access.acting_user(request), body=form.cleaned_data["body"])
    except services.NoteError as exc:
        form.add_error("body", str(exc))
        return _render_notes(request, claim, form=form, status=400)
    if _is_partial(request):
        return _render_notes(request, claim, status=201)
    messages.success(request, "Note added.")
    return redirect(reverse("newsroom:claim_notes", args=[claim.pk]) + "#notes")


def _own_note(request: HttpRequest, pk: int) -> Note:
    note = get_object_or_404(Note.objects.filter(claim__in=access.claims_for(request.user)), pk=pk)
    if note.author_id != request.user.pk:
        raise PermissionDenied
    return note


def _back_to(request: HttpRequest, note: Note) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("newsroom:claim_notes", args=[note.claim_id]) + "#notes"


@access.desk_required()
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _own_note(request, pk)
    if note.deleted_at is not None:
        messages.error(request, "This note was deleted.")
        return redirect(_back_to(request, note))
    if request.method == "GET":
        form = NoteEditForm(initial={"body": note.body, "expected_version": note.version})
    else:
        form = NoteEditForm(request.POST)
        if form.is_valid():
            try:
                services.note_edit(
                    note_id=note.pk,
                    editor=access.acting_user(request),
                    body=form.cleaned_data["body"],
                    expected_version=form.cleaned_data["expected_version"],
                )
            except services.NoteError as exc:
                form.add_error("body", str(exc))
            else:
                messages.success(request, "Note saved.")
                return redirect(_back_to(request, note))
    status = 400 if form.errors else 200
    return render(
        request, "newsroom/note_edit.html", {"note": note, "form": form, "next": _back_to(request, note)}, status=status
    )


@access.desk_required()
@require_POST
def note_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = _own_note(request, pk)
    try:
        services.note_delete(note_id=note.pk, actor=access.acting_user(request))
    except services.NoteError as exc:
        messages.error(request, str(exc))
    if _is_partial(request):
        return _render_notes(request, _claim(request, note.claim_id))
    messages.success(request, "Note deleted.")
    return redirect(_back_to(request, note))


@access.desk_required()
@require_GET
def mention_suggestions(request: HttpRequest) -> JsonResponse:
    prefix = request.GET.get("q", "")[:150]
    return JsonResponse({"usernames": selectors.mention_candidates(prefix) if prefix else []})


@access.desk_required()
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    user = access.acting_user(request)
    page = Paginator(selectors.inbox(user.pk), 50).get_page(request.GET.get("page"))
    pref = PreferenceForm(initial={"email_enabled": selectors.wants_email(user.pk)})
    return render(request, "newsroom/notifications.html", {"page": page, "pref_form": pref})


@access.desk_required()
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of my notifications read and go to its claim."""
    user = access.acting_user(request)
    notification = get_object_or_404(Notification.objects.for_recipient(user.pk).select_related("claim"), pk=pk)
    services.notification_mark_read(notification_id=notification.pk, user=user)
    anchor = "#notes" if notification.kind == Notification.Kind.MENTION else ""
    return redirect(notification.claim.get_absolute_url() + anchor)


@access.desk_required()
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    user = access.acting_user(request)
    notification = get_object_or_404(Notification.objects.for_recipient(user.pk), pk=pk)
    services.notification_mark_read(notification_id=notification.pk, user=user)
    return redirect("newsroom:notifications")


@access.desk_required()
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=access.acting_user(request))
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("newsroom:notifications")


@access.desk_required()
@require_POST
def notification_preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    form.is_valid()  # a checkbox: absent means off, anything else on
    enabled = bool(form.cleaned_data.get("email_enabled"))
    services.notification_preference_set(user=access.acting_user(request), email_enabled=enabled)
    messages.success(request, "Notification e-mail is on." if enabled else "Notification e-mail is off.")
    return redirect("newsroom:notifications")
