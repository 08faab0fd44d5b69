"""Builders shared by the API, partners and admin tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from claims.models import Claim, ReviewState
from partners import services
from partners.models import ApiKey, Partner, Scope
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

ALL_SCOPES = [Scope.VERDICTS_READ, Scope.ARTICLES_SUBMIT]


def partner(name: str = "Partner Daily") -> Partner:
    return Partner.objects.filter(name=name).first() or services.partner_create(name=name)


def api_key(
    *, scopes: list[str] | None = None, owner: Partner | None = None, revoked: bool = False, expired: bool = False
) -> tuple[ApiKey, str]:
    key, raw = services.api_key_create(partner=owner or partner(), scopes=ALL_SCOPES if scopes is None else scopes)
    if revoked:
        services.api_key_revoke(key_id=key.pk)
    if expired:
        ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(days=1))
    return key, raw


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def published_claim(*, verdict: str = "disputed", **kwargs: Any) -> Claim:
    article = kwargs.pop("article", None) or ArticleFactory(
        source=SourceFactory(), url=f"https://news.example/{timezone.now().timestamp()}"
    )
    return ClaimFactory(
        article=article,
        review_state=ReviewState.PUBLISHED,
        verdict=verdict,
        rationale=kwargs.pop("rationale", "The regional authority's final count differs."),
        published_at=kwargs.pop("published_at", timezone.now()),
        **kwargs,
    )
