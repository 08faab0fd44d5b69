"""drf-spectacular description of the partner key authentication."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.BearerKeyAuthentication"
    name = "partnerKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A partner API key, sent as `Authorization: Bearer fck_<prefix>_<secret>`. "
                "Keys carry scopes (`verdicts:read`, `articles:submit`); a revoked or expired key gets 401."
            ),
        }
