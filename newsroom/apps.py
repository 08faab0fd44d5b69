from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsroom"
    verbose_name = "Notes and notifications"

    def ready(self) -> None:
        # Subscribes the notification receivers to claims' events (and its own), in web and worker processes alike.
        from newsroom import receivers, tasks  # noqa: F401
