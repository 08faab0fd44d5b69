"""Find the few stored articles about the same event as a new one, before any passage is compared.

Cost must follow the handful of articles about an event, not the size of the archive. Each article is indexed
by its mean passage vector: three random-hyperplane LSH codes (three independent fixed seeds, no training) go
into the indexed `Article.index_bucket`, `index_bucket_2` and `index_bucket_3` columns. In each table a query
probes its own bucket and the neighbouring buckets most likely to hold near vectors (flipping the bits whose
projections were closest to zero first, "multi-probe LSH"); the tables' candidates are united, so a near article
cut off by a hyperplane of one table is found through another. On PostgreSQL it also asks the full-text index
for articles sharing the distinctive names of this one. Only those candidates' stored vectors are read and
re-ranked by cosine. SQLite (the embedded demo) scans instead.

This module only reads and writes the database; which names are distinctive and which candidates are close
enough is decided by `engine.matching.retrieval`, the codes and probes by `engine.matching.lsh`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from django.db import connection, transaction
from django.db.models import QuerySet

from articles.models import Article, Passage
from engine.matching.lsh import LSH_PROBES, LSH_TABLES, bucket_of, mean_vector, prefix_bits_for, probe_ranges
from engine.matching.retrieval import borderline_keys, distinctive_terms, rank_related, shares_terms
from engine.matching.types import ArticleDoc, PassageDoc, Vector
from engine.models.embedder import vector_from_bytes, vector_to_bytes, vectors_from_bytes

MAX_BUCKET_CANDIDATES = 8000
MAX_TEXT_CANDIDATES = 300
# One indexed column per LSH table, in table order (engine.matching.lsh.LSH_TABLE_SEEDS).
BUCKET_FIELDS = ("index_bucket", "index_bucket_2", "index_bucket_3")


def article_index_update(article: Article, passage_vectors: npt.NDArray[np.float32]) -> None:
    """Store the article's retrieval vector and its bucket in every LSH table from its non-boilerplate passages."""
    vector = mean_vector(passage_vectors)
    article.embedding = None if vector is None else vector_to_bytes(vector)
    for table, field in enumerate(BUCKET_FIELDS):
        setattr(article, field, None if vector is None else bucket_of(vector, table))
    article.save(update_fields=["embedding", *BUCKET_FIELDS])


def _article_vector(article: Article) -> Vector | None:
    if article.embedding:
        return vector_from_bytes(bytes(article.embedding))
    raws = list(
        Passage.objects.filter(article=article, is_boilerplate=False, is_current=True, embedding__isnull=False)
        .order_by("start")
        .values_list("embedding", flat=True)
    )
    return mean_vector(vectors_from_bytes([bytes(raw) for raw in raws if raw]))


def _candidates(article: Article) -> QuerySet[Article]:
    return Article.objects.processed().exclude(pk=article.pk).filter(embedding__isnull=False)


def _text_candidate_ids(article: Article) -> list[int]:
    terms = distinctive_terms(article.title, article.body)
    if len(terms) < 2:
        return []
    # Any two of the distinctive names: strict enough to stay small, loose enough for other spellings elsewhere.
    pairs = [f"({a} & {b})" for index, a in enumerate(terms) for b in terms[index + 1 :]]
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner prices to_tsvector() per row as nearly free and, on small tables or with a LIMIT, scans
        # every body instead of using the GIN expression index; for this one statement, insist on the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # MATERIALIZED keeps the text condition alone in the CTE, so the GIN index is the only way to answer it.
        cursor.execute(
            "WITH hits AS MATERIALIZED (SELECT id, status, embedding IS NOT NULL AS indexed FROM articles_article "
            "WHERE to_tsvector('english', title || ' ' || body) @@ to_tsquery('english', %s) LIMIT %s) "
            "SELECT id FROM hits WHERE status = %s AND id <> %s AND indexed LIMIT %s",
            [" | ".join(pairs), 4 * MAX_TEXT_CANDIDATES, Article.Status.DONE, article.pk, MAX_TEXT_CANDIDATES],
        )
        return [row[0] for row in cursor.fetchall()]


