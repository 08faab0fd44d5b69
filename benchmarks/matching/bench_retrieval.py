"""Matching time for a new 30-sentence article against 1k / 10k / 100k stored articles (30 passages each).

    createdb -h 127.0.0.1 -U postgres factcheck_bench
    .venv/bin/python benchmarks/matching/bench_retrieval.py \\
        --database-url postgres://postgres@127.0.0.1:5432/factcheck_bench --sizes 1000 10000 100000

Runs the real path on real PostgreSQL: claims.related.related_articles (vector index + full-text
candidates, cosine re-rank; the LSH it replaced is timed beside it in benchmarks/scale/bench_scale.py),
claims.related.article_docs (passages of the related articles) and
engine.matching.suggest_evidence (30 claims; the screen, then the cross-encoder on each claim's best candidates; the
same call with the screen alone is timed as a baseline). The archive is synthetic (see synthetic.py): generating 3M real
MiniLM embeddings is impossible on this machine. Loading is cumulative, so each size reuses the previous rows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import time

import bootstrap  # noqa: F401  (puts the repository root on sys.path)
import numpy as np
from synthetic import Archive, SyntheticArticle

CHUNK = 1000
SOURCES = 50


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # Settings insist on a key with PostgreSQL; this process serves nothing, so a fixed throwaway one is fine.
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_sources() -> list[int]:
    from articles.models import Source

    ids = []
    for number in range(SOURCES):
        source, _ = Source.objects.get_or_create(
            domain=f"outlet{number}.example", defaults={"name": f"Outlet {number}", "kind": Source.Kind.NEWSPAPER}
        )
        ids.append(source.pk)
    return ids


def stored_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles_article WHERE url LIKE 'synthetic:%%'")
        return int(cursor.fetchone()[0])


def load(archive: Archive, start: int, stop: int, source_ids: list[int]) -> None:
    """COPY articles [start, stop) and their passages; article id = archive index + 1."""
    from django.db import connection

    from engine.matching.vector_index import mean_vector

    raw = connection.connection  # psycopg 3 connection
    article_columns = (
        "id, title, byline, url, published_on, language, body, content_hash, original_filename, "
        "original_content_type, original_bytes, status, stage, progress, error_message, warnings, "
        "processing_token, attempts, embedding, created_at, updated_at, "
        "source_id, processed_at"
    )
    passage_columns = 'position, start, "end", text, is_boilerplate, is_current, embedding, article_id'
    for chunk_start in range(start, stop, CHUNK):
        articles = [archive.article(index) for index in range(chunk_start, min(stop, chunk_start + CHUNK))]
        means = np.stack([mean_vector(article.passage_vectors) for article in articles])  # type: ignore[misc]
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY articles_article ({article_columns}) FROM STDIN") as copy:
                for article, mean in zip(articles, means, strict=True):
                    copy.write_row(_article_row(article, mean, source_ids))
            with cursor.copy(f"COPY articles_passage ({passage_columns}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["int4", "int4", "int4", "text", "bool", "bool", "bytea", "int8"])
                for article in articles:
                    for position, ((begin, end, text), vector) in enumerate(
                        zip(article.passages, article.passage_vectors, strict=True)
                    ):
                        copy.write_row((position, begin, end, text, False, True, vector.tobytes(), article.index + 1))
        raw.commit()
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), (SELECT max(id) FROM articles_article))"
        )
        cursor.execute("ANALYZE articles_article")
        cursor.execute("ANALYZE articles_passage")
    raw.commit()


def _article_row(article: SyntheticArticle, mean: np.ndarray, source_ids: list[int]) -> tuple[object, ...]:
    import datetime

    now = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    return (
        article.index + 1,
        article.title,
        "",
        f"synthetic:{article.index}",
        article.published,
        "en",
        article.body,
        hashlib.sha256(f"synthetic-{article.index}".encode()).hexdigest(),
        "",
        "",
        b"",
        "done",
        "finished",
        100,
        "",
        "[]",
        "",
        1,
        mean.astype(np.float32).tobytes(),
        now,
        now,
        source_ids[article.index % len(source_ids)],
        now,
    )


def measure(archive: Archive, size: int, queries: int, source_ids: list[int]) -> dict[str, object]:
    from articles.models import Article, Passage
    from claims.related import article_docs, article_index_update, related_articles
    from engine.matching import ClaimDoc, suggest_evidence
    from engine.models.embedder import vector_to_bytes

    rng = np.random.default_rng(size)
    totals: list[float] = []
    parts: dict[str, list[float]] = {
        "related_articles": [],
        "article_docs": [],
        "suggest_evidence": [],
        "suggest_evidence_screen_only": [],
    }
    recalls: list[float] = []
    bucket_recalls: list[float] = []
    bucket_rows: list[int] = []
    found_counts: list[int] = []
    suggestions: list[int] = []
    for query in rng.choice(size, queries, replace=False).tolist():
        new = archive.article(query, variant=1 + query)  # a new outlet's report of an event already stored
        article = Article.objects.create(
            source_id=source_ids[0],
            title=new.title,
            body=new.body,
            published_on=new.published,
            content_hash=hashlib.sha256(f"query-{size}-{query}".encode()).hexdigest(),
            original_bytes=b"",
            status=Article.Status.PROCESSING,
        )
        stored = Passage.objects.bulk_create(
            Passage(article=article, position=n, start=b, end=e, text=t, embedding=vector_to_bytes(v))
            for n, ((b, e, t), v) in enumerate(zip(new.passages, new.passage_vectors, strict=True))
        )
        article_index_update(article, new.passage_vectors)
        claims = [ClaimDoc(p.pk, p.start, p.end, p.text, v) for p, v in zip(stored, new.passage_vectors, strict=True)]
        started = time.perf_counter()
        related = related_articles(article, limit=20)
        after_related = time.perf_counter()
        own, *others = article_docs([article, *related])
        after_docs = time.perf_counter()
        found = suggest_evidence(claims, own, others, per_claim=5)
        finished = time.perf_counter()
        # Baseline in the same run: the same candidates judged by the cheap screen alone (no cross-encoder).
        suggest_evidence(claims, own, others, per_claim=5, stance_pairs_per_claim=0)
        parts["suggest_evidence_screen_only"].append(time.perf_counter() - finished)
        parts["related_articles"].append(after_related - started)
        parts["article_docs"].append(after_docs - after_related)
        parts["suggest_evidence"].append(finished - after_docs)
        totals.append(finished - started)
        same_event = {index + 1 for index in np.flatnonzero(archive.event_of[:size] == new.event).tolist()}
        recalls.append(len(same_event & {a.pk for a in related}) / min(20, len(same_event)))
        # The vector index alone (without the full-text candidates), to show what it contributes.
        from articles.vector_index import nearest
        from claims.related import VECTOR_CANDIDATES, _article_vector

        vector = _article_vector(article)
        bucket_ids = (
            set(nearest(vector, count=VECTOR_CANDIDATES, exclude=[article.pk])) if vector is not None else set()
        )
        bucket_recalls.append(len(same_event & bucket_ids) / len(same_event))
        bucket_rows.append(len(bucket_ids))
        found_counts.append(len(related))
        suggestions.append(len(found))
        article.delete()

    def ms(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "median_ms": round(1000 * statistics.median(ordered), 1),
            "p90_ms": round(1000 * ordered[int(0.9 * (len(ordered) - 1))], 1),
        }

    return {
        "stored_articles": size,
        "stored_passages": size * 30,
        "queries": queries,
        "total": ms(totals),
        **{name: ms(values) for name, values in parts.items()},
        "same_event_recall": round(float(np.mean(recalls)), 3),
        "index_only_recall": round(float(np.mean(bucket_recalls)), 3),
        "index_candidates_mean": round(float(np.mean(bucket_rows)), 1),
        "related_found_mean": round(float(np.mean(found_counts)), 1),
        "suggestions_mean": round(float(np.mean(suggestions)), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a database used only for this benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--reset", action="store_true", help="delete the synthetic rows first")
    args = parser.parse_args()
    if "factcheck_bench" not in args.database_url and "bench" not in args.database_url:
        parser.error("refusing to load synthetic rows into a database whose name does not contain 'bench'")
    setup_django(args.database_url)
    source_ids = ensure_sources()
    if args.reset:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE articles_passage, articles_article CASCADE")
    archive = Archive(max(args.sizes))
    results = []
    for size in sorted(args.sizes):
        have = stored_count()
        if have < size:
            started = time.perf_counter()
            load(archive, have, size, source_ids)
            print(f"loaded {size - have} articles in {time.perf_counter() - started:.0f} s", flush=True)
        measure(archive, size, args.warmup, source_ids)  # warm caches and the embedding-free code paths
        result = measure(archive, size, args.queries, source_ids)
        print(json.dumps(result), flush=True)
        results.append(result)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
