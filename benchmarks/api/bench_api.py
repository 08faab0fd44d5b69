"""GET /api/v1/claims/ (50 published claims with evidence and ClaimReview) against a bare JsonResponse, same run.

    .venv/bin/python benchmarks/api/bench_api.py --database-url postgres://postgres@127.0.0.1:5432/factcheck_h6_api

Seeds the database (it must be named *_api or *bench*; it is flushed), starts gunicorn with 2 sync workers on the
project's settings plus benchmarks/api/bench_urls.py, and drives it with 16 keep-alive clients (threads in one
separate process). Endpoints are measured in interleaved rounds so machine noise hits each alike:

- `/api/v1/claims/`: the partner feed as shipped (key auth, throttle, cursor pagination, request log, ETag);
- `/bench/flushed-log-claims/`: the shipped feed with its request-log line committed as before 2026-12-01 (waiting
  for the WAL flush), so what the unflushed log line saves is measured in the same run;
- `/bench/old-claims/`: the same view with the old ClaimSerializer path and old ETag (before this change);
- `/bench/bare-claims/`: a bare JsonResponse of the same page's JSON value (no auth, no queries, no DRF);
- with `--baseline-tree DIR` (a checkout of an earlier commit, e.g. `git worktree add /tmp/base HEAD~3`): that
  tree's `/api/v1/claims/`, served by a second gunicorn of the same size on the same database, so a change to the
  feed is measured against the code before it in the same run (the two servers never run at once).

`--cache-url redis://...` puts the page cache and the rate-limit counters in Redis, as production does (without it
they are per-process memory, as in the embedded mode).

Reports requests/s and p50/p99 latency per endpoint, and each as a share of the bare JsonResponse's rate.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ENDPOINTS = {
    "bare": "/bench/bare-claims/",
    "fast": "/api/v1/claims/",
    "flushed_log": "/bench/flushed-log-claims/",
    "old": "/bench/old-claims/",
}
BASELINE = "baseline"  # the feed served by --baseline-tree


def refuse_unless_flushable(parser: argparse.ArgumentParser, database_url: str) -> None:
    """Stop before seeding: the database is flushed, so its name must say it is a benchmark's."""
    if not database_url.rsplit("/", 1)[-1].endswith("_api") and "bench" not in database_url:
        parser.error("refusing to flush a database whose name does not end in _api or contain 'bench'")


def seed(database_url: str, claims: int) -> str:
    """Fresh rows: `claims` published claims, each with two passage evidence and one external source; a key."""
    os.environ.update(DATABASE_URL=database_url, SECRET_KEY="benchmark-only", DJANGO_SETTINGS_MODULE="bench_settings")
    sys.path[:0] = [str(REPO), str(HERE)]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from claims.models import Evidence
    from partners.models import Scope
    from tests.factories import ArticleFactory, EvidenceFactory, PassageFactory, SourceFactory
    from tests.partners.helpers import api_key, published_claim

    wires = [SourceFactory(name=f"Wire {n}", domain=f"wire{n}.example", kind="wire") for n in range(5)]
    for number in range(claims):
        claim = published_claim(text=f"The flood killed {number + 3} people in Riverton on Friday, officials said.")
        for stance, wire in (("supports", wires[number % 5]), ("contradicts", wires[(number + 1) % 5])):
            EvidenceFactory(
                claim=claim,
                passage=PassageFactory(article=ArticleFactory(source=wire, url=f"https://{wire.domain}/{number}")),
                state=Evidence.State.ACCEPTED,
                stance=stance,
            )
        Evidence.objects.create(
            claim=claim,
            external_url="https://stats.example/table",
            excerpt="12 deaths recorded",
            stance="supports",
            origin="human",
            state="accepted",
        )
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    return raw


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hammer(port: int, path: str, key: str, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Authorization": f"Bearer {key}", "Accept": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors[0] += 1
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": errors[0],
        "seconds": round(elapsed, 2),
        "rps": len(ordered) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
    }


