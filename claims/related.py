"""Find the few stored articles about the same event as a new one, before any passage is compared.

Cost must follow the handful of articles about an event, not the size of the archive. Each article is indexed
by its mean passage vector: a random-hyperplane LSH code (fixed seed, no training) goes into the indexed
`Article.index_bucket` column. A query probes its own bucket and the neighbouring buckets most likely to hold
near vectors (flipping the bits whose projections were closest to zero first, "multi-probe LSH"), and on
PostgreSQL also asks the full-text index for articles sharing the distinctive names of this one. Only those
candidates' stored vectors are read and re-ranked by cosine. SQLite (the embedded demo) scans instead.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import QuerySet

from articles.models import Article, Passage
from claims.matching.embedder import EMBEDDING_DIMENSIONS, vector_from_bytes, vector_to_bytes, vectors_from_bytes
from claims.matching.normalise import STOPWORDS

LSH_BITS = 16
LSH_SEED = 4_2025  # fixed forever: changing it invalidates every stored index_bucket
LSH_PROBES = 160
# Same-event articles have mean-vector cosines of ~0.6-0.95; unrelated news sits below ~0.4.
MIN_RELATED_COSINE = 0.5
MAX_BUCKET_CANDIDATES = 5000
MAX_TEXT_CANDIDATES = 300
DISTINCTIVE_TERMS = 4

Vector = npt.NDArray[np.float32]

_NAME = re.compile(r"\b[A-Z][a-zA-Z]{3,}\b")
_TSQUERY_UNSAFE = re.compile(r"[^a-zA-Z]")


@lru_cache(maxsize=1)
def _hyperplanes() -> Vector:
    return np.random.default_rng(LSH_SEED).standard_normal((LSH_BITS, EMBEDDING_DIMENSIONS)).astype(np.float32)


def bucket_of(vector: Vector) -> int:
    bits = (_hyperplanes() @ vector) > 0
    return int(sum(1 << index for index, bit in enumerate(bits.tolist()) if bit))


def probe_buckets(vector: Vector, probes: int = LSH_PROBES) -> list[int]:
    """The home bucket, then neighbours in order of how likely a near vector fell there."""
    projections = _hyperplanes() @ vector
    home = bucket_of(vector)
    # Flipping bit i costs its squared margin; enumerate flip sets by increasing total cost.
    order = np.argsort(np.abs(projections))
    costs = (projections[order] ** 2).tolist()
    found = [home]
    heap: list[tuple[float, tuple[int, ...]]] = [(costs[0], (0,))]
    while heap and len(found) < probes:
        cost, flips = heapq.heappop(heap)
        code = home
        for position in flips:
            code ^= 1 << int(order[position])
        found.append(code)
        last = flips[-1]
        if last + 1 < LSH_BITS:
            # "shift" the last flip to the next bit, and "expand" by adding the next bit.
            heapq.heappush(heap, (cost - costs[last] + costs[last + 1], (*flips[:-1], last + 1)))
            heapq.heappush(heap, (cost + costs[last + 1], (*flips, last + 1)))
    return found


def mean_vector(passage_vectors: npt.NDArray[np.float32]) -> Vector | None:
    if len(passage_vectors) == 0:
        return None
    mean = np.asarray(passage_vectors, dtype=np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else None


def article_index_update(article: Article, passage_vectors: npt.NDArray[np.float32]) -> None:
    """Store the article's retrieval vector and bucket from its non-boilerplate passage vectors."""
    vector = mean_vector(passage_vectors)
    article.embedding = None if vector is None else vector_to_bytes(vector)
    article.index_bucket = None if vector is None else bucket_of(vector)
    article.save(update_fields=["embedding", "index_bucket"])


def _article_vector(article: Article) -> Vector | None:
    if article.embedding:
        return vector_from_bytes(bytes(article.embedding))
    raws = list(
        Passage.objects.filter(article=article, is_boilerplate=False, is_current=True, embedding__isnull=False)
        .order_by("start")
        .values_list("embedding", flat=True)
    )
    return mean_vector(vectors_from_bytes([bytes(raw) for raw in raws if raw]))


def distinctive_terms(article: Article, count: int = DISTINCTIVE_TERMS) -> list[str]:
    """Capitalised names repeated in the title and body: what a same-event article is likely to mention too."""
    text = f"{article.title}. {article.title}. {article.body[:4000]}"
    names = Counter(
        _TSQUERY_UNSAFE.sub("", name).lower()
        for name in _NAME.findall(text)
        if name.lower() not in STOPWORDS
    )
    return [name for name, seen in names.most_common(count) if seen >= 2 and name]


def _candidates(article: Article) -> QuerySet[Article]:
    return Article.objects.processed().exclude(pk=article.pk).filter(embedding__isnull=False)


def _text_candidate_ids(article: Article) -> list[int]:
    terms = distinctive_terms(article)
    if len(terms) < 2:
        return []
    # Any two of the distinctive names: strict enough to stay small, loose enough for other spellings elsewhere.
    pairs = [f"({a} & {b})" for index, a in enumerate(terms) for b in terms[index + 1 :]]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM articles_article WHERE status = %s AND id <> %s AND embedding IS NOT NULL "
            "AND to_tsvector('english', title || ' ' || body) @@ to_tsquery('english', %s) LIMIT %s",
            [Article.Status.DONE, article.pk, " | ".join(pairs), MAX_TEXT_CANDIDATES],
        )
        return [row[0] for row in cursor.fetchall()]


def related_articles(article: Article, *, limit: int = 20) -> list[Article]:
    """Other processed articles likely about the same event, best first."""
    vector = _article_vector(article)
    if vector is None or limit <= 0:
        return []
    candidates = _candidates(article)
    if connection.vendor == "postgresql":
        rows = list(
            candidates.filter(index_bucket__in=probe_buckets(vector)).values_list("pk", "embedding")[
                :MAX_BUCKET_CANDIDATES
            ]
        )
        seen = {pk for pk, _ in rows}
        extra = [pk for pk in _text_candidate_ids(article) if pk not in seen]
        if extra:
            rows += list(Article.objects.filter(pk__in=extra).values_list("pk", "embedding"))
    else:
        rows = list(candidates.values_list("pk", "embedding"))
    if not rows:
        return []
    keys = [pk for pk, _ in rows]
    vectors = vectors_from_bytes([bytes(raw) for _, raw in rows])
    scores = vectors @ vector
    ranked = [
        keys[index] for index in np.argsort(-scores)[: limit * 2].tolist() if scores[index] >= MIN_RELATED_COSINE
    ][:limit]
    by_pk = Article.objects.without_payload().select_related("source").in_bulk(ranked)
    return [by_pk[pk] for pk in ranked if pk in by_pk]
