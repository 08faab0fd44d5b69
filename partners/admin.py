"""Moderation of partners, their keys, request log and webhooks, and the admin's own moderation log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html

from articles.admin_tools import action_form_response, export_csv_action, log_change
from partners import services

if TYPE_CHECKING:
    from django.contrib.auth.models import User
from partners.models import (
    ApiKey,
    ApiRequestLog,
    ArticleSubmission,
    Partner,
    Scope,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

T = TypeVar("T")


class IssueKeyForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices, initial=[Scope.VERDICTS_READ], widget=forms.CheckboxSelectMultiple
    )
    expires_in_days = forms.IntegerField(min_value=1, required=False, help_text="Leave empty for no expiry")
    label = forms.CharField(max_length=100, required=False)


class ApiKeyInline(admin.TabularInline[ApiKey, Partner]):
    model = ApiKey
    fields = ("prefix", "label", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


class SubscriptionInline(admin.TabularInline[WebhookSubscription, Partner]):
    model = WebhookSubscription
    fields = ("url", "events", "active", "paused_at", "consecutive_failures")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


def _service_checked(check: Callable[[Any], T], value: Any) -> T:
    """Run a service's validator on a form value, turning its refusal into the form error it would raise."""
    try:
        return check(value)
    except services.PartnerError as exc:
        raise forms.ValidationError(str(exc)) from exc


