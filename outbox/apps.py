from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outbox: consequences of writes, handed to workers"
    default_auto_field = "django.db.models.BigAutoField"
