"""Find the few stored articles about the same event as a new one, before any passage is compared.

Cost must follow the handful of articles about an event, not the size of the archive. Each article is indexed
by its mean passage vector (`Article.embedding`) in the article vector index (articles/vector_index.py: an HNSW
graph on disk shared by every process, plus the articles changed since it was written), which returns the
nearest few hundred. On PostgreSQL the full-text index adds articles sharing the distinctive names of this one.
Only those candidates' stored float32 vectors are read back (finished articles only) and re-ranked by exact
cosine, so the index's quantised distances never decide a match.

This module only reads and writes the database; which names are distinctive and which candidates are close
enough is decided by `engine.matching.retrieval`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from django.db import connection, transaction
from django.db.models import QuerySet

from articles import vector_index
from articles.models import Article, Passage
from engine.matching.retrieval import borderline_keys, distinctive_terms, rank_related, shares_terms
from engine.matching.types import ArticleDoc, PassageDoc, Vector
from engine.matching.vector_index import mean_vector
from engine.models.embedder import vector_from_bytes, vector_to_bytes, vectors_from_bytes

# Nearest articles asked of the vector index: far more than the 20 kept, so the cosine floors decide, not the count.
VECTOR_CANDIDATES = 200
MAX_TEXT_CANDIDATES = 300


def article_index_update(article: Article, passage_vectors: npt.NDArray[np.float32]) -> None:
    """Store the article's retrieval vector from its non-boilerplate passages (the index picks it up once done)."""
    vector = mean_vector(passage_vectors)
    article.embedding = None if vector is None else vector_to_bytes(vector)
    article.save(update_fields=["embedding"])


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
    wanted = set(vector_index.nearest(vector, count=VECTOR_CANDIDATES, exclude=[article.pk]))
    text_found = set(_text_candidate_ids(article)) if connection.vendor == "postgresql" else set()
    # The database has the last word: an article deleted or taken back for a rerun since the index saw it drops out.
    rows = _with_vectors(_candidates(article).filter(pk__in=wanted | text_found)) if wanted | text_found else []
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
