"""The analysis run for one article: split → score → store → suggest cross-source evidence.

A run owns its article through a token written by a compare-and-swap, reports progress as it goes, and stores its
results in short transactions that only ever replace what the system itself suggested. Running it twice, or after a
crash halfway, leaves the same result.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from rapidfuzz import fuzz

from articles.models import Article, Passage
from claims import related, services
from claims.events import EVIDENCE_ADDED, EVIDENCE_REFRESH_REQUESTED
from claims.identity import Span, match_spans
from claims.models import (
    Claim,
    Evidence,
    EvidenceRefreshRequest,
    RetiredClaim,
    ReviewState,
    StanceCalibration,
    evidence_stance,
)
from engine.extraction import ExtractionResult, SentenceAnalysis, analyse_sentences, split_sentences
from engine.extraction.event_date import resolve_event_date
from engine.matching import ArticleDoc, ClaimDoc, Relation, Suggestion, judge_origin, suggest_evidence
from engine.matching.facts.extract import extract_facts
from engine.models.embedder import load_embedder, vector_from_bytes, vector_to_bytes
from engine.stance.thresholds import NEWS_THRESHOLDS
from outbox.services import event_record

logger = logging.getLogger(__name__)

SUGGESTIONS_PER_CLAIM = 5
RELATED_ARTICLES_LIMIT = 20


class RunSupersededError(RuntimeError):
    """Another run took the article over (or it was deleted); this run must stop without writing."""


@dataclass(frozen=True, slots=True)
class RunOutcome:
    article_id: int
    claims_created: int
    claims_kept: int
    suggestions: int
    related_article_ids: list[int]


def article_run_start(*, article_id: int) -> str | None:
    """Take ownership of a queued article, or of one whose previous run stopped reporting; None if not ours to run."""
    token = str(uuid.uuid4())
    now = timezone.now()
    lease_expired = now - timedelta(seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS)
    claimable = Q(status=Article.Status.QUEUED) | Q(
        status=Article.Status.PROCESSING, processing_heartbeat__lt=lease_expired
    )
    updated = Article.objects.filter(claimable, pk=article_id).update(
        status=Article.Status.PROCESSING,
        stage=Article.Stage.SPLITTING,
        progress=0,
        error_message="",
        processing_token=token,
        processing_heartbeat=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return token if updated == 1 else None


def lease_remaining(*, article_id: int) -> float | None:
    """Seconds until a live run's lease on the article runs out; None when no run holds it."""
    heartbeat = (
        Article.objects.filter(pk=article_id, status=Article.Status.PROCESSING)
        .values_list("processing_heartbeat", flat=True)
        .first()
    )
    if heartbeat is None:
        return None
    expires = heartbeat + timedelta(seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS)
    return max(0.0, (expires - timezone.now()).total_seconds())


