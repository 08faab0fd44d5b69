"""The dashboard: my queue, the desk's counts and the verdict chart."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from claims import access, selectors
from claims.models import ReviewState, Verdict
from claims.views.articles import queue_context

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MY_QUEUE_SIZE = 6
ACTIVITY_SIZE = 8
CHART_DAYS = 14
CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 560, 150, 10


def _stats(user: User) -> list[dict[str, Any]]:
    counts = selectors.desk_counts(user=user)
    listing = reverse("claims:list")
    stats: list[dict[str, Any]] = []
    if access.can_review(user):
        stats.append(
            {
                "label": "My queue",
                "value": counts["mine"],
                "css": "stat-mine",
                "href": f"{listing}?mine=on&state=unreviewed",
            }
        )
        stats.append(
            {"label": "Unassigned", "value": counts["unassigned"], "css": "", "href": f"{listing}?state=unreviewed"}
        )
    for value, label in ReviewState.choices:
        stats.append(
            {
                "label": label,
                "value": counts[f"state_{value}"],
                "css": f"state-{value}",
                "href": f"{listing}?state={value}",
            }
        )
    for value, label in Verdict.choices:
        stats.append(
            {
                "label": label,
                "value": counts[f"verdict_{value}"],
                "css": f"verdict-{value}",
                "href": f"{listing}?verdict={value}",
            }
        )
    return stats


def _verdict_chart(user: User) -> dict[str, Any]:
    """Verdicts reached per day over the last two weeks, as stacked bars for an inline SVG."""
    since = selectors.recent_days(CHART_DAYS)
    per_day = selectors.verdicts_per_day(user=user, since=since)
    peak = max((sum(v.values()) for v in per_day.values()), default=0)
    slot = CHART_WIDTH / CHART_DAYS
    bars = []
    for index in range(CHART_DAYS):
        day = since + timedelta(days=index)
        counts = per_day.get(day, {})
        segments, y = [], float(CHART_TOP + CHART_HEIGHT)
        for verdict in Verdict.values:
            n = counts.get(verdict, 0)
            if not n:
                continue
            height = CHART_HEIGHT * n / peak
            y -= height
            segments.append({"verdict": verdict, "n": n, "y": round(y, 1), "height": round(height, 1)})
        bars.append(
            {
                "day": day,
                "x": round(index * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "label_x": round(index * slot + slot / 2, 1),
                "segments": segments,
                "total": sum(counts.values()),
                "show_label": index % 2 == (CHART_DAYS - 1) % 2,
            }
        )
    return {
        "bars": bars,
        "peak": peak,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT + CHART_TOP + 24,
        "baseline": CHART_TOP + CHART_HEIGHT,
        "legend": Verdict.choices,
        "total": sum(b["total"] for b in bars),
    }


@access.desk_required()
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = access.acting_user(request)
    context = {
        **queue_context(user),
        "stats": _stats(user),
        "my_queue": selectors.my_queue(user=user, limit=MY_QUEUE_SIZE),
        "awaiting": selectors.awaiting_publication(user=user, limit=MY_QUEUE_SIZE),
        "activity": selectors.recent_activity(user=user, limit=ACTIVITY_SIZE),
        "chart": _verdict_chart(user),
    }
    return render(request, "claims/dashboard.html", context)
