"""Topics of the outbox events the claims app records; partners subscribe to the verdict events."""

# Payload of each: {"claim_id": int, "event": <the topic>}, so one subscriber can serve all three.
VERDICT_PUBLISHED = "verdict.published"
VERDICT_CORRECTED = "verdict.corrected"
VERDICT_WITHDRAWN = "verdict.withdrawn"
VERDICT_EVENTS = (VERDICT_PUBLISHED, VERDICT_CORRECTED, VERDICT_WITHDRAWN)

# An article's suggestions should be looked at again (a neighbour finished). Payload: {"article_id": int}.
EVIDENCE_REFRESH_REQUESTED = "evidence.refresh_requested"

# The desk's own work, for the newsroom app's notifications. Each payload names the rows to read, not their content.
# A verdict was set or corrected. Payload: {"claim_id": int, "review_event_id": int, "previous_reviewer_id": int|None}.
VERDICT_SET = "verdict.set"
# A claim changed hands. Payload: {"claim_id": int, "review_event_id": int} (the event's details name both people).
CLAIM_ASSIGNED = "claim.assigned"
# Evidence rows were added (suggested by the system or added by a person). Payload: {"evidence_ids": [int, ...]}.
EVIDENCE_ADDED = "evidence.added"
