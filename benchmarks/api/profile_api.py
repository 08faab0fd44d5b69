"""Where one partner-feed request spends its time: cProfile of GET /api/v1/claims/ in-process (no gunicorn, no
network), on the same seeded page as bench_api.py.

    .venv/bin/python benchmarks/api/profile_api.py --database-url postgres://postgres@127.0.0.1:5432/factcheck_h6_api

Prints the mean wall time per request, the SQL statements one request runs, and the functions with the largest
cumulative time. The database is flushed (same name guard as bench_api.py).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time

from bench_api import refuse_unless_flushable, seed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--claims", type=int, default=50)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    refuse_unless_flushable(parser, args.database_url)
    os.environ["FACTCHECK_PARTNER_THROTTLE_RATE"] = "100000000/min"
    key = seed(args.database_url, args.claims)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT="application/json")
    for _ in range(20):  # warm: the page cache, connections, imports
        assert client.get("/api/v1/claims/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/claims/")
    print(f"{len(queries.captured_queries)} SQL statements per request:")
    for query in queries.captured_queries:
        print(f"  {query['time']} s  {query['sql'][:160]}")
    started = time.perf_counter()
    for _ in range(args.requests):
        client.get("/api/v1/claims/")
    plain = (time.perf_counter() - started) / args.requests
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        client.get("/api/v1/claims/")
    profiler.disable()
    print(f"{1000 * plain:.2f} ms per request unprofiled ({args.requests} requests)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
