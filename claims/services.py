"""Writes for claims, their evidence and their review. Views, API, admin actions and commands all call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.models import Passage
from claims.events import (
    CLAIM_ASSIGNED,
    EVIDENCE_ADDED,
    VERDICT_CORRECTED,
    VERDICT_PUBLISHED,
    VERDICT_SET,
    VERDICT_WITHDRAWN,
)
from claims.models import (
    Claim,
    ClaimGroup,
    Evidence,
    ReviewEvent,
    ReviewState,
    StanceCalibration,
    StanceLabel,
    Verdict,
    engine_relation,
)
from engine.stance.thresholds import ReviewedSuggestion, StanceThresholds, ThresholdFit, fit_thresholds
from outbox.services import event_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class ReviewError(ValueError):
    """A review change that cannot be made as asked; the message says why."""


class StaleClaimError(ReviewError):
    """Someone changed the claim since the form was loaded; nothing was written."""

    def __init__(self, claim: Claim) -> None:
        super().__init__(
            f"Claim {claim.pk} was changed by someone else (now version {claim.version}); reload to see their decision."
        )
        self.current = claim


def _announce(claim_id: int, event: str) -> None:
    # Same transaction as the review change: the announcement exists exactly when the change does.
    event_record(topic=event, payload={"claim_id": claim_id, "event": event})


def _record(
    *,
    claim: Claim,
    actor: User | None,
    action: str,
    before: tuple[str, str],
    note: str = "",
    details: dict[str, Any] | None = None,
) -> ReviewEvent:
    return ReviewEvent.objects.create(
        claim_id=claim.pk,
        actor=actor,
        action=action,
        from_state=before[0],
        to_state=claim.review_state,
        from_verdict=before[1],
        to_verdict=claim.verdict,
        note=note,
        details=details or {},
        claim_version=claim.version,
    )


def _locked_claim(claim_id: int, expected_version: int | None) -> Claim:
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        raise ReviewError(f"Claim {claim_id} does not exist.")
    if expected_version is not None and claim.version != expected_version:
        raise StaleClaimError(claim)
    return claim


def _locked_with_group(claim_id: int, expected_version: int | None) -> tuple[Claim, list[Claim]]:
    """The claim and the other members of its group, all locked in id order (one order everywhere: no deadlock)."""
    for _ in range(3):
        group_id = Claim.objects.filter(pk=claim_id).values_list("group_id", flat=True).first()
        if group_id is None:
            break
        members = list(Claim.objects.select_for_update().filter(group_id=group_id).order_by("pk"))
        claim = next((member for member in members if member.pk == claim_id), None)
        if claim is None:
            continue  # split out or regrouped between the read and the lock: read again
        if expected_version is not None and claim.version != expected_version:
            raise StaleClaimError(claim)
        return claim, [member for member in members if member.pk != claim_id]
    return _locked_claim(claim_id, expected_version), []


def _bump(claim: Claim, **changes: Any) -> Claim:
    # The version check and the write happen under the row lock, so two saves can never both win.
    Claim.objects.filter(pk=claim.pk, version=claim.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    claim.refresh_from_db()
    return claim


@transaction.atomic
def claim_set_verdict(
    *,
    claim_id: int,
    verdict: str,
    rationale: str,
    reviewer: User,
    expected_version: int,
) -> Claim:
    """Record a reviewer's verdict. On a published claim this is a correction, announced to partners."""
    if verdict not in Verdict.values:
        raise ReviewError(f"Unknown verdict {verdict!r}; choose supported, disputed or unverified.")
    rationale = rationale.strip()
    if not rationale:
        raise ReviewError("Write a rationale: partners and colleagues need to know why.")
    claim, others = _locked_with_group(claim_id, expected_version)
    # One review for the group: every member gets the verdict, each with its own history entry and version.
    saved = _verdict_apply(claim, verdict=verdict, rationale=rationale, reviewer=reviewer)
    for member in others:
        _verdict_apply(
            member,
            verdict=verdict,
            rationale=rationale,
            reviewer=reviewer,
            details={"group_id": claim.group_id, "via_claim_id": claim.pk},
        )
    return saved


