"""Reads the desk pages and the API share: the review queue, the dashboard's figures, search and corroboration."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from articles.models import Article, ArticleQuerySet
from articles.search import ARTICLE_TSVECTOR, CLAIM_TSVECTOR, text_rank
from claims import access
from claims.models import Claim, ClaimQuerySet, Evidence, ReviewEvent, ReviewState, Verdict

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import QuerySet

    AnyUser = User | AnonymousUser

# --- corroboration: one rule for the claim page, the article page and the API ------------------------------------

# The rule's evidence test, in SQL; `_corroborates` is the same test in Python, for evidence a page already loaded.
CORROBORATING = Q(stance=Evidence.Stance.SUPPORTS) & (
    Q(state=Evidence.State.ACCEPTED) | Q(state=Evidence.State.SUGGESTED, claim__review_state=ReviewState.UNREVIEWED)
)
CORROBORATING_ATTR = "corroborating_evidence"


def _corroborates(item: Evidence) -> bool:
    if item.stance != Evidence.Stance.SUPPORTS:
        return False
    if item.state == Evidence.State.ACCEPTED:
        return True
    return item.state == Evidence.State.SUGGESTED and item.claim.review_state == ReviewState.UNREVIEWED


@dataclass(frozen=True, slots=True)
class Corroboration:
    articles: int  # articles reporting the fact, the claim's own article included
    article_origins: int  # independent origins among those articles
    external_hosts: int  # web hosts of external evidence (not articles), each one origin

    @property
    def origins(self) -> int:
        return self.article_origins + self.external_hosts

    @property
    def copies(self) -> int:
        return self.articles - self.article_origins


def corroboration(*, article: Article, evidence: Iterable[Evidence]) -> Corroboration:
    """Count the independent origins of a fact reported by `article` and supported by `evidence`.

    The rule, the one the claim page, the article page and the API's `independent_origins` all use:
    - the claim's own article always counts;
    - evidence counts when it supports the claim and a reviewer accepted it; while the claim still awaits review,
      an open suggestion counts too (the desk sees what the system found). Once a verdict is set only accepted
      evidence counts, so a published figure is what the reviewer vouched for and cannot change under partners;
      contradicting, context and rejected evidence never count;
    - an article's origin is the report it copies (`same_origin_as`) or itself, so copies of one wire story count
      once however many outlets ran it;
    - external evidence (a web page, not an article) counts once per host (`www.` ignored).

    `evidence` may hold any evidence (the rule filters it), with `claim` and, for passages, `passage__article`
    loaded (a claim's `evidence` manager and prefetches set `claim` without a query).
    """
    reports: list[tuple[int, int]] = []
    external_urls: list[str] = []
    for item in evidence:
        if not _corroborates(item):
            continue
        if item.passage is not None:
            reporting = item.passage.article
            reports.append((reporting.pk, reporting.origin_id))
        else:
            external_urls.append(item.external_url)
    return count_origins(article=(article.pk, article.origin_id), reports=reports, external_urls=external_urls)


def count_origins(
    *, article: tuple[int, int], reports: Iterable[tuple[int, int]], external_urls: Iterable[str]
) -> Corroboration:
    """The counting half of `corroboration`, for callers holding rows rather than models (the partner feed).

    `article` and each of `reports` are (article id, origin id) of the claim's own article and of the articles of its
    corroborating passage evidence; `external_urls` are the addresses of its corroborating external evidence.
    """
    articles = dict([article, *reports])
    hosts: set[str] = set()
    for url in external_urls:
        if url:
            host = (urlsplit(url).hostname or url).lower()
            hosts.add(host.removeprefix("www."))
    return Corroboration(articles=len(articles), article_origins=len(set(articles.values())), external_hosts=len(hosts))


def corroborating_evidence() -> QuerySet[Evidence]:
    """What `corroboration` reads, already narrowed by its rule; prefetch it into a claim's `CORROBORATING_ATTR`."""
    return (
        Evidence.objects.filter(CORROBORATING)
        .select_related("claim", "passage__article")
        .only(
            "claim__review_state",
            "stance",
            "state",
            "external_url",
            "passage__article__id",
            "passage__article__same_origin_as_id",
        )
        .order_by("pk")
    )


def claim_corroboration(*, claim: Claim, evidence: Iterable[Evidence] | None = None) -> Corroboration:
    """The claim's corroboration, from `evidence` when the caller already loaded it (a page), else from a query.

    An API listing prefetches the evidence into `CORROBORATING_ATTR` (see `claims.api.serializers`).
    """
    if evidence is None:
        evidence = getattr(claim, CORROBORATING_ATTR, None)
    if evidence is None:
        evidence = corroborating_evidence().filter(claim_id=claim.pk)
    return corroboration(article=claim.article, evidence=evidence)


def independent_origin_count(*, claim: Claim) -> int:
    """How many independent origins report the claim, by the rule of `corroboration`."""
    return claim_corroboration(claim=claim).origins


def article_corroboration(*, article: Article) -> Corroboration:
    """Corroboration of all the article's claims together, by the rule of `corroboration`."""
    return corroboration(article=article, evidence=corroborating_evidence().filter(claim__article=article))


# --- the review queue -----------------------------------------------------------------------------------------


def _queue_for(user: User) -> tuple[ClaimQuerySet, list[Any]]:
    """Reviewers work down unreviewed claims, their own first, then unassigned; editors down reviewed ones."""
    claims = access.claims_for(user)
    # A group of claims (one fact reported by several articles) has one review: it comes up once.
    if access.can_review(user):
        queue = claims.unreviewed().filter(Q(assigned_to=user) | Q(assigned_to__isnull=True)).one_per_group()
        return queue, [F("assigned_to").asc(nulls_last=True), "-score", "pk"]
    return claims.filter(review_state=ReviewState.REVIEWED).one_per_group(), ["-score", "pk"]


def my_queue(*, user: User, limit: int) -> list[Claim]:
    """The first claims of a reviewer's queue: assigned to them first, then unassigned, by check-worthiness."""
    if not access.can_review(user):
        return []
    queue, ordering = _queue_for(user)
    return list(
        queue.select_related("article__source")
        .defer("article__body", "article__original_bytes", "article__embedding")
        .order_by(*ordering)[:limit]
    )


def claim_next(*, user: User, after_id: int | None) -> Claim | None:
    """The next claim to work on after claim `after_id`: walks on down the queue, wrapping round to its top."""
    queue, ordering = _queue_for(user)
    claims = access.claims_for(user)
    after = claims.filter(pk=after_id).values("pk", "score", "assigned_to").first() if after_id is not None else None
    candidate = None
    if after is not None:
        queue = queue.exclude(pk=after["pk"])
        mine_first = after["assigned_to"] == user.pk
        # Walk on down the list from where the reviewer was, so skipping a claim does not bring it straight back.
        further = Q(score__lt=after["score"]) | Q(score=after["score"], pk__gt=after["pk"])
        if mine_first and access.can_review(user):
            further |= Q(assigned_to__isnull=True)
        candidate = queue.filter(further).order_by(*ordering).only("pk").first()
    return candidate or queue.order_by(*ordering).only("pk").first()


def awaiting_publication(*, user: User, limit: int) -> list[Claim]:
    """Reviewed verdicts waiting for an editor, oldest first; empty for people who cannot publish."""
    if not access.can_publish(user):
        return []
    return list(
        access.claims_for(user)
        .filter(review_state=ReviewState.REVIEWED)
        .one_per_group()
        .select_related("article__source")
        .defer("article__body", "article__original_bytes", "article__embedding")
        .order_by("reviewed_at", "pk")[:limit]
    )


def recent_activity(*, user: User, limit: int) -> list[ReviewEvent]:
    return list(access.events_for(user).select_related("actor", "claim").order_by("-created_at", "-id")[:limit])


def claim_list(*, user: User, mine: bool = False, state: str = "", verdict: str = "") -> ClaimQuerySet:
    """The desk's claim list, most check-worthy first, optionally narrowed to my queue, a state or a verdict."""
    claims = (
        access.claims_for(user)
        .select_related("article__source", "assigned_to", "reviewed_by")
        .defer("article__body", "article__original_bytes", "article__embedding")
        .with_evidence_counts()
        .with_group_size()
        .order_by("-score", "pk")
    )
    if mine:
        claims = claims.filter(assigned_to=user)
    if state:
        claims = claims.filter(review_state=state)
    if verdict:
        claims = claims.filter(verdict=verdict)
    return claims


def claim_group_members(*, user: AnyUser, claim: Claim) -> list[Claim]:
    """The other claims sharing the claim's review (the same fact in other articles), earliest report first."""
    if claim.group_id is None:
        return []
    return list(
        access.claims_for(user)
        .filter(group_id=claim.group_id)
        .exclude(pk=claim.pk)
        .select_related("article__source")
        .defer("article__body", "article__original_bytes", "article__embedding")
        .order_by(F("article__published_on").asc(nulls_last=True), "pk")
    )


# --- the dashboard's figures ----------------------------------------------------------------------------------


def desk_counts(*, user: AnyUser) -> dict[str, int]:
    """Claims per review state (`state_<s>`) and verdict (`verdict_<v>`), in total, unassigned, and in my queue."""
    aggregates: dict[str, Any] = {f"state_{s}": Count("pk", filter=Q(review_state=s)) for s in ReviewState.values}
    aggregates |= {
        f"verdict_{v}": Count("pk", filter=Q(verdict=v) & ~Q(review_state=ReviewState.UNREVIEWED))
        for v in Verdict.values
    }
    aggregates["total"] = Count("pk")
    aggregates["unassigned"] = Count("pk", filter=Q(review_state=ReviewState.UNREVIEWED, assigned_to__isnull=True))
    if user.is_authenticated:
        aggregates["mine"] = Count("pk", filter=Q(review_state=ReviewState.UNREVIEWED, assigned_to=user))
    counts: dict[str, int | None] = access.claims_for(user).aggregate(**aggregates)
    return {key: value or 0 for key, value in counts.items()}


def verdicts_per_day(*, user: AnyUser, since: date) -> dict[date, dict[str, int]]:
    """Verdicts reached per day (by review date) from `since` on: {day: {verdict: count}}."""
    rows = (
        access.claims_for(user)
        .exclude(review_state=ReviewState.UNREVIEWED)
        .filter(reviewed_at__date__gte=since)
        .annotate(day=TruncDate("reviewed_at"))
        .values("day", "verdict")
        .annotate(n=Count("pk"))
    )
    per_day: dict[date, dict[str, int]] = {}
    for row in rows:
        per_day.setdefault(row["day"], {})[row["verdict"]] = row["n"]
    return per_day


def recent_days(days: int) -> date:
    """The first of the last `days` days, today included, in the desk's time zone."""
    return timezone.localdate() - timedelta(days=days - 1)


# --- articles ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleQueue:
    articles: Sequence[Article]
    active: bool  # something is still being analysed: the dashboard keeps polling


def article_queue(*, user: AnyUser, size: int) -> ArticleQueue:
    """Everything still being analysed (oldest first), then the latest finished articles, `size` in all."""
    articles = access.articles_for(user).defer("body", "embedding")
    active = list(articles.in_progress().annotate(claim_count=Count("claims")).order_by("created_at")[:size])
    recent = list(
        articles.annotate(claim_count=Count("claims"))
        .exclude(pk__in=[a.pk for a in active])
        .order_by("-created_at")[: max(0, size - len(active))]
    )
    return ArticleQueue(articles=active + recent, active=bool(active))


def article_list(*, user: AnyUser, status: str = "") -> ArticleQuerySet:
    """Articles newest first with their claim and reviewed-claim counts, optionally of one status."""
    articles = (
        access.articles_for(user)
        .defer("body", "embedding")
        .select_related("same_origin_as")
        .annotate(
            claim_count=Count("claims", distinct=True),
            reviewed_count=Count("claims", filter=~Q(claims__review_state=ReviewState.UNREVIEWED), distinct=True),
        )
        .order_by("-created_at", "-id")
    )
    if status in Article.Status.values:
        articles = articles.filter(status=status)
    return articles


def article_claims(*, user: AnyUser, article: Article) -> list[Claim]:
    """The article's claims in text order, with their evidence counts."""
    return list(
        access.claims_for(user)
        .filter(article=article)
        .select_related("assigned_to")
        .with_evidence_counts()
        .order_by("start", "end")
    )


# --- search -----------------------------------------------------------------------------------------------------

SEARCH_LIMIT = 50


@dataclass(frozen=True, slots=True)
class SearchResults:
    articles: list[Article]
    claims: list[Claim]


def search_engine_label() -> str:
    return "PostgreSQL full-text search" if connection.vendor == "postgresql" else "substring search"


def _ranked(queryset: Any, q: str, *, tsvector: str) -> Any:
    """Matches of `q`, most relevant first where the database can rank them, newest first otherwise."""
    rank = text_rank(q, tsvector=tsvector)
    if rank is None:
        return queryset.matching(q).order_by("-pk")
    return queryset.matching(q).annotate(rank=rank).order_by("-rank", "-pk")


def desk_search(*, limit: int = SEARCH_LIMIT, **filters: Any) -> SearchResults:
    """The first `limit` articles and claims of `desk_search_querysets` (the search page)."""
    article_qs, claim_qs = desk_search_querysets(**filters)
    return SearchResults(articles=list(article_qs[:limit]), claims=list(claim_qs[:limit]))


def desk_search_querysets(
    *,
    user: AnyUser,
    q: str = "",
    outlet: Any = None,
    date_from: date | None = None,
    date_to: date | None = None,
    verdict: str = "",
    state: str = "",
) -> tuple[ArticleQuerySet, ClaimQuerySet]:
    """Articles and claims matching a web-search style query and filters; articles match through their claims.

    Without a query, articles come newest first and claims most check-worthy first. The search page shows the
    first of each; its export streams them all.
    """
    article_qs: ArticleQuerySet = access.articles_for(user).defer("embedding")
    claim_qs: ClaimQuerySet = (
        access.claims_for(user)
        .select_related("article__source")
        .defer("article__body", "article__original_bytes", "article__embedding")
    )
    if outlet:
        article_qs = article_qs.filter(source=outlet)
        claim_qs = claim_qs.filter(article__source=outlet)
    if date_from:
        article_qs = article_qs.filter(published_on__gte=date_from)
        claim_qs = claim_qs.filter(article__published_on__gte=date_from)
    if date_to:
        article_qs = article_qs.filter(published_on__lte=date_to)
        claim_qs = claim_qs.filter(article__published_on__lte=date_to)
    claim_filters = Q()
    if verdict:
        claim_filters &= Q(verdict=verdict)
    if state:
        claim_filters &= Q(review_state=state)
    if claim_filters:
        claim_qs = claim_qs.filter(claim_filters)
        article_qs = article_qs.filter(pk__in=Claim.objects.filter(claim_filters).values("article_id"))
    q = q.strip()
    if q:
        article_qs = _ranked(article_qs, q, tsvector=ARTICLE_TSVECTOR)
        claim_qs = _ranked(claim_qs, q, tsvector=CLAIM_TSVECTOR)
    else:
        article_qs = article_qs.order_by("-published_on", "-pk")
        claim_qs = claim_qs.order_by("-score", "pk")
    return article_qs, claim_qs
