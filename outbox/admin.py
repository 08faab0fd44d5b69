from django.contrib import admin

from outbox.models import OutboxEvent


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin[OutboxEvent]):
    """Read-only: operators look here to see what is waiting for the broker, and why."""

    list_display = ("id", "topic", "created_at", "dispatched_at", "attempts", "last_error")
    list_filter = ("topic", ("dispatched_at", admin.EmptyFieldListFilter))
    readonly_fields = ("topic", "payload", "created_at", "lease_until", "dispatched_at", "attempts", "last_error")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