def _verdict_apply(
    claim: Claim, *, verdict: str, rationale: str, reviewer: User, details: dict[str, Any] | None = None
) -> Claim:
    before = (claim.review_state, claim.verdict)
    if claim.review_state == ReviewState.PUBLISHED:
        new_state, action = ReviewState.PUBLISHED, ReviewEvent.Action.CORRECTED
    else:
        new_state, action = ReviewState.REVIEWED, ReviewEvent.Action.VERDICT_SET
    if before == (new_state, verdict) and claim.rationale == rationale:
        return claim
    previous_reviewer_id = claim.reviewed_by_id
    claim = _bump(
        claim,
        verdict=verdict,
        rationale=rationale,
        review_state=new_state,
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
    )
    review_event = _record(claim=claim, actor=reviewer, action=action, before=before, note=rationale, details=details)
    event_record(
        topic=VERDICT_SET,
        payload={
            "claim_id": claim.pk,
            "review_event_id": review_event.pk,
            "previous_reviewer_id": previous_reviewer_id,
        },
    )
    if action == ReviewEvent.Action.CORRECTED:
        _announce(claim.pk, VERDICT_CORRECTED)
    return claim


@transaction.atomic
def claim_publish(*, claim_id: int, editor: User, expected_version: int | None = None) -> Claim:
    """Publish a reviewed verdict, and with it the group's other members that carry the same verdict."""
    claim, others = _locked_with_group(claim_id, expected_version)
    if claim.review_state not in (ReviewState.PUBLISHED, ReviewState.REVIEWED):
        raise ReviewError("Only a reviewed claim can be published; set a verdict first.")
    if claim.review_state == ReviewState.REVIEWED:
        claim = _publish_one(claim, editor=editor)
    for member in others:
        if member.review_state == ReviewState.REVIEWED and member.verdict == claim.verdict:
            _publish_one(member, editor=editor, details={"group_id": claim.group_id, "via_claim_id": claim.pk})
    return claim


def _publish_one(claim: Claim, *, editor: User, details: dict[str, Any] | None = None) -> Claim:
    before = (claim.review_state, claim.verdict)
    claim = _bump(claim, review_state=ReviewState.PUBLISHED, published_at=timezone.now())
    _record(claim=claim, actor=editor, action=ReviewEvent.Action.PUBLISHED, before=before, details=details)
    _announce(claim.pk, VERDICT_PUBLISHED)
    return claim


@transaction.atomic
def claim_withdraw(*, claim_id: int, actor: User, reason: str, expected_version: int | None = None) -> Claim:
    """Take a published verdict back from partners; the verdict and its history stay on record."""
    reason = reason.strip()
    if not reason:
        raise ReviewError("Give a reason for withdrawing the verdict; partners are told it.")
    claim, others = _locked_with_group(claim_id, expected_version)
    if claim.review_state != ReviewState.PUBLISHED:
        raise ReviewError("Only a published verdict can be withdrawn.")
    for member in [claim, *others]:
        if member.review_state != ReviewState.PUBLISHED:
            continue
        before = (member.review_state, member.verdict)
        member = _bump(member, review_state=ReviewState.WITHDRAWN)
        _record(
            claim=member,
            actor=actor,
            action=ReviewEvent.Action.WITHDRAWN,
            before=before,
            note=reason,
            details=_via(member, claim),
        )
        _announce(member.pk, VERDICT_WITHDRAWN)
    claim.refresh_from_db()
    return claim


@transaction.atomic
def claim_unpublish(*, claim_id: int, actor: User, reason: str, expected_version: int | None = None) -> Claim:
    """Return a published verdict to the desk for correction; partners are told it is withdrawn meanwhile."""
    reason = reason.strip()
    if not reason:
        raise ReviewError("Give a reason for unpublishing the verdict.")
    claim, others = _locked_with_group(claim_id, expected_version)
    if claim.review_state != ReviewState.PUBLISHED:
        raise ReviewError("Only a published verdict can be unpublished.")
    for member in [claim, *others]:
        if member.review_state != ReviewState.PUBLISHED:
            continue
        before = (member.review_state, member.verdict)
        member = _bump(member, review_state=ReviewState.REVIEWED, published_at=None)
        _record(
            claim=member,
            actor=actor,
            action=ReviewEvent.Action.UNPUBLISHED,
            before=before,
            note=reason,
            details=_via(member, claim),
        )
        _announce(member.pk, VERDICT_WITHDRAWN)
    claim.refresh_from_db()
    return claim


