"""Topics of the outbox events the claims app records; partners subscribe to the verdict events."""

# Payload of each: {"claim_id": int, "event": <the topic>}, so one subscriber can serve all three.
VERDICT_PUBLISHED = "verdict.published"
VERDICT_CORRECTED = "verdict.corrected"
VERDICT_WITHDRAWN = "verdict.withdrawn"
VERDICT_EVENTS = (VERDICT_PUBLISHED, VERDICT_CORRECTED, VERDICT_WITHDRAWN)

# An article's suggestions should be looked at again (a neighbour finished). Payload: {"article_id": int}.
EVIDENCE_REFRESH_REQUESTED = "evidence.refresh_requested"
