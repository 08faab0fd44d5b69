from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from articles.models import Article, Passage
from engine.stance.thresholds import StanceThresholds

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class ClaimType(models.TextChoices):
    QUANTITY = "quantity", "Quantity / statistic"
    EVENT = "event", "Event"
    QUOTE = "quote", "Quote / attribution"
    CAUSAL = "causal", "Causal"
    PREDICTION = "prediction", "Prediction"
    OTHER = "other", "Other"


class ReviewState(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    REVIEWED = "reviewed", "Reviewed"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Verdict(models.TextChoices):
    SUPPORTED = "supported", "Supported"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIED = "unverified", "Unverified"


class EventDatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def _kept_by_higher_apps() -> Q:
    """Claims that rows of apps above claims mark as worked on (a colleague's note), found by a flag on their model.

    Claims never names those apps: a model with a foreign key to Claim sets `keeps_claim_on_reanalysis = True`.
    """
    kept = Q()
    for relation in Claim._meta.related_objects:
        if getattr(relation.related_model, "keeps_claim_on_reanalysis", False):
            kept |= Q(**{f"{relation.name}__isnull": False})
    return kept


class ClaimQuerySet(models.QuerySet["Claim"]):
    def reviewed(self) -> ClaimQuerySet:
        return self.exclude(review_state=ReviewState.UNREVIEWED)

    def published(self) -> ClaimQuerySet:
        return self.filter(review_state=ReviewState.PUBLISHED)

    def unreviewed(self) -> ClaimQuerySet:
        return self.filter(review_state=ReviewState.UNREVIEWED)

    def touched_by_people(self) -> ClaimQuerySet:
        """Claims a person has acted on: reprocessing must leave these exactly as they are."""
        return self.filter(
            Q(review_state__in=[ReviewState.REVIEWED, ReviewState.PUBLISHED, ReviewState.WITHDRAWN])
            | Q(assigned_to__isnull=False)
            | Q(evidence__origin=Evidence.Origin.HUMAN)
            | Q(evidence__state__in=[Evidence.State.ACCEPTED, Evidence.State.REJECTED])
            | Q(events__isnull=False)
            | _kept_by_higher_apps()
        ).distinct()

    def for_review_queue(self) -> ClaimQuerySet:
        return self.unreviewed().order_by("-score", "article_id", "start")

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> ClaimQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self

    def matching(self, query: str) -> ClaimQuerySet:
        from articles.search import CLAIM_TSVECTOR, text_matches

        return text_matches(self, query, tsvector=CLAIM_TSVECTOR, fields=("text", "rationale"))

    def one_per_group(self) -> ClaimQuerySet:
        """Ungrouped claims, and of each group only its first member in the same review state: one row, one review."""
        earlier = self.model.objects.filter(
            group_id=OuterRef("group_id"), review_state=OuterRef("review_state"), pk__lt=OuterRef("pk")
        )
        return self.filter(Q(group__isnull=True) | ~Exists(earlier))

    def with_group_size(self) -> ClaimQuerySet:
        """Annotate `group_size`: how many claims (this one included) share its review; 1 when ungrouped."""
        members = (
            self.model.objects.filter(group_id=OuterRef("group_id"))
            .order_by()
            .values("group_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(group_size=Coalesce(Subquery(members, output_field=IntegerField()), Value(1)))

    def with_evidence_counts(self) -> ClaimQuerySet:
        return self.annotate(
            suggestion_count=Count("evidence", filter=Q(evidence__state=Evidence.State.SUGGESTED), distinct=True),
            accepted_count=Count("evidence", filter=Q(evidence__state=Evidence.State.ACCEPTED), distinct=True),
        )


class ClaimGroup(models.Model):
    """One fact reported by several articles: its members share one review (see `claims.services`).

    The analysis groups a claim with a same-fact report of another article; an editor can split a member out.
    """

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"claim group {self.pk}"


class Claim(models.Model):
    """A check-worthy span of an article and the desk's review of it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    passage = models.ForeignKey(Passage, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    score = models.FloatField(help_text="Check-worthiness in [0, 1]")
    claim_type = models.CharField(max_length=20, choices=ClaimType.choices, default=ClaimType.OTHER)
    signals = models.JSONField(default=list, blank=True, help_text="What drove the score")
    speaker = models.CharField(max_length=200, blank=True, help_text="Who asserts the claim")
    speaker_role = models.CharField(max_length=200, blank=True)
    # What the claim rests on when that is a document or a thing rather than a person ("pictures circulating on social
    # media"), or what a speaker spoke through ("statement" in "the ministry said in a statement").
    source_type = models.CharField(max_length=100, blank=True, help_text="The document or medium the claim rests on")
    # "On Wednesday" resolved against the article's publication date; the precision says how much of it is known.
    event_date = models.DateField(null=True, blank=True, help_text="When the claimed event happened, as the text says")
    event_date_precision = models.CharField(max_length=10, choices=EventDatePrecision.choices, blank=True)
    event_date_text = models.CharField(max_length=100, blank=True, help_text="The words the date was read from")

    review_state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.UNREVIEWED, db_index=True
    )
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    rationale = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_claims"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped by every review change")
    group = models.ForeignKey(
        ClaimGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="The same fact reported by other articles: one review for all of them",
    )
    split_from_group = models.BooleanField(
        default=False, help_text="An editor split this claim out of a group: the analysis never groups it again"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["article", "start"]
        permissions: ClassVar = [
            ("review_claim", "Can review claims and decide their evidence"),
            ("publish_claim", "Can publish, unpublish and withdraw verdicts"),
            ("assign_claim", "Can assign claims to reviewers"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_nonempty_span"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_unit_interval"),
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span"),
            # A verdict exists exactly when the claim has been reviewed.
            models.CheckConstraint(
                condition=(Q(review_state=ReviewState.UNREVIEWED) & Q(verdict=""))
                | (~Q(review_state=ReviewState.UNREVIEWED) & ~Q(verdict="")),
                name="claim_verdict_iff_reviewed",
            ),
            models.CheckConstraint(
                condition=~Q(review_state=ReviewState.PUBLISHED) | Q(published_at__isnull=False),
                name="claim_published_has_date",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["review_state", "-score"], name="claim_queue_idx"),
            models.Index(fields=["assigned_to", "review_state"], name="claim_assignee_idx"),
            # The feed's Last-Modified (claims.api.serializers.last_feed_change) is the newest updated_at of a
            # reviewed claim: one probe of this index, where every claim was scanned (most are never reviewed).
            models.Index(
                fields=["updated_at"], condition=~Q(review_state=ReviewState.UNREVIEWED), name="claim_feed_change_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("claims:review", args=[self.pk])

    @property
    def event_date_display(self) -> str:
        """The event date to the precision the text gives it ("March 2024" for "last March")."""
        if self.event_date is None:
            return ""
        if self.event_date_precision == EventDatePrecision.YEAR:
            return str(self.event_date.year)
        if self.event_date_precision == EventDatePrecision.MONTH:
            return self.event_date.strftime("%B %Y")
        return f"{self.event_date.day} {self.event_date.strftime('%B %Y')}"


class RetiredClaim(models.Model):
    """A claim that re-analysis removed because its sentence is gone: its old URL leads to the article."""

    claim_id = models.BigIntegerField(primary_key=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(help_text="The sentence as it was")
    retired_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"retired claim {self.claim_id}"


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def in_review_order(self) -> EvidenceQuerySet:
        """Open suggestions, then accepted, then rejected; within each, clashes first, then confirmations, then context.

        A contradiction's score (the probability that both texts state the same fact) is low by nature, so ordering
        by score alone would bury "three guards were hurt" against "no injuries" under every confirmation.
        """
        return self.annotate(
            state_rank=_rank("state", [Evidence.State.SUGGESTED, Evidence.State.ACCEPTED, Evidence.State.REJECTED]),
            stance_rank=_rank(
                "stance", [Evidence.Stance.CONTRADICTS, Evidence.Stance.SUPPORTS, Evidence.Stance.CONTEXT]
            ),
        ).order_by("state_rank", "stance_rank", F("score").desc(nulls_last=True), "pk")


def _rank(field: str, values: list[str]) -> Case:
    return Case(
        *(When(**{field: value}, then=Value(rank)) for rank, value in enumerate(values)),
        default=Value(len(values)),
        output_field=IntegerField(),
    )


class Evidence(models.Model):
    """A link from a claim to what another outlet reported (a passage) or to an external source."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CONTRADICTS = "contradicts", "Contradicts"
        CONTEXT = "context", "Context"

    class Origin(models.TextChoices):
        SYSTEM = "system", "Suggested by the system"
        HUMAN = "human", "Added by a person"

    class State(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    # PROTECT: a passage a reviewer cites must never vanish from under the decision.
    passage = models.ForeignKey(Passage, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence_links")
    external_url = models.URLField(max_length=2000, blank=True)
    excerpt = models.TextField(blank=True, help_text="Quoted text of an external source")
    note = models.TextField(blank=True)
    stance = models.CharField(max_length=20, choices=Stance.choices)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUGGESTED)
    score = models.FloatField(
        "confidence",
        null=True,
        blank=True,
        help_text="System suggestions: the stance model's probability in [0, 1] of the suggested stance "
        "(for context it did not read, the screen's similarity)",
    )
    differences = models.JSONField(default=list, blank=True, help_text="Values that differ between the two texts")
    same_origin = models.BooleanField(default=False, help_text="The passage's article shares the claim's origin")
    earlier_report = models.BooleanField(default=False, help_text="Reported well before the claim's article")
    update = models.BooleanField(
        default=False, help_text="A later report that updates the claim's figure or status (not a contradiction)"
    )
    suggested_stance = models.CharField(
        max_length=20,
        choices=Stance.choices,
        blank=True,
        help_text="The stance the system suggested, kept after review",
    )
    stance_probabilities = models.JSONField(
        default=dict, blank=True, help_text="The stance model's calibrated probabilities when it was suggested"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["claim", "-score", "id"]
        verbose_name_plural = "evidence"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(passage__isnull=False) & Q(external_url=""))
                | (Q(passage__isnull=True) & ~Q(external_url="") & ~Q(excerpt="")),
                name="evidence_passage_xor_external",
            ),
            models.CheckConstraint(
                condition=~Q(origin="system") | Q(passage__isnull=False, score__isnull=False),
                name="evidence_system_has_passage_and_score",
            ),
            models.UniqueConstraint(
                fields=["claim", "passage"], condition=Q(passage__isnull=False), name="evidence_unique_passage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()} evidence for claim {self.claim_id}"


# The engine's relations and the stored stances name one idea twice: "related" is shown as "context".
_STANCE_FOR_RELATION = {"supports": "supports", "contradicts": "contradicts", "related": "context"}
_RELATION_FOR_STANCE = {stance: relation for relation, stance in _STANCE_FOR_RELATION.items()}


def evidence_stance(relation: str) -> str:
    return _STANCE_FOR_RELATION[relation]


def engine_relation(stance: str) -> str:
    return _RELATION_FOR_STANCE[stance]


class ReviewEvent(models.Model):
    """One change to a claim's review. Append-only: rows are never updated or deleted by the application."""

    class Action(models.TextChoices):
        VERDICT_SET = "verdict_set", "Verdict set"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CORRECTED = "corrected", "Corrected"
        ASSIGNED = "assigned", "Assigned"
        EVIDENCE_ACCEPTED = "evidence_accepted", "Evidence accepted"
        EVIDENCE_REJECTED = "evidence_rejected", "Evidence rejected"
        EVIDENCE_ADDED = "evidence_added", "Evidence added"
        GROUP_SPLIT = "group_split", "Split from its group"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    from_verdict = models.CharField(max_length=20, blank=True)
    to_verdict = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    claim_version = models.PositiveIntegerField(help_text="The claim's version after this change")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["claim", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} on claim {self.claim_id}"


class StanceLabelQuerySet(models.QuerySet["StanceLabel"]):
    def agreement_by_relation(self) -> list[dict[str, object]]:
        """Per suggested stance: decisions, kept as suggested, accepted with another stance, rejected, agreement."""
        rows = self.values("suggested_stance").annotate(
            decisions=Count("id"),
            kept=Count("id", filter=Q(decision="accepted", reviewer_stance=F("suggested_stance"))),
            restanced=Count("id", filter=Q(decision="accepted") & ~Q(reviewer_stance=F("suggested_stance"))),
            rejected=Count("id", filter=Q(decision="rejected")),
        )
        by_stance = {row["suggested_stance"]: row for row in rows}
        table: list[dict[str, object]] = []
        for stance, label in Evidence.Stance.choices:
            row = by_stance.get(stance, {"decisions": 0, "kept": 0, "restanced": 0, "rejected": 0})
            decisions = int(row["decisions"])
            table.append(
                {
                    "stance": stance,
                    "label": label,
                    "decisions": decisions,
                    "kept": row["kept"],
                    "restanced": row["restanced"],
                    "rejected": row["rejected"],
                    "agreement": (int(row["kept"]) / decisions) if decisions else None,
                }
            )
        return table


class StanceLabel(models.Model):
    """A reviewer's accept or reject of a system suggestion, kept as a labelled pair the thresholds learn from.

    The texts are copied, so a label outlives the re-analysis that deletes its suggestion. Append-only.
    """

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="labels")
    claim_text = models.TextField()
    passage_text = models.TextField()
    suggested_stance = models.CharField(max_length=20, choices=Evidence.Stance.choices)
    probabilities = models.JSONField(default=dict, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    # Accepted: the stance the reviewer kept or corrected it to. Rejected: the suggested stance, refused.
    reviewer_stance = models.CharField(max_length=20, choices=Evidence.Stance.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = StanceLabelQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.suggested_stance} suggestion (evidence {self.evidence_id})"

    @property
    def agrees(self) -> bool:
        """Whether the reviewer kept the suggestion as suggested."""
        return self.decision == self.Decision.ACCEPTED and self.reviewer_stance == self.suggested_stance


class StanceCalibrationQuerySet(models.QuerySet["StanceCalibration"]):
    def current_thresholds(self, defaults: StanceThresholds) -> StanceThresholds:
        """The newest re-fitted thresholds, or `defaults` (the shipped ones) when reviewers have not re-fitted."""
        return self.refitted_thresholds() or defaults

    def refitted_thresholds(self) -> StanceThresholds | None:
        """The newest thresholds re-fitted on reviewers' decisions, if any."""
        newest = self.order_by("-created_at", "-id").first()
        if newest is None:
            return None
        return StanceThresholds(supports=newest.supports_threshold, contradicts=newest.contradicts_threshold)


class StanceCalibration(models.Model):
    """Decision thresholds re-fitted on reviewers' labels; the newest row is the one the pipeline uses."""

    supports_threshold = models.FloatField()
    contradicts_threshold = models.FloatField()
    labels_used = models.PositiveIntegerField()
    agreement_before = models.FloatField(help_text="Share of labels the previous thresholds agreed with")
    agreement_after = models.FloatField(help_text="Share of labels these thresholds agree with")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = StanceCalibrationQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"supports ≥ {self.supports_threshold:.2f}, contradicts ≥ {self.contradicts_threshold:.2f}"


class EvidenceRefreshRequest(models.Model):
    """One pending refresh of an article's suggestions, however many neighbours asked for it.

    A finished run asks its neighbours to look again; while a request is pending, further asks add nothing, so a
    burst of uploads about one event costs each neighbour one refresh, not one per upload.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"refresh of article {self.article_id}"