def _via(member: Claim, acted_on: Claim) -> dict[str, Any]:
    """How a group member's history says the change reached it: through which claim of its group."""
    return {} if member.pk == acted_on.pk else {"group_id": acted_on.group_id, "via_claim_id": acted_on.pk}


@transaction.atomic
def claims_assign(*, claim_ids: Iterable[int], assignee: User | None, actor: User) -> int:
    """Assign claims to a reviewer (or back to the shared queue); returns how many changed hands."""
    changed = 0
    for claim in Claim.objects.select_for_update().filter(pk__in=list(claim_ids)).order_by("pk"):
        if claim.assigned_to_id == (assignee.pk if assignee else None):
            continue
        before = (claim.review_state, claim.verdict)
        previous = claim.assigned_to_id
        claim = _bump(claim, assigned_to=assignee)
        review_event = _record(
            claim=claim,
            actor=actor,
            action=ReviewEvent.Action.ASSIGNED,
            before=before,
            details={"from_user_id": previous, "to_user_id": assignee.pk if assignee else None},
        )
        event_record(topic=CLAIM_ASSIGNED, payload={"claim_id": claim.pk, "review_event_id": review_event.pk})
        changed += 1
    return changed


@transaction.atomic
def claim_assign(*, claim_id: int, assignee: User | None, actor: User, expected_version: int) -> bool:
    """Assign one claim as the person saw it (version `expected_version`); returns whether it changed hands."""
    _locked_claim(claim_id, expected_version)  # raises StaleClaimError when someone changed it since
    return claims_assign(claim_ids=[claim_id], assignee=assignee, actor=actor) == 1


@transaction.atomic
def article_claims_assign(*, article_id: int, assignee: User | None, actor: User) -> int:
    """Assign every claim of an article that still awaits review; returns how many changed hands."""
    claim_ids = Claim.objects.filter(article_id=article_id, review_state=ReviewState.UNREVIEWED).values_list(
        "pk", flat=True
    )
    return claims_assign(claim_ids=list(claim_ids), assignee=assignee, actor=actor)


@transaction.atomic
def article_claims_publish(*, article_id: int, editor: User) -> int:
    """Publish every reviewed (not yet published) verdict of an article; returns how many were published."""
    claim_ids = Claim.objects.filter(article_id=article_id, review_state=ReviewState.REVIEWED).values_list(
        "pk", flat=True
    )
    published = 0
    for claim_id in claim_ids:
        claim_publish(claim_id=claim_id, editor=editor)
        published += 1
    return published


def _open_claim_for_evidence(claim_id: int) -> Claim:
    claim = _locked_claim(claim_id, None)
    if claim.review_state in (ReviewState.PUBLISHED, ReviewState.WITHDRAWN):
        raise ReviewError("Unpublish the verdict before changing its evidence.")
    return claim


