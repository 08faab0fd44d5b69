"""The desk's roles as Django groups: the table below, applied after every migrate by sync_role_groups."""

from __future__ import annotations

from typing import Any

EDITOR = "editor"
REVIEWER = "reviewer"
MODERATOR = "moderator"

_VIEW = [
    "articles.view_article",
    "articles.view_source",
    "articles.view_passage",
    "claims.view_claim",
    "claims.view_evidence",
    "claims.view_reviewevent",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: [
        *_VIEW,
        "articles.add_article",
        "articles.add_source",
        "articles.reprocess_article",
        "claims.assign_claim",
        "claims.publish_claim",
    ],
    REVIEWER: [*_VIEW, "claims.review_claim"],
    MODERATOR: [
        *_VIEW,
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.reprocess_article",
        "articles.add_source",
        "articles.change_source",
        "articles.delete_source",
        "claims.change_claim",
        "claims.review_claim",
        "claims.assign_claim",
        "claims.publish_claim",
        "claims.change_evidence",
    ],
}


def sync_role_groups(**kwargs: Any) -> None:
    """Create the role groups and grant the claims app's permissions; idempotent.

    Connected to post_migrate, so the groups exist after every migrate and after the flush between transactional
    tests. Higher apps (partners) grant their own permissions to these roles with `grant_role_permissions`.
    """
    grant_role_permissions(ROLE_PERMISSIONS)


def grant_role_permissions(tables: dict[str, list[str]]) -> None:
    """Give each role group (created when missing) the permissions listed for it as "app_label.codename"."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    if not apps.is_installed("django.contrib.auth"):
        return

    def key(dotted: str) -> tuple[str, str]:
        app_label, codename = dotted.split(".")
        return app_label, codename

    wanted = {key(dotted) for codenames in tables.values() for dotted in codenames}
    available = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(codename__in={c for _, c in wanted})
    }
    if not wanted <= set(available):
        return  # called before every app's permissions exist; a later post_migrate call completes it
    for role, codenames in tables.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*(available[key(dotted)] for dotted in codenames))
