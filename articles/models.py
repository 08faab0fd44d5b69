from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class Source(models.Model):
    """An outlet that publishes articles."""

    class Kind(models.TextChoices):
        WIRE = "wire", "Wire agency"
        NEWSPAPER = "newspaper", "Newspaper"
        BROADCASTER = "broadcaster", "Broadcaster"
        ONLINE = "online", "Online outlet"
        BLOG = "blog", "Blog"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, unique=True, help_text="Bare host name, e.g. example-news.com")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=~Q(domain=""), name="source_domain_not_empty"),
            models.CheckConstraint(condition=Q(domain=Lower("domain")), name="source_domain_lowercase"),
        ]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet["Article"]):
    def without_payload(self) -> ArticleQuerySet:
        """Skip the original upload bytes, which lists and pages never need."""
        return self.defer("original_bytes")

    def in_progress(self) -> ArticleQuerySet:
        return self.filter(status__in=[Article.Status.QUEUED, Article.Status.PROCESSING])

    def processed(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.DONE)

    def matching(self, query: str) -> ArticleQuerySet:
        from articles.search import ARTICLE_TSVECTOR, text_matches

        return text_matches(self, query, tsvector=ARTICLE_TSVECTOR, fields=("title", "body"))


class Article(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Stage(models.TextChoices):
        WAITING = "waiting", "Waiting for a worker"
        SPLITTING = "splitting", "Splitting into passages"
        SCORING = "scoring", "Scoring claims"
        STORING = "storing", "Storing claims"
        MATCHING = "matching", "Finding cross-source evidence"
        FINISHED = "finished", "Finished"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    byline = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(
        max_length=200, blank=True, help_text='Place and agency the report was filed from: "KHARTOUM, Sudan (AP)"'
    )
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True, help_text="Publication date, when known")
    language = models.CharField(max_length=16, blank=True)
    body = models.TextField(help_text="Extracted main text; claim and passage offsets index this text")
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the normalised body text")

    original_filename = models.CharField(max_length=255, blank=True)
    original_content_type = models.CharField(max_length=100, blank=True)
    original_bytes = models.BinaryField(help_text="The upload exactly as received")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.WAITING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent of the current run")
    error_message = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True, help_text="Problems found in the text that did not stop it")
    processing_token = models.CharField(max_length=36, blank=True, help_text="Identifies the run that owns the article")
    processing_heartbeat = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    # The article this one is a copy or rewrite of: null when it is (as far as we know) an original report.
    same_origin_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="same_origin_copies"
    )
    same_origin_score = models.FloatField(null=True, blank=True)

    # Retrieval: the article's mean passage vector; the vector index (articles/vector_index.py) is a cache of it.
    embedding = models.BinaryField(null=True, blank=True, help_text="float32 mean of the passage vectors")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploaded_articles"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Indexed: each process's vector index catches up on the articles updated since it last looked.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        permissions: ClassVar = [("reprocess_article", "Can re-run the analysis of an article")]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="article_progress_percent"),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(condition=~Q(same_origin_as=models.F("id")), name="article_not_own_origin"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["source", "published_on"], name="article_source_date_idx"),
            models.Index(fields=["published_on"], name="article_published_idx"),
            # Full-text search: to_tsvector('english', title || ' ' || body), the expression articles/search.py
            # queries, so the planner can use the index. PostgreSQL only (migration 0003 skips SQLite).
            GinIndex(
                models.Func(
                    models.Value("english"),
                    CombinedExpression(
                        CombinedExpression(models.F("title"), "||", models.Value(" "), output_field=models.TextField()),
                        "||",
                        models.F("body"),
                        output_field=models.TextField(),
                    ),
                    function="to_tsvector",
                    output_field=SearchVectorField(),
                ),
                name="article_search_gin",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_stuck(self) -> bool:
        """Processing, but its run stopped renewing its lease (the worker died): it may be run afresh."""
        if self.status != self.Status.PROCESSING or self.processing_heartbeat is None:
            return False
        return timezone.now() - self.processing_heartbeat > timedelta(
            seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS
        )

    @property
    def can_reprocess(self) -> bool:
        return self.is_finished or self.is_stuck

    @property
    def origin_id(self) -> int:
        """The id that stands for this article's independent origin."""
        return self.same_origin_as_id or self.pk


class Passage(models.Model):
    """A sentence of an article, located by character offsets into `Article.body`."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    is_boilerplate = models.BooleanField(default=False, help_text="Menus, captions, teasers: never a claim or evidence")
    # Kept when a reprocess no longer produces this sentence but a reviewer cites it as evidence.
    is_current = models.BooleanField(default=True)
    embedding = models.BinaryField(null=True, blank=True, help_text="float32 sentence vector")
    # The passage of another article this one was copied or lightly rewritten from.
    same_origin_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="same_origin_copies"
    )

    class Meta:
        ordering: ClassVar = ["article", "start"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="passage_nonempty_span"),
            models.UniqueConstraint(fields=["article", "start", "end"], name="passage_unique_span"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
