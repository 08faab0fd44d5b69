from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = "Partners and webhooks"

    def ready(self) -> None:
        # Registers the Bearer-key security scheme with drf-spectacular.
        # Subscribes the webhook fan-out to the claims app's verdict events, in web and worker processes alike.
        from partners import (
            schema,  # noqa: F401
            tasks,  # noqa: F401
        )
        from partners.roles import sync_partner_permissions

        post_migrate.connect(sync_partner_permissions, dispatch_uid="partners.sync_partner_permissions")
