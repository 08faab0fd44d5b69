"""Moderation of claims, evidence and the review audit trail. Every review change goes through claims.services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from articles.admin import ArticleAdmin
from articles.admin_tools import ReasonForm, action_form_response, export_csv_action, log_change
from articles.models import Article
from claims import access, services
from claims.models import Claim, Evidence, ReviewEvent, ReviewState, StanceCalibration, StanceLabel, Verdict

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="— back to the shared queue —",
        help_text="A reviewer, or nobody to return the claims to the shared queue",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only people who can review: a claim assigned to anyone else would leave every reviewer's queue for good.
        self.fields["assignee"].queryset = access.reviewers()  # type: ignore[attr-defined]


class EvidenceInline(admin.TabularInline[Evidence, Claim]):
    model = Evidence
    fk_name = "claim"
    fields = ("stance", "state", "origin", "score", "passage", "external_url", "excerpt", "same_origin")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


class ReviewEventInline(admin.TabularInline[ReviewEvent, Claim]):
    model = ReviewEvent
    fields = ("created_at", "actor", "action", "from_state", "to_state", "from_verdict", "to_verdict", "note")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = "Audit history"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _reason_action(
    name: str, label: str, service: Callable[..., Claim], past: str
) -> Callable[[ClaimAdmin, HttpRequest, QuerySet[Claim]], HttpResponse | None]:
    def action(modeladmin: ClaimAdmin, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse | None:
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for claim in queryset.order_by("pk"):
                try:
                    service(claim_id=claim.pk, actor=request.user, reason=form.cleaned_data["reason"])
                except services.ReviewError as exc:
                    refused.append(f"Claim {claim.pk}: {exc}")
                    continue
                log_change(modeladmin, request, claim, f"{past} the verdict: {form.cleaned_data['reason']}")
                done += 1
            if done:
                modeladmin.message_user(request, f"{past} {done} verdict(s).")
            for reason in refused:
                modeladmin.message_user(request, reason, messages.WARNING)
            return None
        return action_form_response(
            modeladmin,
            request,
            queryset,
            form=form,
            title=label,
            action=name,
            submit_label=label,
            intro="Only published verdicts can be changed this way; partners are told at once.",
        )

    action.__name__ = name
    return admin.action(description=f"{label}…", permissions=["publish"])(action)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin[Claim]):
    list_display = (
        "short_text",
        "article",
        "outlet",
        "review_state",
        "verdict",
        "assigned_to",
        "score",
        "published_at",
        "updated_at",
    )
    list_filter = ("review_state", "verdict", "claim_type", "article__source__kind", "assigned_to", "published_at")
    search_fields = ("text", "rationale", "article__title", "article__source__domain")
    date_hierarchy = "created_at"
    list_select_related = ("article__source", "assigned_to")
    inlines = (EvidenceInline, ReviewEventInline)
    actions = ("assign", "unpublish", "withdraw", "export_csv")
    export_csv = export_csv_action(
        [
            "id",
            "text",
            "review_state",
            "verdict",
            "rationale",
            "article__title",
            "article__url",
            "article__source__domain",
            "published_at",
            "updated_at",
        ]
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        # Review changes go through the services (and the audit trail), never through a raw form save.
        return [field.name for field in Claim._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).defer("article__original_bytes", "article__embedding", "article__body")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return bool(request.user.is_superuser)

    def has_assign_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.assign_claim")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.publish_claim")

    @admin.display(description="Claim")
    def short_text(self, claim: Claim) -> str:
        return claim.text[:90]

    @admin.display(ordering="article__source__name", description="Outlet")
    def outlet(self, claim: Claim) -> str:
        return claim.article.source.name

    @admin.action(description="Assign to a reviewer…", permissions=["assign"])
    def assign(self, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse | None:
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            assignee = form.cleaned_data["assignee"]
            target = assignee.pk if assignee else None
            moving = [
                c for c in queryset.select_related(None).only("pk", "text", "assigned_to") if c.assigned_to_id != target
            ]
            changed = services.claims_assign(
                claim_ids=list(queryset.values_list("pk", flat=True)),
                assignee=assignee,
                actor=cast("User", request.user),
            )
            who = assignee.get_username() if assignee else "the shared queue"
            for claim in moving:
                log_change(self, request, claim, f"Assigned to {who}.")
            self.message_user(request, f"Assigned {changed} claim(s) to {who}.")
            return None
        return action_form_response(
            self, request, queryset, form=form, title="Assign claims", action="assign", submit_label="Assign"
        )

    unpublish = _reason_action("unpublish", "Unpublish verdicts", services.claim_unpublish, "Unpublished")
    withdraw = _reason_action("withdraw", "Withdraw verdicts", services.claim_withdraw, "Withdrew")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin[Evidence]):
    list_display = ("claim", "stance", "state", "origin", "score", "reported_by", "same_origin", "created_at")
    list_filter = ("stance", "state", "origin", "same_origin", "earlier_report")
    search_fields = ("claim__text", "passage__text", "excerpt", "external_url")
    date_hierarchy = "created_at"
    list_select_related = ("claim", "passage__article__source")
    actions = ("export_csv",)
    export_csv = export_csv_action(
        [
            "id",
            "claim_id",
            "claim__text",
            "stance",
            "state",
            "origin",
            "score",
            "passage__article__source__domain",
            "passage__text",
            "external_url",
            "excerpt",
            "note",
        ]
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Evidence | None = None) -> list[str]:
        # Decisions on evidence are made in the review screen, where they are audited.
        return [field.name for field in Evidence._meta.fields if field.name not in {"note"}]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Evidence]:
        return (
            super()
            .get_queryset(request)
            .defer(
                "passage__article__original_bytes",
                "passage__article__embedding",
                "passage__article__body",
                "passage__embedding",
            )
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="Source")
    def reported_by(self, evidence: Evidence) -> str:
        if evidence.passage is not None:
            return evidence.passage.article.source.domain
        return evidence.external_url


def _choice_filter(
    field: str, title: str, choices: list[tuple[str, str]], blank: str = ""
) -> type[admin.SimpleListFilter]:
    """A list filter offering a field's named choices, and the empty value under the name `blank` if given.

    Django's default filter for a field without choices lists its distinct raw values, the empty one as a blank row.
    """

    class ChoiceFilter(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
            return [*choices, ("none", blank)] if blank else list(choices)

        def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
            value = self.value()
            if value == "none" and blank:
                return queryset.filter(**{field: ""})
            if value in dict(choices):
                return queryset.filter(**{field: value})
            return queryset

    ChoiceFilter.title = title
    ChoiceFilter.__name__ = f"{field.title().replace('_', '')}Filter"
    return ChoiceFilter


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin[ReviewEvent]):
    """The append-only audit trail: readable, never added, changed or deleted here."""

    list_display = ("created_at", "claim", "action", "actor", "from_state", "to_state", "to_verdict", "short_note")
    list_filter = (
        "action",
        _choice_filter("to_state", "to state", ReviewState.choices),
        _choice_filter("to_verdict", "to verdict", Verdict.choices, blank="No verdict (not reviewed)"),
    )
    search_fields = ("note", "claim__text", "actor__username")
    date_hierarchy = "created_at"
    list_select_related = ("claim", "actor")
    actions = ("export_csv",)
    export_csv = export_csv_action(
        ["id", "created_at", "claim_id", "action", "actor__username", "from_state", "to_state", "to_verdict", "note"]
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ReviewEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ReviewEvent | None = None) -> bool:
        return False

    @admin.display(description="Note")
    def short_note(self, event: ReviewEvent) -> str:
        return event.note[:80]


__all__ = ["ClaimAdmin", "EvidenceAdmin", "ReviewEventAdmin", "ReviewState"]


class ClaimInline(admin.TabularInline[Claim, Article]):
    model = Claim
    fields = ("text", "review_state", "verdict", "score", "assigned_to", "published_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ("start",)


# The claims app extends the articles app's admin page for an article with its claims, rather than the articles
# app reaching up for them.
admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithClaimsAdmin(ArticleAdmin):
    list_display = (*ArticleAdmin.list_display[:-1], "claim_count", "published_count", ArticleAdmin.list_display[-1])
    inlines = (ClaimInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                num_claims=Count("claims", distinct=True),
                num_published=Count("claims", filter=Q(claims__review_state=ReviewState.PUBLISHED), distinct=True),
            )
        )

    @admin.display(ordering="num_claims", description="Claims")
    def claim_count(self, article: Article) -> int:
        return article.num_claims  # type: ignore[attr-defined]

    @admin.display(ordering="num_published", description="Published")
    def published_count(self, article: Article) -> int:
        return article.num_published  # type: ignore[attr-defined]


@admin.register(StanceLabel)
class StanceLabelAdmin(admin.ModelAdmin[StanceLabel]):
    """Reviewers' decisions on suggestions, with how often each suggested stance was kept (read-only)."""

    change_list_template = "admin/claims/stancelabel/change_list.html"
    list_display = ("created_at", "suggested_stance", "decision", "reviewer_stance", "reviewer", "claim_text")
    list_filter = ("suggested_stance", "decision", "reviewer_stance")
    search_fields = ("claim_text", "passage_text")
    readonly_fields = (
        "evidence",
        "claim_text",
        "passage_text",
        "suggested_stance",
        "probabilities",
        "decision",
        "reviewer_stance",
        "reviewer",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StanceLabel | None = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "agreement_rows": StanceLabel.objects.agreement_by_relation(),
            "calibrations": StanceCalibration.objects.all()[:5],
        }
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(StanceCalibration)
class StanceCalibrationAdmin(admin.ModelAdmin[StanceCalibration]):
    """Thresholds re-fitted by `manage.py calibrate_from_reviews`; the newest is in force (read-only)."""

    list_display = (
        "created_at",
        "supports_threshold",
        "contradicts_threshold",
        "labels_used",
        "agreement_before",
        "agreement_after",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StanceCalibration | None = None) -> bool:
        return False
