"""Matching a 30-claim article against 10k / 100k / 1M stored articles: the vector index vs the old LSH, same run.

    createdb -h 127.0.0.1 -U postgres factcheck_h6_bench
    .venv/bin/python benchmarks/scale/fnc1_vectors.py 1000          # real article vectors (cached under var/bench)
    .venv/bin/python benchmarks/scale/bench_scale.py \\
        --database-url postgres://postgres@127.0.0.1:5432/factcheck_h6_bench --sizes 10000 100000 1000000

What is stored (PostgreSQL, the real schema): `--passage-articles` synthetic articles (benchmarks/matching/synthetic.py)
with full bodies and 30 passages each, the events every query is about; filler articles up to each size with a
short body and only a mean vector (article vectors at full scale, passages only where candidates need them); and the
real FNC-1 article vectors (fnc1_vectors.py) stored as finished articles too. For each size, in one process and run:

- build: `articles.vector_index.rebuild()` (read every vector from PostgreSQL, build the HNSW graph, save), its
  snapshot's size, and memory per million articles (snapshot bytes scaled; the file is memory-mapped and shared);
- matching a new 30-sentence report of a stored event, timed end to end as the pipeline does it:
  related articles -> their passages (article_docs) -> suggest_evidence for 30 claims; once through
  claims.related.related_articles (vector index) and once through the old LSH path (lsh_baseline.py codes in a
  side table with the three B-tree indexes the old columns had, the old SQL, full text and re-rank unchanged);
- recall@10 against exact search (numpy over every stored vector): synthetic queries, and real FNC-1 article
  vectors as queries (their exact 10 nearest among everything stored); for the index raw and after the exact
  re-rank of its candidates (what related_articles does), for the LSH after its re-rank.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import hashlib
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE), str(HERE.parent / "matching")]

import numpy as np  # noqa: E402
from fnc1_vectors import article_vectors  # noqa: E402
from synthetic import DIMENSIONS, Archive  # noqa: E402

if TYPE_CHECKING:
    from engine.stance.model import StanceModel

CHUNK = 5000
SOURCES = 50
REAL_ID_BASE = 50_000_000
NOW = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("FACTCHECK_VECTOR_INDEX_DIR", str(HERE.parents[1] / "var" / "bench" / "vector_index"))
    import django

    django.setup()
    from engine.stance.model import share_readings

    # The benchmark times the stance model's reading of each query's pairs (forgetting them between queries): a
    # Redis store of readings, installed when FACTCHECK_CACHE_URL is set, would time the cache instead.
    share_readings(None)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_lsh (id bigint PRIMARY KEY, b1 int, b2 int, b3 int)")
        for column in ("b1", "b2", "b3"):
            cursor.execute(f"CREATE INDEX IF NOT EXISTS bench_lsh_{column} ON bench_lsh ({column})")


def _unit(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)).astype(np.float32)


def filler_means(archive: Archive, start: int, stop: int) -> np.ndarray:
    """Mean vectors of articles [start, stop) drawn like synthetic.py's (event direction + the mean of 30 noises)."""
    rng = np.random.default_rng([archive.seed, 9, start])
    events = archive.event_of[start:stop]
    centres = {event: archive.event_centre(int(event)) for event in np.unique(events).tolist()}
    centre = np.stack([centres[int(event)] for event in events.tolist()])
    direction = _unit(centre + 0.43 * _unit(rng.standard_normal((len(events), DIMENSIONS))))
    # Each passage is unit(direction + 1.33 noise); their mean keeps the direction plus noise shrunk by sqrt(30).
    return _unit(direction + (1.33 / np.sqrt(30)) * _unit(rng.standard_normal((len(events), DIMENSIONS))))


ARTICLE_COLUMNS = (
    "id, title, byline, dateline, url, published_on, language, body, content_hash, original_filename, "
    "original_content_type, original_bytes, status, stage, progress, error_message, warnings, processing_token, "
    "attempts, embedding, created_at, updated_at, source_id, processed_at"
)


def _row(pk: int, title: str, body: str, published: object, url: str) -> tuple:
    digest = hashlib.sha256(url.encode()).hexdigest()
    text = (title, "", "", url, published, "en", body, digest, "", "", b"", "done", "finished", 100, "", "[]", "", 1)
    return (pk, *text)