@transaction.atomic
def evidence_decide(*, evidence_id: int, accept: bool, actor: User, stance: str | None = None) -> Evidence:
    """Accept a suggestion as evidence (optionally with a corrected stance) or reject it."""
    if stance is not None and stance not in Evidence.Stance.values:
        raise ReviewError(f"Unknown stance {stance!r}; choose supports, contradicts or context.")
    claim_id = Evidence.objects.filter(pk=evidence_id).values_list("claim_id", flat=True).first()
    if claim_id is None:
        raise ReviewError(f"Evidence {evidence_id} does not exist.")
    # Claim first, then evidence: the same order as the pipeline's suggestion refresh, so the two never deadlock.
    claim = _open_claim_for_evidence(claim_id)
    evidence = Evidence.objects.select_for_update().filter(pk=evidence_id, claim_id=claim_id).first()
    if evidence is None:
        raise ReviewError(f"Evidence {evidence_id} was replaced by a newer suggestion; reload the claim.")
    new_state = Evidence.State.ACCEPTED if accept else Evidence.State.REJECTED
    new_stance = stance or evidence.stance
    if evidence.state == new_state and evidence.stance == new_stance:
        return evidence
    previous = {"state": evidence.state, "stance": evidence.stance}
    evidence.state, evidence.stance = new_state, new_stance
    evidence.decided_by, evidence.decided_at = actor, timezone.now()
    evidence.save(update_fields=["state", "stance", "decided_by", "decided_at"])
    if evidence.origin == Evidence.Origin.SYSTEM and evidence.passage_id is not None:
        passage_text = Passage.objects.filter(pk=evidence.passage_id).values_list("text", flat=True).get()
        _stance_label_record(evidence=evidence, claim=claim, passage_text=passage_text, accepted=accept, actor=actor)
    # Evidence rows carry their own state, so deciding one does not bump the claim's version: a reviewer's open
    # verdict form stays valid while they work through the suggestions.
    before = (claim.review_state, claim.verdict)
    _record(
        claim=claim,
        actor=actor,
        action=ReviewEvent.Action.EVIDENCE_ACCEPTED if accept else ReviewEvent.Action.EVIDENCE_REJECTED,
        before=before,
        details={"evidence_id": evidence.pk, "before": previous, "after": {"state": new_state, "stance": new_stance}},
    )
    return evidence


