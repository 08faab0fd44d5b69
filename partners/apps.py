from django.apps import AppConfig


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = "Partners and webhooks"

    def ready(self) -> None:
        # Registers the Bearer-key security scheme with drf-spectacular.
        from partners import schema  # noqa: F401
