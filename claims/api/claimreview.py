"""schema.org ClaimReview JSON-LD for a published claim.

Rating scale (documented for partners in docs/partner-guide.md): disputed = 1, unverified = 2, supported = 3,
worstRating = 1, bestRating = 3; `alternateName` carries the verdict label, which is what readers see.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from articles.models import Article, Source
from claims.models import Claim, Verdict

RATING_SCALE: dict[str, int] = {Verdict.DISPUTED: 1, Verdict.UNVERIFIED: 2, Verdict.SUPPORTED: 3}
WORST_RATING = 1
BEST_RATING = 3


def review_url(claim: Claim) -> str:
    """The public address of the desk's review; FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE may set its shape."""
    template: str = getattr(settings, "FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE", "") or (
        "{publisher_url}/fact-checks/{id}"
    )
    return template.format(publisher_url=settings.FACTCHECK_PUBLISHER_URL.rstrip("/"), id=claim.pk)


def article_public_url(article: Article) -> str:
    """Where the reviewed article appeared; the API's record of it when the outlet's URL is unknown."""
    return article.url or f"{settings.FACTCHECK_SITE_URL.rstrip('/')}/api/v1/articles/{article.pk}/"


def outlet_organization(source: Source) -> dict[str, Any]:
    return {"@type": "Organization", "name": source.name, "url": f"https://{source.domain}"}


def claim_review(claim: Claim) -> dict[str, Any]:
    article = claim.article
    item_published = article.published_on or article.created_at.date()
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review_url(claim),
        "claimReviewed": claim.text,
        "datePublished": claim.published_at.date().isoformat() if claim.published_at else None,
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_PUBLISHER_NAME,
            "url": settings.FACTCHECK_PUBLISHER_URL,
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_SCALE.get(claim.verdict, WORST_RATING),
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": Verdict(claim.verdict).label if claim.verdict else "",
        },
        "itemReviewed": {
            "@type": "Claim",
            "appearance": {"@type": "CreativeWork", "url": article_public_url(article), "headline": article.title},
            "author": outlet_organization(article.source),
            "datePublished": item_published.isoformat(),
        },
    }
    if claim.rationale:
        review["reviewRating"]["ratingExplanation"] = claim.rationale
    return review


# The shape above as OpenAPI, for the schema and the docs page.
CLAIM_REVIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "schema.org ClaimReview (JSON-LD). Rating scale: disputed=1, unverified=2, supported=3.",
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
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string"},
        "datePublished": {"type": "string", "format": "date"},
        "author": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "enum": ["Organization"]},
                "name": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
            },
        },
        "reviewRating": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "ratingValue": {"type": "integer", "minimum": 1, "maximum": 3},
                "bestRating": {"type": "integer", "enum": [3]},
                "worstRating": {"type": "integer", "enum": [1]},
                "alternateName": {"type": "string", "enum": [label for _, label in Verdict.choices]},
                "ratingExplanation": {"type": "string"},
            },
        },
        "itemReviewed": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "appearance": {
                    "type": "object",
                    "properties": {
                        "@type": {"type": "string", "enum": ["CreativeWork"]},
                        "url": {"type": "string", "format": "uri"},
                        "headline": {"type": "string"},
                    },
                },
                "author": {"type": "object"},
                "datePublished": {"type": "string", "format": "date"},
            },
        },
    },
}

CLAIM_REVIEW_EXAMPLE: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/fact-checks/42",
    "claimReviewed": "The flood killed 14 people in Riverton on Friday.",
    "datePublished": "2025-03-08",
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
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://daily.example/flood",
            "headline": "Flood hits Riverton",
        },
        "author": {"@type": "Organization", "name": "The Daily Example", "url": "https://daily.example"},
        "datePublished": "2025-03-07",
    },
}
