from django.apps import AppConfig
from django.db.backends.signals import connection_created


class FactcheckConfig(AppConfig):
    """Project-wide infrastructure that belongs to no app: how database connections are set up."""

    name = "factcheck"
    verbose_name = "Fact-check workbench"

    def ready(self) -> None:
        from factcheck.db import install_compiled_timestamps, install_replanning

        connection_created.connect(install_replanning, dispatch_uid="factcheck.db.install_replanning")
        connection_created.connect(install_compiled_timestamps, dispatch_uid="factcheck.db.install_compiled_timestamps")
