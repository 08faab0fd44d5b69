"""The desk's rating scale as a read-only table, for the admin's claims page."""

from __future__ import annotations

from typing import Any

from django import template

from claims.models import Verdict
from claims.rating import rating_scale

register = template.Library()


@register.inclusion_tag("admin/claims/claim/_rating_scale.html")
def rating_scale_table() -> dict[str, Any]:
    scale = rating_scale()
    rows = [{"verdict": Verdict(r.verdict).label, "value": r.value, "label": r.label} for r in scale.ratings]
    return {"scale": scale, "rows": sorted(rows, key=lambda row: row["value"])}