@transaction.atomic
def evidence_add_external(
    *, claim_id: int, url: str, excerpt: str, stance: str, note: str = "", actor: User
) -> Evidence:
    url, excerpt = url.strip(), excerpt.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ReviewError("Give the evidence's web address as a full http(s) URL.") from exc
    if not excerpt:
        raise ReviewError("Quote the passage of the external source that bears on the claim.")
    if stance not in Evidence.Stance.values:
        raise ReviewError(f"Unknown stance {stance!r}; choose supports, contradicts or context.")
    claim = _open_claim_for_evidence(claim_id)
    evidence = Evidence.objects.create(
        claim_id=claim.pk,
        external_url=url,
        excerpt=excerpt,
        note=note.strip(),
        stance=stance,
        origin=Evidence.Origin.HUMAN,
        state=Evidence.State.ACCEPTED,
        created_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    before = (claim.review_state, claim.verdict)
    _record(
        claim=claim,
        actor=actor,
        action=ReviewEvent.Action.EVIDENCE_ADDED,
        before=before,
        details={"evidence_id": evidence.pk, "url": url, "stance": stance},
    )
    event_record(topic=EVIDENCE_ADDED, payload={"evidence_ids": [evidence.pk]})
    return evidence


def _stance_label_record(
    *, evidence: Evidence, claim: Claim, passage_text: str, accepted: bool, actor: User
) -> StanceLabel:
    # Every decision on a system suggestion is a labelled pair for `calibrate_from_reviews`; the texts are copied
    # so the label outlives a re-analysis that replaces the suggestion.
    suggested = evidence.suggested_stance or evidence.stance
    return StanceLabel.objects.create(
        evidence=evidence,
        claim_text=claim.text,
        passage_text=passage_text,
        suggested_stance=suggested,
        probabilities=evidence.stance_probabilities,
        decision=StanceLabel.Decision.ACCEPTED if accepted else StanceLabel.Decision.REJECTED,
        reviewer_stance=evidence.stance if accepted else suggested,
        reviewer=actor,
    )


# Below this many reviewed suggestions a re-fit would follow a handful of decisions.
MIN_LABELS_TO_CALIBRATE = 50


@transaction.atomic
def stance_calibrate_from_reviews(
    *, defaults: StanceThresholds, min_labels: int = MIN_LABELS_TO_CALIBRATE
) -> tuple[StanceCalibration, ThresholdFit]:
    """Re-fit the stance thresholds on reviewers' latest decision per suggestion; the new row takes effect at once.

    Raises TooFewDecisionsError (nothing is stored) when fewer than `min_labels` usable decisions exist.
    """
    current = StanceCalibration.objects.current_thresholds(defaults)
    latest: dict[int | None, StanceLabel] = {}
    unlinked: list[StanceLabel] = []
    for label in StanceLabel.objects.exclude(probabilities={}).order_by("created_at", "id"):
        # A reviewer who changes their mind overrides their earlier decision on the same suggestion.
        if label.evidence_id is None:
            unlinked.append(label)
        else:
            latest[label.evidence_id] = label
    decisions = [
        ReviewedSuggestion(
            probabilities={key: float(value) for key, value in label.probabilities.items()},
            suggested=engine_relation(label.suggested_stance),
            accepted=label.decision == StanceLabel.Decision.ACCEPTED,
            reviewer_relation=engine_relation(label.reviewer_stance),
        )
        for label in [*unlinked, *latest.values()]
    ]
    fit = fit_thresholds(decisions, current, min_decisions=min_labels)
    calibration = StanceCalibration.objects.create(
        supports_threshold=fit.after.supports,
        contradicts_threshold=fit.after.contradicts,
        labels_used=fit.decisions,
        agreement_before=fit.agreement_before,
        agreement_after=fit.agreement_after,
    )
    return calibration, fit


# --- claim groups: one review for the same claim reported by several articles ---------------------------------


@transaction.atomic
def claim_group_join(*, claim_id: int, same_as_ids: Iterable[int]) -> int | None:
    """Group a claim with the claims of other articles that state the same fact; returns the group's id or None.

    Conservative: nothing is grouped when the claims already sit in two different groups, when any of them was
    split out of a group by an editor, or when they carry different verdicts. A claim that joins a group with a
    verdict takes that verdict (reviewed, never published by this: an editor publishes it), recorded in its history.
    """
    wanted = {claim_id, *same_as_ids}
    groups = set(Claim.objects.filter(pk__in=wanted, group__isnull=False).values_list("group_id", flat=True))
    if len(groups) > 1:
        return None
    members = list(Claim.objects.select_for_update().filter(Q(pk__in=wanted) | Q(group_id__in=groups)).order_by("pk"))
    # Read again under the lock: a split or a grouping may have landed between the two reads.
    if {m.group_id for m in members if m.pk in wanted and m.group_id} != groups or len(groups) > 1:
        return None
    if claim_id not in {m.pk for m in members} or any(m.split_from_group for m in members if m.pk in wanted):
        return None
    if len({m.verdict for m in members if m.verdict}) > 1:
        return None
    group_id = next(iter(groups)) if groups else ClaimGroup.objects.create().pk
    joining = [m for m in members if m.group_id is None]
    if not joining:
        return group_id
    Claim.objects.filter(pk__in=[m.pk for m in joining]).update(group_id=group_id)
    decided = [m for m in members if m.review_state != ReviewState.UNREVIEWED]
    if decided:
        source = max(decided, key=lambda m: (m.reviewed_at or m.updated_at, m.pk))
        for member in joining:
            if member.review_state != ReviewState.UNREVIEWED:
                continue
            member.group_id = group_id
            before = (member.review_state, member.verdict)
            member = _bump(
                member,
                verdict=source.verdict,
                rationale=source.rationale,
                review_state=ReviewState.REVIEWED,
                reviewed_by_id=source.reviewed_by_id,
                reviewed_at=timezone.now(),
            )
            _record(
                claim=member,
                actor=None,
                action=ReviewEvent.Action.VERDICT_SET,
                before=before,
                note=source.rationale,
                details={"group_id": group_id, "via_claim_id": source.pk, "joined_group": True},
            )
    return group_id


@transaction.atomic
def claim_group_split(*, claim_id: int, actor: User, expected_version: int | None = None) -> Claim:
    """Take a claim out of a wrong grouping: it keeps its verdict and evidence and is never grouped again."""
    claim, others = _locked_with_group(claim_id, expected_version)
    if claim.group_id is None:
        raise ReviewError(f"Claim {claim_id} is not grouped with other reports.")
    group_id = claim.group_id
    before = (claim.review_state, claim.verdict)
    claim = _bump(claim, group=None, split_from_group=True)
    _record(
        claim=claim,
        actor=actor,
        action=ReviewEvent.Action.GROUP_SPLIT,
        before=before,
        details={"group_id": group_id, "other_claim_ids": [m.pk for m in others]},
    )
    if len(others) <= 1:
        # A group of one is no group: the last member goes back to reviewing alone (and may be grouped again).
        Claim.objects.filter(group_id=group_id).update(group=None)
        ClaimGroup.objects.filter(pk=group_id).delete()
    return claim
