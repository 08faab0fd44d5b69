"""Topics of the outbox events the articles app records; higher apps subscribe to them."""

# An article was stored, or sent back for a fresh run, and waits for analysis. Payload: {"article_id": int}.
ARTICLE_SUBMITTED = "article.submitted"
