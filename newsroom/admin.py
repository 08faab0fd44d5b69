"""Notes (with their history) and notifications, read-only: the desk writes them through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from newsroom.models import Note, NoteRevision, Notification, NotificationPreference


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NoteRevisionInline(admin.TabularInline[NoteRevision, Note]):
    model = NoteRevision
    extra = 0
    fields = ("created_at", "action", "actor", "body")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Note)
class NoteAdmin(ReadOnlyAdmin):
    list_display = ("id", "claim", "author", "created_at", "edited_at", "deleted_at")
    list_filter = ("created_at",)
    search_fields = ("body", "author__username")
    raw_id_fields = ("claim",)
    fields = ("claim", "author", "body", "mentioned", "version", "created_at", "edited_at", "deleted_at")
    readonly_fields = fields
    inlines = (NoteRevisionInline,)
    list_select_related = ("author", "claim")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("id", "recipient", "kind", "claim_id", "created_at", "read_at", "email_status")
    list_filter = ("kind", "email_status")
    search_fields = ("recipient__username", "message")
    list_select_related = ("recipient",)
    readonly_fields = (
        "recipient",
        "kind",
        "claim",
        "actor",
        "note",
        "message",
        "key",
        "created_at",
        "read_at",
        "email_status",
        "email_attempts",
        "emailed_at",
        "email_error",
    )
    fields = readonly_fields


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ("user", "email_enabled", "updated_at")
    list_filter = ("email_enabled",)
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