@contextmanager
def heartbeat(*, article_id: int, token: str, every: float | None = None) -> Iterator[None]:
    """Renew the run's lease from a background thread while the body runs, whatever stage it is in.

    A killed worker stops beating, so its lease runs out after FACTCHECK_PROCESSING_LEASE_SECONDS and the
    article is taken over; a live run in a long stage (a slow model on a long article) never looks dead.
    """
    interval = every if every is not None else settings.FACTCHECK_PROCESSING_LEASE_SECONDS / 3
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    Article.objects.filter(pk=article_id, processing_token=token).update(
                        processing_heartbeat=timezone.now()
                    )
                except DatabaseError:  # a busy or restarting database: the next beat tries again
                    logger.warning("heartbeat for article %s failed; retrying", article_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{article_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def _report(article_id: int, token: str, stage: Article.Stage, progress: int) -> None:
    now = timezone.now()
    updated = Article.objects.filter(pk=article_id, processing_token=token).update(
        stage=stage, progress=progress, processing_heartbeat=now, updated_at=now
    )
    if updated != 1:
        raise RunSupersededError(f"article {article_id} is no longer owned by run {token}")


def article_run_fail(*, article_id: int, token: str | None, message: str) -> bool:
    """Mark the run failed with a reason a person can act on; False when the run no longer owns the article."""
    owned = Q(processing_token=token) if token else Q(status__in=[Article.Status.QUEUED, Article.Status.PROCESSING])
    now = timezone.now()
    return (
        Article.objects.filter(owned, pk=article_id).update(
            status=Article.Status.FAILED, error_message=message[:2000], processing_token="", updated_at=now
        )
        == 1
    )


def stuck_articles_requeue(*, queued_for: timedelta) -> list[int]:
    """Queue again the articles no worker is running: queued for longer than `queued_for` (the broker lost the
    message), or processing with an expired lease (the worker died). Safe to run any time, even twice at once:
    a run only starts through the compare-and-swap in `article_run_start`, so a duplicate message is skipped.
    """
    from claims import tasks

    now = timezone.now()
    lease_expired = now - timedelta(seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS)
    stuck = list(
        Article.objects.filter(
            Q(status=Article.Status.QUEUED, updated_at__lt=now - queued_for)
            | Q(status=Article.Status.PROCESSING, processing_heartbeat__lt=lease_expired)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for article_id in stuck:
        tasks.article_process_task.delay(article_id)
    return stuck


def article_run_requeue(*, article_id: int, token: str) -> bool:
    """Give the article back to the queue after a transient failure, so the retry can take it."""
    return (
        Article.objects.filter(pk=article_id, processing_token=token).update(
            status=Article.Status.QUEUED, stage=Article.Stage.WAITING, processing_token="", updated_at=timezone.now()
        )
        == 1
    )


def article_run(*, article_id: int, token: str) -> RunOutcome:
    article = Article.objects.without_payload().select_related("source").get(pk=article_id)
    body = article.body

    sentences = split_sentences(body)
    _report(article_id, token, Article.Stage.SCORING, 15)
    vectors = load_embedder().encode([sentence.text for sentence in sentences])
    _report(article_id, token, Article.Stage.SCORING, 45)
    extraction = analyse_sentences(body, sentences, embeddings=vectors)
    _report(article_id, token, Article.Stage.STORING, 60)

    created, kept = _store_analysis(article=article, token=token, extraction=extraction, vectors=vectors)
    _report(article_id, token, Article.Stage.MATCHING, 75)

    passage_vectors = vectors[[i for i, s in enumerate(extraction.sentences) if s.boilerplate is None]]
    related.article_index_update(article, passage_vectors)
    candidates = related.related_articles(article, limit=RELATED_ARTICLES_LIMIT)
    own, *others = related.article_docs([article, *candidates])  # one read of every passage vector
    _assign_same_origin(article=article, own=own, candidates=candidates, docs=others)
    _report(article_id, token, Article.Stage.MATCHING, 85)
    suggestions = _suggest_for_article(article, own, candidates, others)

    now = timezone.now()
    finished = Article.objects.filter(pk=article_id, processing_token=token).update(
        status=Article.Status.DONE,
        stage=Article.Stage.FINISHED,
        progress=100,
        processing_token="",
        processed_at=now,
        processing_heartbeat=now,
        updated_at=now,
    )
    if finished != 1:
        raise RunSupersededError(f"article {article_id} was taken over before run {token} finished")

    # The new article is evidence for its neighbours too: refresh their suggestions, each in its own task, at most
    # one pending per neighbour however many runs ask. Looking again now that this article is done catches a
    # neighbour that finished while we ran (two workers, two articles about one event): whichever finishes second
    # sees the other and refreshes both.
    neighbour_ids = [a.pk for a in related.related_articles(article, limit=RELATED_ARTICLES_LIMIT)]
    refresh_ids = neighbour_ids + ([article_id] if set(neighbour_ids) - {c.pk for c in candidates} else [])
    evidence_refreshes_request(article_ids=refresh_ids)
    return RunOutcome(article_id, created, kept, suggestions, neighbour_ids)


@transaction.atomic
def _store_analysis(
    *, article: Article, token: str, extraction: ExtractionResult, vectors: np.ndarray
) -> tuple[int, int]:
    # Lock the row so a takeover cannot interleave its own store with ours.
    locked = Article.objects.select_for_update().filter(pk=article.pk, processing_token=token).first()
    if locked is None:
        raise RunSupersededError(f"article {article.pk} is no longer owned by run {token}")

    existing = {(p.start, p.end): p for p in Passage.objects.filter(article=article)}
    wanted: dict[tuple[int, int], Passage] = {}
    to_create: list[Passage] = []
    to_update: list[Passage] = []
    for position, (analysis, vector) in enumerate(zip(extraction.sentences, vectors, strict=True)):
        span = (analysis.sentence.start, analysis.sentence.end)
        passage = existing.get(span)
        if passage is None:
            passage = Passage(article=article, start=span[0], end=span[1])
            to_create.append(passage)
        else:
            to_update.append(passage)
        passage.position = position
        passage.text = analysis.sentence.text
        passage.is_boilerplate = analysis.boilerplate is not None
        passage.is_current = True
        passage.embedding = vector_to_bytes(vector)
        wanted[span] = passage
    Passage.objects.bulk_create(to_create)
    Passage.objects.bulk_update(to_update, ["position", "text", "is_boilerplate", "is_current", "embedding"])
    stale = [p.pk for span, p in existing.items() if span not in wanted]
    if stale:
        cited = set(
            Evidence.objects.filter(passage_id__in=stale)
            .exclude(origin=Evidence.Origin.SYSTEM, state=Evidence.State.SUGGESTED)
            .values_list("passage_id", flat=True)
        )
        Evidence.objects.filter(
            passage_id__in=stale, origin=Evidence.Origin.SYSTEM, state=Evidence.State.SUGGESTED
        ).delete()
        Passage.objects.filter(pk__in=cited).update(is_current=False)
        Passage.objects.filter(pk__in=set(stale) - cited).delete()

    created, kept = _store_claims(article=article, extraction=extraction, passages=wanted)
    Article.objects.filter(pk=article.pk).update(
        warnings=list(extraction.warnings), language=article.language or extraction.language
    )
    return created, kept


# A claim moved to a new span is first parked past any real offset (bodies are far shorter), so the one-row-at-a-time
# unique check on (article, start, end) never sees two claims swap spans.
_PARKED = 1_000_000_000


def _store_claims(
    *, article: Article, extraction: ExtractionResult, passages: dict[tuple[int, int], Passage]
) -> tuple[int, int]:
    """Store the run's claims, keeping the id of every stored claim whose sentence is still there.

    A stored claim is the same claim as a fresh sentence with the same text, or near-identical text, nearest in
    position (`claims.identity`). A kept claim nobody has acted on is updated in place (its version bumped only
    when its text changed, so an open review form still submits); a claim a person has acted on stays exactly as
    it is, whatever the new analysis says (only following its unchanged sentence to a new position); a claim nobody
    acted on whose sentence is gone is deleted and recorded as retired, so its URL leads to the article. Runs under
    the article's row lock (the caller's) and locks the claims, so a verdict saved meanwhile waits or is seen.
    """
    stored = list(Claim.objects.select_for_update().filter(article=article).order_by("pk"))
    touched = set(Claim.objects.filter(article=article).touched_by_people().values_list("pk", flat=True))
    fresh = [analysis for analysis in extraction.claims if analysis.assessment is not None]
    spans = [(analysis.sentence.start, analysis.sentence.end) for analysis in fresh]
    pairs = match_spans(
        [Span(claim.pk, claim.start, claim.text) for claim in stored],
        [Span(index, analysis.sentence.start, analysis.sentence.text) for index, analysis in enumerate(fresh)],
    )
    by_pk = {c.pk: c for c in stored}
    while True:
        # A person's claim left where it is holds its span; no other claim may move onto it.
        blocked = {
            (c.start, c.end)
            for c in stored
            if c.pk in touched and (c.pk not in pairs.values() or _stays(c, fresh[_index_of(pairs, c.pk)]))
        }
        clash = [i for i, pk in pairs.items() if spans[i] in blocked and (by_pk[pk].start, by_pk[pk].end) != spans[i]]
        if not clash:
            break
        for index in clash:
            del pairs[index]
    matched = set(pairs.values())
    vanished = [c for c in stored if c.pk not in matched and c.pk not in touched]
    if vanished:
        RetiredClaim.objects.bulk_create(
            [RetiredClaim(claim_id=c.pk, article_id=article.pk, text=c.text) for c in vanished],
            ignore_conflicts=True,
        )
        Claim.objects.filter(pk__in=[c.pk for c in vanished]).delete()
    now = timezone.now()
    taken = set(blocked)
    updates: list[Claim] = []
    new_claims: list[Claim] = []
    for index, analysis in enumerate(fresh):
        span = spans[index]
        old_pk = pairs.get(index)
        if old_pk is None:
            if span not in taken:
                new_claims.append(Claim(article=article, **_claim_fields(article, analysis, passages[span])))
                taken.add(span)
            continue
        claim = by_pk[old_pk]
        if old_pk in touched:
            if _stays(claim, analysis):
                continue
            fields: dict[str, Any] = {"start": span[0], "end": span[1], "passage": passages[span]}
        else:
            fields = _claim_fields(article, analysis, passages[span])
            if claim.text != fields["text"]:
                fields["version"] = claim.version + 1
        changed = {name: value for name, value in fields.items() if getattr(claim, name) != value}
        taken.add(span)
        if not changed:
            continue
        if "start" in changed or "end" in changed:
            Claim.objects.filter(pk=claim.pk).update(start=F("start") + _PARKED, end=F("end") + _PARKED)
        for name, value in changed.items():
            setattr(claim, name, value)
        if old_pk not in touched:
            claim.updated_at = now
        updates.append(claim)
    if updates:
        Claim.objects.bulk_update(updates, [*_UPDATED_FIELDS, "version", "updated_at"])
    Claim.objects.bulk_create(new_claims)
    return len(new_claims), len(stored) - len(vanished)


def _index_of(pairs: dict[int, int], pk: int) -> int:
    return next(index for index, stored_pk in pairs.items() if stored_pk == pk)


def _stays(claim: Claim, analysis: SentenceAnalysis) -> bool:
    """A claim a person acted on stays where it is unless its very sentence moved elsewhere."""
    return claim.text != analysis.sentence.text or (claim.start, claim.end) == (
        analysis.sentence.start,
        analysis.sentence.end,
    )


_UPDATED_FIELDS = [
    "passage",
    "start",
    "end",
    "text",
    "score",
    "claim_type",
    "signals",
    "speaker",
    "speaker_role",
    "source_type",
    "event_date",
    "event_date_precision",
    "event_date_text",
]


def _claim_fields(article: Article, analysis: SentenceAnalysis, passage: Passage) -> dict[str, Any]:
    assessment = analysis.assessment
    assert assessment is not None
    return {
        "passage": passage,
        "start": analysis.sentence.start,
        "end": analysis.sentence.end,
        "text": analysis.sentence.text,
        "score": min(1.0, max(0.0, float(assessment.score))),
        "claim_type": str(assessment.claim_type),
        "signals": list(assessment.signals),
        "speaker": assessment.speaker[:200],
        "speaker_role": assessment.speaker_role[:200],
        "source_type": assessment.source_type[:100],
        **_event_date_fields(analysis.sentence.text, article.published_on),
    }


def _event_date_fields(text: str, published: date | None) -> dict[str, object]:
    resolved = resolve_event_date(text, published)
    if resolved is None:
        return {"event_date": None, "event_date_precision": "", "event_date_text": ""}
    return {
        "event_date": resolved.date,
        "event_date_precision": str(resolved.precision),
        "event_date_text": resolved.surface[:100],
    }


def _assign_same_origin(
    *, article: Article, own: ArticleDoc, candidates: Sequence[Article], docs: Sequence[ArticleDoc]
) -> None:
    """Group the article with any candidate it copies (or that copies it), rooted at the earliest report."""
    group: set[int] = set()
    passage_links: list[tuple[int, int]] = []
    best_score: dict[int, float] = {}
    for candidate, doc in zip(candidates, docs, strict=True):
        judgement = judge_origin(doc, own)
        if judgement.same_origin:
            group.add(candidate.origin_id)
            best_score[candidate.pk] = judgement.score
            passage_links.extend(judgement.passage_pairs)
    if not group:
        return
    with transaction.atomic():
        members = list(
            Article.objects.without_payload()
            .select_for_update()
            .filter(Q(pk__in=group) | Q(same_origin_as_id__in=group) | Q(pk=article.pk))
            .order_by("pk")
        )
        root = min(members, key=lambda a: (a.published_on or date.max, a.created_at, a.pk))
        for member in members:
            target = None if member.pk == root.pk else root.pk
            score = best_score.get(member.pk) if member.pk != article.pk else max(best_score.values())
            Article.objects.filter(pk=member.pk).update(
                same_origin_as_id=target, same_origin_score=score if target else None
            )
        for source_passage, copy_passage in passage_links:
            Passage.objects.filter(pk=copy_passage).update(same_origin_as_id=source_passage)


@transaction.atomic
def evidence_refreshes_request(*, article_ids: Sequence[int]) -> list[int]:
    """Ask for a refresh of each article's suggestions, coalesced: an article with one pending gets no second one.

    The returned ids are those a new request (and outbox event) was recorded for.
    """
    recorded: list[int] = []
    for article_id in sorted(set(article_ids)):
        _, created = EvidenceRefreshRequest.objects.get_or_create(article_id=article_id)
        if created:
            event_record(topic=EVIDENCE_REFRESH_REQUESTED, payload={"article_id": article_id})
            recorded.append(article_id)
    return recorded


def evidence_refreshes_resend_lost(*, older_than: timedelta) -> list[int]:
    """Send again the refresh requests pending longer than `older_than`: their message was lost (a broker restart).

    Without this a lost message would leave its request pending for ever, and every later ask for the article
    would be coalesced into it. A resend that races the original message is harmless: only one of them takes it.
    """
    cutoff = timezone.now() - older_than
    stale = list(
        EvidenceRefreshRequest.objects.filter(requested_at__lt=cutoff)
        .order_by("requested_at")
        .values_list("article_id", flat=True)[:500]
    )
    resent: list[int] = []
    for article_id in stale:
        with transaction.atomic():
            renewed = EvidenceRefreshRequest.objects.filter(article_id=article_id, requested_at__lt=cutoff).update(
                requested_at=timezone.now()
            )
            if renewed:
                event_record(topic=EVIDENCE_REFRESH_REQUESTED, payload={"article_id": article_id})
                resent.append(article_id)
    return resent


def evidence_refresh_take(*, article_id: int) -> bool:
    """Take the pending refresh request for the article; False when there is none (a duplicate message)."""
    deleted, _ = EvidenceRefreshRequest.objects.filter(article_id=article_id).delete()
    return deleted > 0


def evidence_refresh(*, article_id: int) -> int:
    """Re-match a finished article's unreviewed claims against its related articles; returns suggestions stored."""
    # An article mid-run is skipped: its own run ends by matching, and must not see claims replaced under it.
    article = Article.objects.without_payload().filter(pk=article_id, status=Article.Status.DONE).first()
    if article is None:
        return 0
    candidates = related.related_articles(article, limit=RELATED_ARTICLES_LIMIT)
    own, *others = related.article_docs([article, *candidates])
    _assign_same_origin(article=article, own=own, candidates=candidates, docs=others)
    return _suggest_for_article(article, own, candidates, others)


def _suggest_for_article(
    article: Article, own: ArticleDoc, candidates: Sequence[Article], others: Sequence[ArticleDoc]
) -> int:
    """Replace the system's unreviewed evidence suggestions for one article's claims."""
    claims = list(
        Claim.objects.filter(article=article, review_state=ReviewState.UNREVIEWED).only(
            "pk", "start", "end", "text", "passage_id"
        )
    )
    if not claims:
        return 0
    vectors = {passage.key: passage.vector for passage in own.passages}
    # A claim a person kept may sit on a passage the current split no longer produces: read those vectors here.
    stale = {c.passage_id for c in claims if c.passage_id is not None and c.passage_id not in vectors}
    for pk, raw in Passage.objects.filter(pk__in=stale).values_list("pk", "embedding"):
        if raw is not None:
            vectors[pk] = vector_from_bytes(bytes(raw))
    claim_docs = [
        ClaimDoc(key=c.pk, start=c.start, end=c.end, text=c.text, vector=vectors[c.passage_id])
        for c in claims
        if c.passage_id in vectors
    ]
    suggestions = suggest_evidence(
        claim_docs,
        own,
        others,
        per_claim=SUGGESTIONS_PER_CLAIM,
        stance_pairs_per_claim=settings.FACTCHECK_STANCE_PAIRS_PER_CLAIM,
        thresholds=StanceCalibration.objects.current_thresholds(NEWS_THRESHOLDS),
        read_both_ways=settings.FACTCHECK_STANCE_BOTH_WAYS,
        refutations=settings.FACTCHECK_STANCE_REFUTATIONS,
    )
    # Read origins afresh: grouping may have changed since the candidates were loaded.
    origin_of = {
        pk: root or pk
        for pk, root in Article.objects.filter(pk__in=[c.pk for c in candidates]).values_list("pk", "same_origin_as_id")
    }
    stored = _store_suggestions(
        article=article, claim_ids=[c.pk for c in claims], suggestions=suggestions, origin_of=origin_of
    )
    _group_same_claims(article=article, suggestions=suggestions)
    return stored


# The stance model's p(supports) above which a "supports" link may merge two claims' reviews. With no differing
# slot, no update and no time gap as well, and the same figures in both sentences (or, without figures, near-verbatim
# text): a wrong grouping spreads one verdict to a claim nobody checked, a missed one only costs a second review.
GROUP_MIN_SCORE = 0.9
GROUP_VERBATIM_WITHOUT_FIGURES = 95.0


def _group_same_claims(*, article: Article, suggestions: Sequence[Suggestion]) -> int:
    """Group each of the article's open claims with claims of other articles the matcher found stating the same fact."""
    strong = [
        s
        for s in suggestions
        if s.relation == Relation.SUPPORTS
        and s.score >= GROUP_MIN_SCORE
        and not s.differences
        and not s.update
        and not s.earlier_report
    ]
    if not strong:
        return 0
    own = {
        pk: (text, speaker)
        for pk, text, speaker in Claim.objects.filter(
            pk__in={s.claim_key for s in strong}, review_state=ReviewState.UNREVIEWED, split_from_group=False
        ).values_list("pk", "text", "speaker")
    }
    targets: dict[int, list[tuple[int, str, str]]] = {}
    for pk, passage_id, text, speaker in (
        Claim.objects.filter(passage_id__in={s.passage_key for s in strong}, split_from_group=False)
        .exclude(article=article)
        .values_list("pk", "passage_id", "text", "speaker")
    ):
        targets.setdefault(passage_id, []).append((pk, text, speaker))
    same: dict[int, set[int]] = {}
    for s in strong:
        if s.claim_key not in own:
            continue
        text, speaker = own[s.claim_key]
        for pk, other, other_speaker in targets.get(s.passage_key, []):
            if same_figures(text, other) and same_speaker(speaker, other_speaker):
                same.setdefault(s.claim_key, set()).add(pk)
    grouped = 0
    for claim_id in sorted(same):
        if services.claim_group_join(claim_id=claim_id, same_as_ids=sorted(same[claim_id])) is not None:
            grouped += 1
    return grouped


def same_speaker(speaker: str, other: str) -> bool:
    """Whether two attributions can be the same person ("Saal", "CEMA director Henrik Saal"); unknown matches any.

    "11 patients are in serious condition", said by a nurse in one report and by the agency's director in another,
    is two claims to check, not one.
    """
    if not speaker or not other:
        return True
    return bool(_name_words(speaker) & _name_words(other))


def _name_words(speaker: str) -> set[str]:
    return {word for word in re.findall(r"[^\W\d_]{3,}", speaker.lower())}


def same_figures(claim: str, other: str) -> bool:
    """Whether two sentences state the same figures (at least one); without figures, whether one copies the other."""
    figures = sorted(number.value for number in extract_facts(claim).numbers)
    other_figures = sorted(number.value for number in extract_facts(other).numbers)
    if figures or other_figures:
        return figures == other_figures
    return fuzz.token_sort_ratio(claim, other) >= GROUP_VERBATIM_WITHOUT_FIGURES


@transaction.atomic
def _store_suggestions(
    *, article: Article, claim_ids: list[int], suggestions: Sequence[Suggestion], origin_of: dict[int, int]
) -> int:
    # Only claims still unreviewed at write time: a verdict saved meanwhile freezes that claim's evidence.
    still_open = set(
        Claim.objects.select_for_update()
        .filter(pk__in=claim_ids, review_state=ReviewState.UNREVIEWED)
        .values_list("pk", flat=True)
    )
    Evidence.objects.filter(
        claim_id__in=still_open, origin=Evidence.Origin.SYSTEM, state=Evidence.State.SUGGESTED
    ).delete()
    decided = set(
        Evidence.objects.filter(claim_id__in=still_open, passage__isnull=False).values_list("claim_id", "passage_id")
    )
    own_origin = Article.objects.filter(pk=article.pk).values_list("same_origin_as_id", flat=True).first() or article.pk
    rows = [
        Evidence(
            claim_id=s.claim_key,
            passage_id=s.passage_key,
            stance=evidence_stance(str(s.relation)),
            suggested_stance=evidence_stance(str(s.relation)),
            stance_probabilities={label: round(value, 4) for label, value in s.probabilities.items()},
            origin=Evidence.Origin.SYSTEM,
            state=Evidence.State.SUGGESTED,
            score=round(float(s.score), 4),
            differences=[d.as_dict() for d in s.differences],
            same_origin=origin_of.get(s.article_key, s.article_key) == own_origin,
            earlier_report=s.earlier_report,
            update=s.update,
        )
        for s in suggestions
        if s.claim_key in still_open and (s.claim_key, s.passage_key) not in decided
    ]
    Evidence.objects.bulk_create(rows)
    if rows:
        event_record(topic=EVIDENCE_ADDED, payload={"evidence_ids": [row.pk for row in rows]})
    return len(rows)
