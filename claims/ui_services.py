"""Whole-article review actions the web UI offers, built on the claim services so every rule still applies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from claims import services
from claims.models import Claim, ReviewState

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def article_assign(*, article_id: int, assignee: User | None, actor: User) -> int:
    """Assign every claim of an article that still awaits review; returns how many changed hands."""
    claim_ids = Claim.objects.filter(article_id=article_id, review_state=ReviewState.UNREVIEWED).values_list(
        "pk", flat=True
    )
    return services.claims_assign(claim_ids=list(claim_ids), assignee=assignee, actor=actor)


@transaction.atomic
def article_publish_reviewed(*, article_id: int, editor: User) -> int:
    """Publish every reviewed (not yet published) verdict of an article; returns how many were published."""
    claim_ids = Claim.objects.filter(article_id=article_id, review_state=ReviewState.REVIEWED).values_list(
        "pk", flat=True
    )
    published = 0
    for claim_id in claim_ids:
        services.claim_publish(claim_id=claim_id, editor=editor)
        published += 1
    return published
