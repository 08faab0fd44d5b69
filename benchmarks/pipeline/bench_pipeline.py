"""The analysis pipeline on real articles with PostgreSQL, Redis and real (warm) Celery workers, against bare MiniLM.

    .venv/bin/python benchmarks/pipeline/bench_pipeline.py \\
        --database-url postgres://postgres@127.0.0.1:5432/factcheck_h6_pipe --broker redis://127.0.0.1:6379/6

The database must be named *_pipe or *bench* (it is flushed). In one run:

1. stores `--archive` synthetic finished articles (benchmarks/scale, 30 passages each) as the archive to match against;
2. starts `scripts/worker.sh` (analysis worker with WORKER_CONCURRENCY processes, housekeeping worker + beat) and
   waits until every analysis process logged that its models are loaded (claims/warm.py);
3. throughput: ingests `--throughput-articles` FNC-1 bodies at once through articles.services.article_ingest (the
   upload path; the outbox hands them to the workers) and times until every one is finished; sentences/s counts the
   passages the pipeline stored;
4. the same sentences encoded by the bare shipped MiniLM in this process, PyTorch float32, length-sorted batches of 64
   (and, recorded beside it, the same batches in ONNX Runtime);
5. latency: `--latency-articles` FNC-1 bodies of 850-1,200 words uploaded one at a time; upload -> claims visible
   (first Claim row committed) and upload -> evidence visible (the run finished: suggestions stored), median and p95;
6. `--profile`: the in-process pipeline (claims.pipeline.article_run) under cProfile on a few bodies, top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO), str(HERE.parent / "scale"), str(HERE.parent / "matching")]
FNC1 = Path("/work/shared/data/benchmarks/fnc1/train_bodies.csv")


def fnc1_bodies() -> list[str]:
    csv.field_size_limit(10_000_000)
    with FNC1.open(encoding="utf-8") as handle:
        return [row["articleBody"] for row in csv.DictReader(handle)]


def setup(database_url: str, broker: str) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker,
        SECRET_KEY="benchmark-only",
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        FACTCHECK_VECTOR_INDEX_DIR=str(REPO / "var" / "bench" / "vector_index"),
    )
    # The deployment's default precision unless the caller sets one (the workers inherit this environment).
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def store_archive(size: int) -> None:
    from bench_scale import SOURCES, load, setup_django
    from synthetic import Archive

    from articles import vector_index
    from articles.models import Source

    del setup_django  # the scale benchmark's loader needs its side table only
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_lsh (id bigint PRIMARY KEY, b1 int, b2 int, b3 int)")
        cursor.execute("TRUNCATE bench_lsh")  # not a Django table, so the flush before this run left it full
    sources = [
        Source.objects.get_or_create(domain=f"outlet{n}.example", defaults={"name": f"Outlet {n}"})[0].pk
        for n in range(SOURCES)
    ]
    load(Archive(size), 0, size, size, sources)
    with connection.cursor() as cursor:
        top = "(SELECT max(id) FROM articles_article)"
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('articles_article', 'id'), {top})")
        cursor.execute("ANALYZE")
    vector_index.rebuild()


def start_workers(concurrency: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "WORKER_CONCURRENCY": str(concurrency), "FACTCHECK_VAR_DIR": str(REPO / "var" / "bench")}
    handle = log.open("wb")
    process = subprocess.Popen(["scripts/worker.sh"], cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.time() + 900
    while time.time() < deadline:
        text = log.read_text(errors="replace")
        if text.count("Analysis models loaded") >= concurrency:
            return process
        if process.poll() is not None:
            raise SystemExit(f"workers exited: see {log}")
        time.sleep(2)
    raise SystemExit(f"workers did not warm up in time: see {log}")


def ingest(body: str, number: int) -> int:
    from articles.services import SourceInput, article_ingest

    article = article_ingest(
        source=SourceInput(domain=f"fnc{number % 7}.example", name=f"FNC outlet {number % 7}"),
        text=body,
        title=f"FNC-1 body {number}",
    )
    return int(article.pk)


def wait_done(ids: list[int], timeout: float = 3600) -> None:
    from articles.models import Article

    deadline = time.time() + timeout
    while time.time() < deadline:
        if Article.objects.filter(pk__in=ids, status__in=[Article.Status.DONE, Article.Status.FAILED]).count() == len(
            ids
        ):
            return
        time.sleep(0.2)
    raise SystemExit("articles did not finish in time")


def bare_minilm(sentences: list[str], runtime: str = "torch") -> float:
    """Seconds for the shipped MiniLM, float32, length-sorted batches of 64, no pipeline.

    The issue's bare model is PyTorch's (transformers, float32); `runtime="onnx"` times the same batches in ONNX
    Runtime, recorded beside it so the share can also be read against the faster runtime.
    """
    from engine.models.embedder import build_embedder

    embedder = build_embedder("float32", runtime)
    embedder.encode(sentences[:8])
    ordered = sorted(sentences, key=len)
    started = time.perf_counter()
    for start in range(0, len(ordered), 64):
        embedder.encode(ordered[start : start + 64])
    return time.perf_counter() - started


def wait_idle(broker_url: str, timeout: float = 3600, quiet_for: float = 3.0) -> float:
    """Wait until no analysis work is queued, held or unacknowledged and the outbox is empty, for `quiet_for` s;
    returns the `time.perf_counter()` at which the workers went idle.

    The articles are done before their consequences are: each finished article schedules neighbour evidence
    refreshes, which keep the workers busy afterwards. Timing the bare model while they run would slow it and flatter
    the pipeline's share (seen on 2026-12-01: 24.8 against ~200 sentences/s), so the bare model waits for this.
    """
    import redis

    from outbox.models import OutboxEvent

    client = redis.Redis.from_url(broker_url)
    deadline = time.perf_counter() + timeout
    calm_since: float | None = None
    while time.perf_counter() < deadline:
        # Messages a worker holds (running, or waiting for their countdown) sit in the "unacked" hash as
        # [message, exchange, routing key] until acknowledged; housekeeping sweeps come and go and are not counted.
        held = [json.loads(raw)[2] for raw in client.hvals("unacked")]
        busy = (
            client.llen("celery") > 0
            or any(key != "housekeeping" for key in held)
            or OutboxEvent.objects.undispatched().exists()
        )
        now = time.perf_counter()
        calm_since = None if busy else (calm_since or now)
        if calm_since is not None and now - calm_since >= quiet_for:
            return calm_since
        time.sleep(0.25)
    raise RuntimeError(f"the workers were still busy after {timeout:.0f} s")


def latency(bodies: list[str], offset: int, broker_url: str) -> dict[str, object]:
    """Each body uploaded alone, with the workers idle (the previous upload's refreshes drained first)."""
    from articles.models import Article
    from claims.models import Claim

    claims_visible: list[float] = []
    evidence_visible: list[float] = []
    for number, body in enumerate(bodies):
        wait_idle(broker_url)
        started = time.perf_counter()
        article_id = ingest(body, offset + number)
        seen_claims = None
        while True:
            if seen_claims is None and Claim.objects.filter(article_id=article_id).exists():
                seen_claims = time.perf_counter() - started
            status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
            if status in (Article.Status.DONE, Article.Status.FAILED):
                done = time.perf_counter() - started
                break
            time.sleep(0.05)
        claims_visible.append(seen_claims if seen_claims is not None else done)
        evidence_visible.append(done)

    def stats(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "median_s": round(statistics.median(ordered), 2),
            "p95_s": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2),
        }

    return {
        "articles": len(bodies),
        "words_mean": round(statistics.mean(len(b.split()) for b in bodies)),
        "claims_visible": stats(claims_visible),
        "evidence_visible": stats(evidence_visible),
    }


