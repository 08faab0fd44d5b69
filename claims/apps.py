from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, evidence and reviews"

    def ready(self) -> None:
        from claims import (
            checks,  # noqa: F401  (registers the system checks)
            tasks,  # noqa: F401  (subscribes the analysis to articles' submitted events)
            warm,  # noqa: F401  (a worker process loads the models when it starts, not on its first task)
        )
        from claims.engine_setup import engine_config_from_settings, shared_stance_readings
        from claims.roles import sync_role_groups
        from engine import config
        from engine.stance.model import share_readings

        config.configure(engine_config_from_settings())
        share_readings(shared_stance_readings())

        post_migrate.connect(sync_role_groups, dispatch_uid="claims.sync_role_groups")
