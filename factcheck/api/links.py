"""Absolute URLs of API resources, as partners see them."""

from django.conf import settings


def api_url(path: str) -> str:
    return f"{settings.FACTCHECK_SITE_URL.rstrip('/')}/api/v1/{path}"
