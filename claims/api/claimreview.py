"""schema.org ClaimReview JSON-LD for a published claim: the one builder the API, webhooks and public pages share.

- `url` is the claim's public fact-check page, served by this site at /fact-checks/<id>/ (claims/views/public.py).
- `claimReviewed` is the claim's short form (at most 75 characters, `engine.extraction.short_form`); the full
  sentence is `itemReviewed.text`.
- `itemReviewed.author` is who made the claim: the speaker when the analysis found one (a Person or an
  Organization), otherwise the outlet, which then asserts it in its own voice. The outlet's article is
  `itemReviewed.appearance`, with the outlet as its publisher.
- Dates are only ever the article's own publication date: when it is unknown they are left out, never guessed from
  the upload date.
- `reviewRating` follows the desk's rating scale, `FACTCHECK_RATING_SCALE` (claims/rating.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from articles.models import Article, Source
from claims.models import Claim
from claims.rating import RatingScale, rating_scale
from engine.extraction.claimant import claimant_type
from engine.extraction.short_form import MAX_LENGTH, short_claim


def review_url(claim: Claim) -> str:
    """The public page of the desk's review; FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE may set its shape."""
    return review_url_for(claim.pk)


def review_url_for(claim_id: int) -> str:
    """`review_url` from the claim's id alone, for callers holding rows (the partner feed)."""
    template: str = settings.FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE or "{site_url}/fact-checks/{id}/"
    return template.format(
        site_url=settings.FACTCHECK_SITE_URL.rstrip("/"),
        publisher_url=settings.FACTCHECK_PUBLISHER_URL.rstrip("/"),
        id=claim_id,
    )


def public_path(claim: Claim) -> str:
    """The path this site serves the claim's public page at."""
    return reverse("claims:fact_check", args=[claim.pk])


def article_public_url(article: Article) -> str:
    """Where the reviewed article appeared; the API's record of it when the outlet's URL is unknown."""
    return _article_public_url(article_id=article.pk, url=article.url)


def _article_public_url(*, article_id: int, url: str) -> str:
    return url or f"{settings.FACTCHECK_SITE_URL.rstrip('/')}/api/v1/articles/{article_id}/"


def outlet_organization(source: Source) -> dict[str, Any]:
    return _organization(name=source.name, domain=source.domain)


def _organization(*, name: str, domain: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": name, "url": f"https://{domain}"}


def claimant(claim: Claim) -> dict[str, Any]:
    """Who made the claim: the speaker when known, otherwise the outlet that printed it."""
    source = claim.article.source if not claim.speaker.split() else None
    return _claimant(
        speaker=claim.speaker,
        speaker_role=claim.speaker_role,
        outlet_name=source.name if source is not None else "",
        outlet_domain=source.domain if source is not None else "",
    )


def _claimant(*, speaker: str, speaker_role: str, outlet_name: str, outlet_domain: str) -> dict[str, Any]:
    speaker = " ".join(speaker.split())
    if not speaker:
        return _organization(name=outlet_name, domain=outlet_domain)
    person: dict[str, Any] = {"@type": claimant_type(speaker), "name": speaker}
    if speaker_role and person["@type"] == "Person":
        person["jobTitle"] = speaker_role
    return person


def claim_review(claim: Claim, *, published_at: datetime | None = None) -> dict[str, Any]:
    """The ClaimReview of `claim`; `published_at` stands in for a verdict not published yet (the preview)."""
    article = claim.article
    return claim_review_document(
        claim_id=claim.pk,
        text=claim.text,
        speaker=claim.speaker,
        speaker_role=claim.speaker_role,
        verdict=claim.verdict,
        rationale=claim.rationale,
        published_at=claim.published_at or published_at,
        article_id=article.pk,
        article_title=article.title,
        article_url=article.url,
        article_published_on=article.published_on,
        outlet_name=article.source.name,
        outlet_domain=article.source.domain,
    )


def claim_review_document(
    *,
    claim_id: int,
    text: str,
    speaker: str,
    speaker_role: str,
    verdict: str,
    rationale: str,
    published_at: datetime | None,
    article_id: int,
    article_title: str,
    article_url: str,
    article_published_on: date | None,
    outlet_name: str,
    outlet_domain: str,
    scale: RatingScale | None = None,
) -> dict[str, Any]:
    """`claim_review` from plain values, for callers holding rows (the partner feed passes `scale` read once a page)."""
    appearance: dict[str, Any] = {
        "@type": "CreativeWork",
        "url": _article_public_url(article_id=article_id, url=article_url),
        "headline": article_title,
        "publisher": _organization(name=outlet_name, domain=outlet_domain),
    }
    item: dict[str, Any] = {
        "@type": "Claim",
        "text": text,
        "author": _claimant(
            speaker=speaker, speaker_role=speaker_role, outlet_name=outlet_name, outlet_domain=outlet_domain
        ),
        "appearance": appearance,
    }
    if article_published_on:
        appearance["datePublished"] = article_published_on.isoformat()
        item["datePublished"] = article_published_on.isoformat()
    rating = (scale or rating_scale()).review_rating(verdict)
    if rationale:
        rating["ratingExplanation"] = rationale
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review_url_for(claim_id),
        "claimReviewed": short_claim(text),
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_PUBLISHER_NAME,
            "url": settings.FACTCHECK_PUBLISHER_URL,
        },
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if published_at is not None:
        review["datePublished"] = published_at.date().isoformat()
    return review


_ORGANIZATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "@type": {"type": "string", "enum": ["Organization"]},
        "name": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
}

# The shape above as OpenAPI, for the schema and the docs page.
CLAIM_REVIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "schema.org ClaimReview (JSON-LD). The rating scale is the desk's (FACTCHECK_RATING_SCALE; by default "
        "disputed=1, unverified=2, supported=3 of 1..3). Dates the desk does not know are left out."
    ),
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "reviewRating",
        "itemReviewed",
    ],
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri", "description": "The public fact-check page"},
        "claimReviewed": {
            "type": "string",
            "maxLength": MAX_LENGTH,
            "description": "The claim's short form; the full sentence is itemReviewed.text",
        },
        "datePublished": {"type": "string", "format": "date"},
        "author": _ORGANIZATION_SCHEMA,
        "reviewRating": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
                "alternateName": {"type": "string", "description": "The verdict's label on the desk's scale"},
                "ratingExplanation": {"type": "string"},
            },
        },
        "itemReviewed": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "text": {"type": "string", "description": "The claim as the article states it"},
                "author": {
                    "type": "object",
                    "description": "Who made the claim: the speaker (Person or Organization) or else the outlet",
                    "properties": {
                        "@type": {"type": "string", "enum": ["Person", "Organization"]},
                        "name": {"type": "string"},
                        "jobTitle": {"type": "string"},
                        "url": {"type": "string", "format": "uri"},
                    },
                },
                "appearance": {
                    "type": "object",
                    "properties": {
                        "@type": {"type": "string", "enum": ["CreativeWork"]},
                        "url": {"type": "string", "format": "uri"},
                        "headline": {"type": "string"},
                        "publisher": _ORGANIZATION_SCHEMA,
                        "datePublished": {"type": "string", "format": "date", "description": "Only when known"},
                    },
                },
                "datePublished": {"type": "string", "format": "date", "description": "Only when known"},
            },
        },
    },
}

CLAIM_REVIEW_EXAMPLE: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/fact-checks/42/",
    "claimReviewed": "The flood killed 14 people in Riverton on Friday.",
    "author": {"@type": "Organization", "name": "Fact-check Workbench Desk", "url": "https://factcheck.example.org"},
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 3,
        "worstRating": 1,
        "alternateName": "Disputed",
        "ratingExplanation": "The regional authority's final count is 12.",
    },
    "itemReviewed": {
        "@type": "Claim",
        "text": "The flood killed 14 people in Riverton on Friday, the mayor said.",
        "author": {"@type": "Person", "name": "Anna Berg", "jobTitle": "mayor"},
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://daily.example/flood",
            "headline": "Flood hits Riverton",
            "publisher": {"@type": "Organization", "name": "The Daily Example", "url": "https://daily.example"},
            "datePublished": "2025-03-07",
        },
        "datePublished": "2025-03-07",
    },
    "datePublished": "2025-03-08",
}