def related_articles(article: Article, *, limit: int = 20) -> list[Article]:
    """Other processed articles likely about the same event, best first."""
    vector = _article_vector(article)
    if vector is None or limit <= 0:
        return []
    if connection.vendor == "postgresql":
        rows = _bucket_candidates(article, vector)
        seen = {pk for pk, _ in rows}
        text_found = set(_text_candidate_ids(article))
        if text_found - seen:
            rows += _with_vectors(Article.objects.filter(pk__in=text_found - seen))
    else:
        # The embedded SQLite mode holds a demo-sized archive: reading every vector is cheaper than probing.
        rows = _with_vectors(_candidates(article))
        text_found = set()
    if not rows:
        return []
    keys = [pk for pk, _ in rows]
    vectors = vectors_from_bytes([bytes(raw) for _, raw in rows])
    scores = vectors @ vector
    if connection.vendor != "postgresql":
        text_found = _sharing_names(article, borderline_keys(keys, scores))
    ranked = rank_related(keys, scores, text_found, limit)
    by_pk = Article.objects.without_payload().select_related("source").in_bulk(ranked)
    return [by_pk[pk] for pk in ranked if pk in by_pk]


def _sharing_names(article: Article, candidate_ids: list[int]) -> set[int]:
    """Without a full-text index: the candidates whose text names at least two of this article's names."""
    terms = distinctive_terms(article.title, article.body)
    if len(terms) < 2 or not candidate_ids:
        return set()
    rows = Article.objects.filter(pk__in=candidate_ids).values_list("pk", "title", "body")
    return {pk for pk, title, body in rows if shares_terms(terms, title, body)}


def _with_vectors(articles: QuerySet[Article]) -> list[tuple[int, bytes]]:
    return [(pk, bytes(raw)) for pk, raw in articles.values_list("pk", "embedding") if raw is not None]


def _archive_size() -> int:
    with connection.cursor() as cursor:
        # The planner's estimate is free and close enough to choose a bucket resolution.
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [Article._meta.db_table])
        row = cursor.fetchone()
    estimate = int(row[0]) if row else -1
    return estimate if estimate > 0 else Article.objects.count()


def _bucket_candidates(article: Article, vector: Vector) -> list[tuple[int, bytes]]:
    """Distinct articles in the probed buckets of any LSH table, each read once."""
    prefix_bits = prefix_bits_for(_archive_size())
    table = Article._meta.db_table
    branches: list[str] = []
    params: list[int | str | list[int]] = []
    for number, field in enumerate(BUCKET_FIELDS):
        ranges = probe_ranges(vector, prefix_bits, LSH_PROBES // LSH_TABLES, number)
        # One index range scan per probed bucket prefix; the join keeps the statement small and the plan simple.
        # Each table gets its own LIMIT so a crowded first table cannot crowd out the others.
        branches.append(
            f"(SELECT a.id, a.embedding FROM unnest(%s::int[], %s::int[]) AS probe(low, high) "
            f"JOIN {table} a ON a.{field} BETWEEN probe.low AND probe.high "
            "WHERE a.status = %s AND a.id <> %s AND a.embedding IS NOT NULL LIMIT %s)"
        )
        params += [
            [low for low, _ in ranges],
            [high for _, high in ranges],
            Article.Status.DONE,
            article.pk,
            MAX_BUCKET_CANDIDATES,
        ]
    found: dict[int, bytes] = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        for pk, raw in cursor.fetchall():
            # A near article usually sits in the probed buckets of several tables: keep the first copy.
            if pk not in found and len(found) < MAX_BUCKET_CANDIDATES:
                found[pk] = bytes(raw)
    return list(found.items())


def article_docs(articles: list[Article]) -> list[ArticleDoc]:
    """Engine inputs for stored articles: their current, non-boilerplate passages with vectors, in one query."""
    if not articles:
        return []
    passages: dict[int, list[PassageDoc]] = {article.pk: [] for article in articles}
    rows = (
        Passage.objects.filter(
            article_id__in=list(passages), is_boilerplate=False, is_current=True, embedding__isnull=False
        )
        .order_by("article_id", "start")
        .values_list("pk", "article_id", "start", "end", "text", "embedding")
    )
    for pk, article_id, start, end, text, raw in rows:
        if raw is not None:
            passages[article_id].append(PassageDoc(pk, start, end, text, vector_from_bytes(bytes(raw))))
    return [
        ArticleDoc(article.pk, article.title, article.body, article.published_on, passages[article.pk])
        for article in articles
    ]
