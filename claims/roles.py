"""The desk's roles as Django groups. The data migration and the demo command both apply this table."""

from __future__ import annotations

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