class PartnerForm(forms.ModelForm[Partner]):
    class Meta:
        model = Partner
        fields = ("name", "contact_email", "notes", "is_active")

    def clean_name(self) -> str:
        partner_id = self.instance.pk
        return _service_checked(
            lambda name: services.partner_name_clean(name=name, partner_id=partner_id), self.cleaned_data["name"]
        )


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin[Partner]):
    form = PartnerForm
    list_display = (
        "name",
        "is_active",
        "contact_email",
        "active_keys",
        "subscription_count",
        "last_request",
        "created_at",
    )
    list_filter = ("is_active",)
    search_fields = ("name", "contact_email")
    date_hierarchy = "created_at"
    inlines = (ApiKeyInline, SubscriptionInline)
    actions = ("issue_key", "export_csv")
    export_csv = export_csv_action(["id", "name", "contact_email", "is_active", "created_at"])

    def get_queryset(self, request: HttpRequest) -> QuerySet[Partner]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                num_active_keys=Count("api_keys", filter=Q(api_keys__revoked_at__isnull=True), distinct=True),
                num_subscriptions=Count("subscriptions", distinct=True),
                latest_request=Max("request_logs__created_at"),
            )
        )

    @admin.display(ordering="num_active_keys", description="Unrevoked keys")
    def active_keys(self, partner: Partner) -> int:
        return partner.num_active_keys  # type: ignore[attr-defined]

    @admin.display(ordering="num_subscriptions", description="Webhooks")
    def subscription_count(self, partner: Partner) -> int:
        return partner.num_subscriptions  # type: ignore[attr-defined]

    @admin.display(ordering="latest_request", description="Last request")
    def last_request(self, partner: Partner) -> Any:
        return partner.latest_request  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: Partner, form: Any, change: bool) -> None:
        if change:
            services.partner_update(
                partner_id=obj.pk,
                name=obj.name,
                contact_email=obj.contact_email,
                notes=obj.notes,
                is_active=obj.is_active,
            )
            return
        created = services.partner_create(name=obj.name, contact_email=obj.contact_email, notes=obj.notes)
        obj.pk, obj.created_at = created.pk, created.created_at

    def has_issue_key_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.add_apikey")

    @admin.action(description="Issue an API key…", permissions=["issue_key"])
    def issue_key(self, request: HttpRequest, queryset: QuerySet[Partner]) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one partner to issue a key to.", messages.WARNING)
            return None
        partner = queryset.get()
        form = IssueKeyForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            days = form.cleaned_data["expires_in_days"]
            key, raw_key = services.api_key_create(
                partner=partner,
                scopes=form.cleaned_data["scopes"],
                expires_at=timezone.now() + timedelta(days=days) if days else None,
                label=form.cleaned_data["label"],
                created_by=cast("User", request.user),
            )
            log_change(self, request, partner, f"Issued API key {key.prefix} with scopes {', '.join(key.scopes)}.")
            self.message_user(
                request,
                format_html("New key for {} (shown once, copy it now): <code>{}</code>", partner.name, raw_key),
                messages.SUCCESS,
            )
            return None
        return action_form_response(
            self, request, queryset, form=form, title="Issue an API key", action="issue_key", submit_label="Issue key"
        )


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    list_display = ("prefix", "partner", "label", "scopes", "state", "created_at", "expires_at", "last_used_at")
    list_filter = ("partner", ("revoked_at", admin.EmptyFieldListFilter), ("expires_at", admin.EmptyFieldListFilter))
    search_fields = ("prefix", "label", "partner__name")
    date_hierarchy = "created_at"
    list_select_related = ("partner",)
    readonly_fields = (
        "partner",
        "prefix",
        "scopes",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "revoked_by",
        "last_used_at",
    )
    exclude = ("hashed_key",)
    actions = ("revoke", "export_csv")
    export_csv = export_csv_action(
        ["id", "partner__name", "prefix", "label", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"]
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are issued from the partner list, where the key is shown once

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.revoke_apikey")

    @admin.display(description="State")
    def state(self, key: ApiKey) -> str:
        if key.is_revoked:
            return "revoked"
        return "expired" if key.is_expired else "active"

    @admin.action(description="Revoke selected keys", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        revoked = 0
        for key in queryset:
            if services.api_key_revoke(key_id=key.pk, actor=cast("User", request.user)):
                log_change(self, request, key, f"Revoked API key {key.prefix}.")
                revoked += 1
        self.message_user(request, f"Revoked {revoked} key(s).")


@admin.register(ApiRequestLog)
class ApiRequestLogAdmin(admin.ModelAdmin[ApiRequestLog]):
    list_display = ("created_at", "partner", "key_prefix", "method", "path", "status_code")
    list_filter = ("partner", "method", "status_code")
    search_fields = ("path", "key_prefix", "partner__name")
    date_hierarchy = "created_at"
    list_select_related = ("partner",)
    actions = ("export_csv",)
    export_csv = export_csv_action(["created_at", "partner__name", "key_prefix", "method", "path", "status_code"])

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ArticleSubmission)
class ArticleSubmissionAdmin(admin.ModelAdmin[ArticleSubmission]):
    list_display = ("created_at", "partner", "article", "key_prefix")
    list_filter = ("partner",)
    search_fields = ("article__title", "partner__name")
    date_hierarchy = "created_at"
    list_select_related = ("partner", "article")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ArticleSubmission]:
        return super().get_queryset(request).defer("article__original_bytes", "article__body", "article__embedding")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SubscriptionForm(forms.ModelForm[WebhookSubscription]):
    # A plain text field: the service decides what a valid webhook URL is, so the admin refuses exactly what the
    # service refuses, with its message.
    url = forms.CharField(max_length=2000, label="URL")
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, initial=WebhookEvent.values, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ("partner", "url", "events", "active")

    def clean_url(self) -> str:
        return _service_checked(services.subscription_url_clean, self.cleaned_data["url"])

    def clean_events(self) -> list[str]:
        return _service_checked(services.subscription_events_clean, self.cleaned_data["events"])


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin[WebhookSubscription]):
    form = SubscriptionForm
    list_display = (
        "partner",
        "url",
        "events",
        "active",
        "needs_attention",
        "consecutive_failures",
        "paused_at",
        "moderators_notified_at",
    )
    list_filter = ("active", ("paused_at", admin.EmptyFieldListFilter), "partner")
    search_fields = ("url", "partner__name")
    date_hierarchy = "created_at"
    list_select_related = ("partner",)
    readonly_fields = ("paused_at", "pause_reason", "moderators_notified_at", "consecutive_failures", "created_at")
    actions = ("pause", "resume", "export_csv")
    export_csv = export_csv_action(
        ["id", "partner__name", "url", "events", "active", "paused_at", "consecutive_failures"]
    )

    @admin.display(boolean=True, description="Paused")
    def needs_attention(self, subscription: WebhookSubscription) -> bool:
        return subscription.is_paused

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # A paused subscription holds a partner's deliveries: say so on every visit until someone resumes it.
        paused = WebhookSubscription.objects.filter(active=True, paused_at__isnull=False).select_related("partner")
        for subscription in paused:
            messages.warning(
                request,
                f"Deliveries to {subscription.partner.name} ({subscription.url}) are paused since "
                f"{subscription.paused_at:%Y-%m-%d %H:%M}: {subscription.pause_reason} Their events are kept and go "
                "out when you resume the subscription.",
            )
        return super().changelist_view(request, extra_context=extra_context)

    def save_model(self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool) -> None:
        if change:
            services.subscription_update(subscription_id=obj.pk, url=obj.url, events=obj.events, active=obj.active)
            return
        created, secret = services.subscription_create(partner=obj.partner, url=obj.url, events=obj.events)
        obj.pk, obj.secret, obj.created_at = created.pk, created.secret, created.created_at
        self.message_user(
            request,
            format_html("Signing secret for {} (shown once, send it to the partner): <code>{}</code>", obj.url, secret),
            messages.SUCCESS,
        )

    def has_pause_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.pause_webhooksubscription")

    @admin.action(description="Pause selected subscriptions", permissions=["pause"])
    def pause(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        paused = 0
        for subscription in queryset:
            reason = f"Paused by {request.user.get_username()} in the admin."
            if services.subscription_pause(subscription_id=subscription.pk, reason=reason):
                log_change(self, request, subscription, "Paused deliveries.")
                paused += 1
        self.message_user(request, f"Paused {paused} subscription(s).")

    @admin.action(description="Resume selected subscriptions", permissions=["pause"])
    def resume(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        resumed = 0
        for subscription in queryset:
            if services.subscription_resume(subscription_id=subscription.pk):
                log_change(self, request, subscription, "Resumed deliveries.")
                resumed += 1
        self.message_user(request, f"Resumed {resumed} subscription(s); replay their failed deliveries if needed.")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = (
        "delivery_id",
        "partner",
        "event",
        "claim",
        "claim_version",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
        "created_at",
    )
    list_filter = ("status", "event", "subscription__partner")
    search_fields = ("delivery_id", "subscription__url", "subscription__partner__name", "last_error")
    date_hierarchy = "created_at"
    list_select_related = ("subscription__partner", "claim")
    actions = ("replay", "export_csv")
    export_csv = export_csv_action(
        [
            "delivery_id",
            "subscription__partner__name",
            "subscription__url",
            "event",
            "claim_id",
            "claim_version",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "created_at",
            "delivered_at",
        ]
    )

    def get_readonly_fields(self, request: HttpRequest, obj: WebhookDelivery | None = None) -> list[str]:
        return [field.name for field in WebhookDelivery._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookDelivery]:
        return super().get_queryset(request).defer("payload")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_replay_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.replay_webhookdelivery")

    @admin.display(ordering="subscription__partner__name", description="Partner")
    def partner(self, delivery: WebhookDelivery) -> str:
        return delivery.subscription.partner.name

    @admin.action(description="Replay selected failed deliveries", permissions=["replay"])
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        replayed, skipped = 0, 0
        for delivery in queryset.select_related("subscription"):
            try:
                ok = services.delivery_replay(delivery_id=delivery.delivery_id)
            except services.PartnerError as exc:
                self.message_user(request, str(exc), messages.WARNING)
                continue
            if ok:
                log_change(self, request, delivery, "Replayed the delivery.")
                replayed += 1
            else:
                skipped += 1
        self.message_user(request, f"Queued {replayed} deliveries again; {skipped} were not failed and were skipped.")


@admin.register(LogEntry)
class ModerationLogAdmin(admin.ModelAdmin[LogEntry]):
    """The admin's own log: every moderation action on outlets, articles, partners, keys and webhooks."""

    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag", "change_message")
    list_filter = ("action_flag", "content_type")
    search_fields = ("object_repr", "change_message", "user__username")
    date_hierarchy = "action_time"
    list_select_related = ("user", "content_type")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