def copy_articles(rows: list[tuple], means: np.ndarray, source_ids: list[int]) -> None:
    import lsh_baseline
    from django.db import connection

    codes = np.stack([lsh_baseline.buckets_of(means, table) for table in range(3)], axis=1).tolist()
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY articles_article ({ARTICLE_COLUMNS}) FROM STDIN") as copy:
            for row, mean in zip(rows, means, strict=True):
                copy.write_row((*row, mean.astype(np.float32).tobytes(), NOW, NOW, source_ids[row[0] % SOURCES], NOW))
        with cursor.copy("COPY bench_lsh (id, b1, b2, b3) FROM STDIN") as copy:
            for row, article_codes in zip(rows, codes, strict=True):
                copy.write_row((row[0], *article_codes))
    raw.commit()


def load(archive: Archive, have: int, size: int, passage_articles: int, source_ids: list[int]) -> None:
    """Articles [have, size): full synthetic ones (with passages) below passage_articles, filler above."""
    from django.db import connection

    from engine.matching.vector_index import mean_vector

    raw = connection.connection
    passage_columns = 'position, start, "end", text, is_boilerplate, is_current, embedding, article_id'
    start = have
    while start < size:
        stop = min(size, start + CHUNK)
        if start < passage_articles:
            stop = min(stop, passage_articles)
            articles = [archive.article(index) for index in range(start, stop)]
            means = np.stack([mean_vector(article.passage_vectors) for article in articles])
            rows = [_row(a.index + 1, a.title, a.body, a.published, f"synthetic:{a.index}") for a in articles]
            copy_articles(rows, means, source_ids)
            statement = f"COPY articles_passage ({passage_columns}) FROM STDIN (FORMAT BINARY)"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                copy.set_types(["int4", "int4", "int4", "text", "bool", "bool", "bytea", "int8"])
                for a in articles:
                    for position, ((begin, end, text), vector) in enumerate(
                        zip(a.passages, a.passage_vectors, strict=True)
                    ):
                        copy.write_row((position, begin, end, text, False, True, vector.tobytes(), a.index + 1))
            raw.commit()
        else:
            means = filler_means(archive, start, stop)
            rows = [
                _row(index + 1, f"Filler report {index}", f"Filler report {index}.", None, f"filler:{index}")
                for index in range(start, stop)
            ]
            copy_articles(rows, means, source_ids)
        if (stop // CHUNK) % 20 == 0:
            print(f"  loaded {stop}", flush=True)
        start = stop


def load_real(keys: list[str], vectors: np.ndarray, source_ids: list[int]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article WHERE id >= %s", [REAL_ID_BASE])
        if cursor.fetchone()[0] >= len(keys):
            return
        cursor.execute("DELETE FROM articles_article WHERE id >= %s", [REAL_ID_BASE])
        cursor.execute("DELETE FROM bench_lsh WHERE id >= %s", [REAL_ID_BASE])
    rows = [
        _row(REAL_ID_BASE + n, f"FNC-1 body {key}", f"FNC-1 body {key}.", None, f"fnc1:{key}")
        for n, key in enumerate(keys)
    ]
    copy_articles(rows, vectors, source_ids)


def stored_synthetic() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles_article WHERE id < %s", [REAL_ID_BASE])
        return int(cursor.fetchone()[0])


def all_vectors() -> tuple[np.ndarray, np.ndarray]:
    """Every stored finished article's id and vector, for exact search."""
    from django.db import connection

    ids: list[int] = []
    raws: list[bytes] = []
    with connection.connection.transaction(), connection.connection.cursor(name="all_vectors") as cursor:
        cursor.itersize = 50_000
        cursor.execute("SELECT id, embedding FROM articles_article WHERE status = 'done' AND embedding IS NOT NULL")
        for pk, raw in cursor:
            ids.append(pk)
            raws.append(bytes(raw))
    return np.array(ids), np.frombuffer(b"".join(raws), dtype=np.float32).reshape(len(ids), DIMENSIONS)


def lsh_candidate_ids(article_id: int, vector: np.ndarray, archive_size: int) -> list[tuple[int, bytes]]:
    """The old claims.related._bucket_candidates, against bench_lsh instead of the dropped columns."""
    import lsh_baseline
    from django.db import connection

    prefix_bits = lsh_baseline.prefix_bits_for(archive_size)
    branches: list[str] = []
    params: list[object] = []
    for number, field in enumerate(("b1", "b2", "b3")):
        ranges = lsh_baseline.probe_ranges(vector, prefix_bits, lsh_baseline.LSH_PROBES // 3, number)
        branches.append(
            "(SELECT a.id, a.embedding FROM unnest(%s::int[], %s::int[]) AS probe(low, high) "
            f"JOIN bench_lsh l ON l.{field} BETWEEN probe.low AND probe.high JOIN articles_article a ON a.id = l.id "
            "WHERE a.status = %s AND a.id <> %s AND a.embedding IS NOT NULL LIMIT %s)"
        )
        params += [[lo for lo, _ in ranges], [hi for _, hi in ranges], "done", article_id, 8000]
    found: dict[int, bytes] = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        for pk, raw in cursor.fetchall():
            if pk not in found and len(found) < 8000:
                found[pk] = bytes(raw)
    return list(found.items())


def lsh_related_articles(article: object, archive_size: int, limit: int = 20) -> list[object]:
    """The old claims.related.related_articles: LSH candidates + full-text candidates, exact re-rank."""
    from articles.models import Article
    from claims import related
    from engine.matching.retrieval import rank_related
    from engine.models.embedder import vectors_from_bytes

    vector = related._article_vector(article)  # type: ignore[arg-type]
    rows = lsh_candidate_ids(article.pk, vector, archive_size)  # type: ignore[attr-defined, arg-type]
    seen = {pk for pk, _ in rows}
    text_found = set(related._text_candidate_ids(article))  # type: ignore[arg-type]
    if text_found - seen:
        rows += related._with_vectors(Article.objects.filter(pk__in=text_found - seen))
    if not rows:
        return []
    keys = [pk for pk, _ in rows]
    scores = vectors_from_bytes([raw for _, raw in rows]) @ vector
    ranked = rank_related(keys, scores, text_found, limit)
    by_pk = Article.objects.without_payload().select_related("source").in_bulk(ranked)
    return [by_pk[pk] for pk in ranked if pk in by_pk]


def ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
    }


def recall_at_10(
    ids: np.ndarray, vectors: np.ndarray, queries: list[tuple[int, np.ndarray]], size: int, *, with_lsh: bool = True
) -> dict:
    """Index raw top-10, index candidates re-ranked, LSH candidates re-ranked: each against exact top-10."""
    from articles import vector_index
    from claims.related import VECTOR_CANDIDATES

    position = {int(pk): n for n, pk in enumerate(ids.tolist())}
    raw_hits, reranked_hits, lsh_hits, index_ms = [], [], [], []
    for pk, query in queries:
        scores = vectors @ query
        scores[position[pk]] = -2.0 if pk in position else 0.0
        exact = set(ids[np.argpartition(-scores, 10)[:10]].tolist())
        started = time.perf_counter()
        candidates = vector_index.nearest(query, count=VECTOR_CANDIDATES, exclude=[pk])
        index_ms.append(time.perf_counter() - started)
        raw_hits.append(len(exact & set(candidates[:10])) / 10)

        reranked_hits.append(len(exact & _reranked(candidates, scores, position)) / 10)
        if with_lsh:
            lsh = [k for k, _ in lsh_candidate_ids(pk, query, size)]
            lsh_hits.append(len(exact & _reranked(lsh, scores, position)) / 10)
    return {
        "queries": len(queries),
        "index_top10": round(float(np.mean(raw_hits)), 3),
        "index_candidates_reranked": round(float(np.mean(reranked_hits)), 3),
        "lsh_candidates_reranked": round(float(np.mean(lsh_hits)), 3) if lsh_hits else None,
        "index_search_incl_catch_up": ms(index_ms),
    }


def _reranked(found: list[int], scores: np.ndarray, position: dict[int, int]) -> set[int]:
    """The 10 best of `found` by exact cosine: what related_articles keeps of its candidates."""
    kept = [k for k in found if k in position]
    if not kept:
        return set()
    found_scores = np.array([scores[position[k]] for k in kept])
    return {kept[i] for i in np.argsort(-found_scores)[:10].tolist()}


def measure(
    archive: Archive,
    size: int,
    queries: int,
    passage_articles: int,
    source_ids: list[int],
    *,
    with_lsh: bool = True,
    other_stance: StanceModel | None = None,
    backward_gate: float | None = None,
) -> dict:
    import engine.matching.pairs as pairs_module
    from articles.models import Article, Passage
    from claims.related import article_docs, article_index_update, related_articles
    from engine.matching import ClaimDoc, suggest_evidence
    from engine.models.embedder import vector_to_bytes
    from engine.stance.model import load_stance_model

    def forget_stance_readings() -> None:
        load_stance_model().forget_readings()

    rng = np.random.default_rng(size)
    parts = ("related", "total")
    paths = ("index", "lsh") if with_lsh else ("index",)
    timings: dict[str, list[float]] = {f"{path}_{part}": [] for path in paths for part in parts}
    timings["index_suggest"], timings["index_suggest_one_reading"] = [], []
    if other_stance is not None:
        timings["index_suggest_other_precision"] = []
    if backward_gate is not None:
        timings["index_suggest_gated"] = []
    same_event: dict[str, list[float]] = {path: [] for path in paths}
    for query in rng.choice(passage_articles, queries, replace=False).tolist():
        new = archive.article(query, variant=1 + query)
        article = Article.objects.create(
            source_id=source_ids[0],
            title=new.title,
            body=new.body,
            published_on=new.published,
            content_hash=hashlib.sha256(f"query-{size}-{query}-{time.time()}".encode()).hexdigest(),
            original_bytes=b"",
            status=Article.Status.PROCESSING,
        )
        stored = Passage.objects.bulk_create(
            Passage(article=article, position=n, start=b, end=e, text=t, embedding=vector_to_bytes(v))
            for n, ((b, e, t), v) in enumerate(zip(new.passages, new.passage_vectors, strict=True))
        )
        article_index_update(article, new.passage_vectors)
        claims = [ClaimDoc(p.pk, p.start, p.end, p.text, v) for p, v in zip(stored, new.passage_vectors, strict=True)]
        truth = {i + 1 for i in np.flatnonzero(archive.event_of[:passage_articles] == new.event).tolist()}
        for path in paths:
            started = time.perf_counter()
            found = related_articles(article, limit=20) if path == "index" else lsh_related_articles(article, size)
            after = time.perf_counter()
            own, *others = article_docs([article, *found])  # type: ignore[list-item]
            forget_stance_readings()  # each timed step reads its pairs afresh, as for a new article
            suggesting = time.perf_counter()
            suggest_evidence(claims, own, others, per_claim=5)
            done = time.perf_counter()
            timings[f"{path}_related"].append(after - started)
            timings[f"{path}_total"].append(done - started)
            same_event[path].append(len(truth & {a.pk for a in found}) / min(20, len(truth)))  # type: ignore[attr-defined]
            if path == "index":
                # The same suggestion step reading each pair one way only (the decision before both readings):
                # the baseline the two readings' cost is read against, timed on the same candidates.
                timings["index_suggest"].append(done - suggesting)
                forget_stance_readings()
                one_way = time.perf_counter()
                suggest_evidence(claims, own, others, per_claim=5, read_both_ways=False)
                timings["index_suggest_one_reading"].append(time.perf_counter() - one_way)
                if backward_gate is not None:
                    # The same suggestion step with the second reading gated (engine.matching.pairs), same candidates.
                    saved_gate, pairs_module.BACKWARD_READING_GATE = pairs_module.BACKWARD_READING_GATE, backward_gate
                    try:
                        forget_stance_readings()
                        gated = time.perf_counter()
                        suggest_evidence(claims, own, others, per_claim=5)
                        timings["index_suggest_gated"].append(time.perf_counter() - gated)
                    finally:
                        pairs_module.BACKWARD_READING_GATE = saved_gate
                if other_stance is not None:
                    # The same suggestion step with the stance model at the other precision, same candidates.
                    with load_stance_model.using(other_stance):
                        forget_stance_readings()
                        other = time.perf_counter()
                        suggest_evidence(claims, own, others, per_claim=5)
                        timings["index_suggest_other_precision"].append(time.perf_counter() - other)
        article.delete()
    return {
        **{name: ms(values) for name, values in timings.items()},
        "same_event_recall": {path: round(float(np.mean(values)), 3) for path, values in same_event.items()},
    }


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a database used only for this benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--recall-queries", type=int, default=200)
    parser.add_argument("--passage-articles", type=int, default=10_000)
    parser.add_argument("--real", type=int, default=1000, help="FNC-1 bodies to store and query with")
    parser.add_argument("--out", default=str(HERE / "results.jsonl"))
    parser.add_argument(
        "--lsh-up-to",
        type=int,
        default=None,
        help="time the old LSH baseline only at sizes up to this (its SQL reads thousands of rows a query); "
        "larger sizes compare the index with exact search alone",
    )
    parser.add_argument(
        "--other-precision",
        choices=("float32", "bfloat16"),
        default=None,
        help="also time each suggestion step with the stance model at this precision, on the same candidates",
    )
    parser.add_argument(
        "--backward-gate",
        type=float,
        default=None,
        help="also time each suggestion step with the second stance reading gated at this p(related)",
    )
    args = parser.parse_args()
    if "bench" not in args.database_url:
        parser.error("refusing to load synthetic rows into a database whose name does not contain 'bench'")
    setup_django(args.database_url)
    from articles import vector_index
    from articles.models import Source
    from engine.stance.model import StanceModel, load_stance_model

    other = StanceModel.load(precision=args.other_precision) if args.other_precision else None

    source_ids = [
        Source.objects.get_or_create(domain=f"outlet{n}.example", defaults={"name": f"Outlet {n}"})[0].pk
        for n in range(SOURCES)
    ]
    real_keys, real_vectors = article_vectors(0)  # what fnc1_vectors.py has cached (or its partial file)
    real_keys, real_vectors = real_keys[: args.real], real_vectors[: args.real]
    print(f"{len(real_keys)} real FNC-1 article vectors", flush=True)
    load_real(real_keys, real_vectors, source_ids)
    archive = Archive(max(args.sizes))
    for size in sorted(args.sizes):
        have = stored_synthetic()
        if have < size:
            started = time.perf_counter()
            load(archive, have, size, args.passage_articles, source_ids)
            from django.db import connection

            with connection.cursor() as cursor:
                top = "(SELECT max(id) FROM articles_article)"
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('articles_article', 'id'), {top})")
                cursor.execute("ANALYZE articles_article")
                cursor.execute("ANALYZE bench_lsh")
                cursor.execute("ANALYZE articles_passage")
            print(f"loaded {size - have} articles in {time.perf_counter() - started:.0f} s", flush=True)
        total = size + len(real_keys)
        vector_index.reset()
        gc.collect()
        rss_before = rss_mb()
        built = vector_index.rebuild()
        status = vector_index.status()
        ids, vectors = all_vectors()
        rng = np.random.default_rng(7)
        synthetic_queries = [
            (int(ids[i]), vectors[i]) for i in rng.choice(np.flatnonzero(ids < REAL_ID_BASE), args.recall_queries)
        ]
        real_queries = [(REAL_ID_BASE + n, v) for n, v in enumerate(real_vectors[: args.recall_queries])]
        with_lsh = args.lsh_up_to is None or size <= args.lsh_up_to
        result = {
            "stored_articles": total,
            "synthetic": size,
            "real_fnc1": len(real_keys),
            "build": built,
            "snapshot_mb_per_million": round(built["bytes"] / total * 1e6 / 2**20, 1),
            "process_peak_rss_mb_before_build": round(rss_before, 1),
            "index_status": status,
            "lsh_baseline": with_lsh,
            "recall_at_10_synthetic": recall_at_10(ids, vectors, synthetic_queries, total, with_lsh=with_lsh),
            "recall_at_10_real_fnc1": recall_at_10(ids, vectors, real_queries, total, with_lsh=with_lsh),
        }
        del vectors
        gc.collect()
        for queries in (args.warmup, args.queries):  # the first pass warms caches and models; the second counts
            matching = measure(
                archive,
                size,
                queries,
                args.passage_articles,
                source_ids,
                with_lsh=with_lsh,
                other_stance=other,
                backward_gate=args.backward_gate,
            )
        result["matching_30_claims"] = matching
        result["backward_reading_gate"] = args.backward_gate
        result["model_precision"] = load_stance_model().head.precision
        result["model_runtime"] = load_stance_model().head.runtime
        if other is not None:
            result["other_precision"] = other.head.precision
            result["other_runtime"] = other.head.runtime
        result["measured_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        result["load_average"] = os.getloadavg()
        print(json.dumps(result), flush=True)
        with open(args.out, "a") as handle:
            handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
