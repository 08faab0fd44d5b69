"""What the moderator role may do with partners, keys and webhooks, granted after every migrate."""

from typing import Any

from claims.roles import MODERATOR, grant_role_permissions

MODERATOR_PARTNER_PERMISSIONS = [
    "partners.view_partner",
    "partners.add_partner",
    "partners.change_partner",
    "partners.view_apikey",
    "partners.add_apikey",
    "partners.revoke_apikey",
    "partners.view_apirequestlog",
    "partners.view_articlesubmission",
    "partners.view_webhooksubscription",
    "partners.add_webhooksubscription",
    "partners.change_webhooksubscription",
    "partners.pause_webhooksubscription",
    "partners.view_webhookdelivery",
    "partners.replay_webhookdelivery",
    "admin.view_logentry",
]


def sync_partner_permissions(**kwargs: Any) -> None:
    """Grant the moderator role its partner permissions; idempotent, connected to post_migrate."""
    grant_role_permissions({MODERATOR: MODERATOR_PARTNER_PERMISSIONS})