def start_server(tree: Path, env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn serving `tree`'s project with its benchmark URLs; returns once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"],
        cwd=tree,
        env={**env, "PYTHONPATH": f"{tree}:{tree / 'benchmarks' / 'api'}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
            break
        except OSError:
            time.sleep(0.2)
    return server, port


def fetch(port: int, path: str, key: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Authorization": f"Bearer {key}"})
    response = connection.getresponse()
    return response.status, response.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--cache-url", default="", help="redis:// URL for the page cache and rate-limit counters")
    parser.add_argument("--baseline-tree", type=Path, help="a checkout of an earlier commit to serve alongside")
    parser.add_argument("--claims", type=int, default=50)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    refuse_unless_flushable(parser, args.database_url)
    if args.baseline_tree and not (args.baseline_tree / "benchmarks" / "api" / "bench_urls.py").is_file():
        parser.error(f"{args.baseline_tree} is not a checkout of this project with benchmarks/api")
    key = seed(args.database_url, args.claims)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "FACTCHECK_CACHE_URL": args.cache_url,
        "SECRET_KEY": "benchmark-only",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "FACTCHECK_PARTNER_THROTTLE_RATE": "100000000/min",
    }
    if args.cache_url:
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()  # no page left from an earlier run
    # Each endpoint: (which server, path). The baseline's server is started only for its own rounds, so the
    # shipped server never shares the machine with a second idle gunicorn's workers while it is measured.
    endpoints = {name: ("shipped", path) for name, path in ENDPOINTS.items()}
    trees = {"shipped": REPO}
    if args.baseline_tree:
        endpoints[BASELINE] = (BASELINE, "/api/v1/claims/")
        trees[BASELINE] = args.baseline_tree.resolve()
    bodies: dict[str, tuple[int, bytes]] = {}
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in endpoints}
    for number in range(args.rounds):
        for server_name, tree in trees.items():
            server, port = start_server(tree, env, args.workers)
            try:
                mine = [name for name, (owner, _) in endpoints.items() if owner == server_name]
                for name in mine:  # warm every worker and check what each endpoint serves
                    for _ in range(8):
                        bodies[name] = fetch(port, endpoints[name][1], key)
                for name in mine:
                    result = hammer(port, endpoints[name][1], key, args.clients, args.seconds)
                    rounds[name].append(result)
                    print(f"round {number + 1} {name}: {result['rps']:.0f}/s p99 {result['p99_ms']:.0f} ms", flush=True)
            finally:
                server.terminate()
                server.wait(timeout=30)
    same_value = json.loads(bodies["fast"][1])["results"] == json.loads(bodies["bare"][1])["results"]
    same_bytes = all(bodies[name][1] == bodies["fast"][1] for name in endpoints if name != "bare")
    print(
        f"statuses {[(n, b[0]) for n, b in bodies.items()]}; fast == bare JSON value: {same_value}; "
        f"every feed endpoint gives the same bytes: {same_bytes}; body {len(bodies['fast'][1])} bytes",
        flush=True,
    )
    summary: dict[str, Any] = {}
    for name, results in rounds.items():
        summary[name] = {
            "rps_median": round(statistics.median(r["rps"] for r in results), 1),
            "p50_ms_median": round(statistics.median(r["p50_ms"] for r in results), 1),
            "p99_ms_median": round(statistics.median(r["p99_ms"] for r in results), 1),
            "errors": sum(int(r["errors"]) for r in results),
        }
    for name in endpoints:
        if name != "bare":
            summary[name]["share_of_bare"] = round(summary[name]["rps_median"] / summary["bare"]["rps_median"], 3)
    summary["setup"] = {
        "claims": args.claims,
        "clients": args.clients,
        "gunicorn_workers": args.workers,
        "seconds_per_round": args.seconds,
        "rounds": args.rounds,
        "cache": "redis" if args.cache_url else "process memory",
        "baseline_tree": str(args.baseline_tree or ""),
        "load_average": os.getloadavg(),
        "same_json_value_as_bare": same_value,
        "fast_bytes_equal_old": same_bytes,
    }
    print(json.dumps(summary, indent=2))
    with open(HERE / "results.jsonl", "a") as handle:
        handle.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