def profile_in_process(bodies: list[str], offset: int) -> str:
    """claims.pipeline.article_run on each body in this process under cProfile: the top of the profile."""
    from django.conf import settings

    from claims import pipeline
    from claims.warm import warm_models

    settings.CELERY_TASK_ALWAYS_EAGER = False
    warm_models()  # as a warm worker: loading is not what the profile is about
    ids = [ingest(body, offset + n) for n, body in enumerate(bodies)]
    profiler = cProfile.Profile()
    for article_id in ids:
        token = pipeline.article_run_start(article_id=article_id)
        if token is None:
            continue
        profiler.enable()
        pipeline.article_run(article_id=article_id, token=token)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(45)
    out.write("\n--- by own time ---\n")
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--broker", required=True)
    parser.add_argument("--archive", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--throughput-articles", type=int, default=20)
    parser.add_argument("--latency-articles", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, help="bodies to profile in-process (0: skip)")
    args = parser.parse_args()
    name = args.database_url.rsplit("/", 1)[-1]
    if not name.endswith("_pipe") and "bench" not in name:
        parser.error("refusing to flush a database whose name does not end in _pipe or contain 'bench'")
    setup(args.database_url, args.broker)
    bodies = fnc1_bodies()
    result: dict[str, object] = {"archive": args.archive, "worker_processes": args.concurrency}
    if args.profile:
        # Earlier bodies first, so the later ones have related articles to match against.
        report = profile_in_process(bodies[200 : 200 + args.profile], 90_000)
        (HERE / "profile.txt").write_text(report)
        print(report[:6000])
        return
    started = time.perf_counter()
    store_archive(args.archive)
    result["archive_load_s"] = round(time.perf_counter() - started, 1)
    log = REPO / "var" / "bench" / "pipeline_workers.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    workers = start_workers(args.concurrency, log)
    try:
        from articles.models import Passage

        batch = bodies[: args.throughput_articles]
        started = time.perf_counter()
        ids = [ingest(body, n) for n, body in enumerate(batch)]
        wait_done(ids)
        articles_done = time.perf_counter() - started
        # Until every consequence of the batch (neighbour refreshes) has run.
        elapsed = wait_idle(args.broker) - started
        sentences = list(Passage.objects.filter(article_id__in=ids).values_list("text", flat=True))
        result["throughput"] = {
            "articles": len(ids),
            "sentences": len(sentences),
            "seconds_until_articles_done": round(articles_done, 1),
            "seconds_until_all_work_done": round(elapsed, 1),
            "sentences_per_s": round(len(sentences) / elapsed, 1),
        }
        bare = bare_minilm(sentences)  # the workers are idle now
        result["bare_minilm_float32"] = {"seconds": round(bare, 1), "sentences_per_s": round(len(sentences) / bare, 1)}
        bare_onnx = bare_minilm(sentences, runtime="onnx")
        result["bare_minilm_float32_onnx_runtime"] = {
            "seconds": round(bare_onnx, 1),
            "sentences_per_s": round(len(sentences) / bare_onnx, 1),
        }
        result["pipeline_share_of_bare"] = round(bare / elapsed, 3)
        result["pipeline_share_of_bare_articles_done"] = round(bare / articles_done, 3)
        long_ones = [b for b in bodies[1000:] if 850 <= len(b.split()) <= 1200][: args.latency_articles]
        result["latency_1000_words"] = latency(long_ones, 50_000, args.broker)
    finally:
        workers.terminate()
        workers.wait(timeout=120)
    result["load_average"] = os.getloadavg()
    result["model_precision"] = os.environ.get("FACTCHECK_MODEL_PRECISION", "default (auto)")
    result["model_runtime"] = os.environ.get("FACTCHECK_MODEL_RUNTIME", "default (torch)")
    # Whether the workers shared stance readings through Redis (needs FACTCHECK_CACHE_URL; 0 seconds = off).
    result["cache_url"] = bool(os.environ.get("FACTCHECK_CACHE_URL"))
    result["stance_readings_seconds"] = os.environ.get("FACTCHECK_STANCE_READINGS_SECONDS", "default (3600)")
    result["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print(json.dumps(result, indent=2))
    with open(HERE / "results.jsonl", "a") as handle:
        handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
