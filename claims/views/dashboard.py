"""The dashboard: my queue, the desk's counts and the verdict chart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from claims import access
from claims.models import Claim, ReviewState, Verdict
from claims.views.articles import queue_context

MY_QUEUE_SIZE = 6
CHART_DAYS = 14
CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 560, 150, 10


def _counts(user: Any) -> dict[str, int]:
    claims = access.claims_for(user)
    aggregates: dict[str, Any] = {f"state_{s}": Count("pk", filter=Q(review_state=s)) for s in ReviewState.values}
    aggregates |= {
        f"verdict_{v}": Count("pk", filter=Q(verdict=v) & ~Q(review_state=ReviewState.UNREVIEWED))
        for v in Verdict.values
    }
    aggregates["total"] = Count("pk")
    aggregates["unassigned"] = Count("pk", filter=Q(review_state=ReviewState.UNREVIEWED, assigned_to__isnull=True))
    if user.is_authenticated:
        aggregates["mine"] = Count("pk", filter=Q(review_state=ReviewState.UNREVIEWED, assigned_to=user))
    return {k: v or 0 for k, v in claims.aggregate(**aggregates).items()}


def _stats(user: Any) -> list[dict[str, Any]]:
    counts = _counts(user)
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


def _verdict_chart(user: Any) -> dict[str, Any]:
    """Verdicts reached per day over the last two weeks, as stacked bars for an inline SVG."""
    today = timezone.localdate()
    since = today - timedelta(days=CHART_DAYS - 1)
    rows = (
        access.claims_for(user)
        .exclude(review_state=ReviewState.UNREVIEWED)
        .filter(reviewed_at__date__gte=since)
        .annotate(day=TruncDate("reviewed_at"))
        .values("day", "verdict")
        .annotate(n=Count("pk"))
    )
    per_day: dict[date, dict[str, int]] = {}
    for row in rows:
        per_day.setdefault(row["day"], {})[row["verdict"]] = row["n"]
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
    claims = (
        access.claims_for(user)
        .select_related("article__source")
        .defer("article__body", "article__original_bytes", "article__embedding")
    )
    my_queue: list[Claim] = []
    awaiting: list[Claim] = []
    if access.can_review(user):
        my_queue = list(
            claims.unreviewed()
            .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
            .order_by(F("assigned_to").asc(nulls_last=True), "-score", "pk")[:MY_QUEUE_SIZE]
        )
    if access.can_publish(user):
        awaiting = list(claims.filter(review_state=ReviewState.REVIEWED).order_by("reviewed_at", "pk")[:MY_QUEUE_SIZE])
    activity = list(access.events_for(user).select_related("actor", "claim").order_by("-created_at", "-id")[:8])
    context = {
        **queue_context(user),
        "stats": _stats(user),
        "my_queue": my_queue,
        "awaiting": awaiting,
        "activity": activity,
        "chart": _verdict_chart(user),
    }
    return render(request, "claims/dashboard.html", context)
