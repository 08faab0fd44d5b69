"""With the Redis cache the production settings configure, two worker processes share one rate limit."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("FACTCHECK_TEST_CACHE_URL", "redis://127.0.0.1:6379/13")


def worker(env: dict[str, str], partner_id: int, attempts: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.security.throttle_worker", str(partner_id), str(attempts)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_worker_processes_count_against_one_limit() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    env = {
        **os.environ,
        "FACTCHECK_CACHE_URL": REDIS_URL,
        "FACTCHECK_CACHE_PREFIX": f"test-{uuid.uuid4().hex}",  # this run's counters only
        "FACTCHECK_PARTNER_THROTTLE_RATE": "10/min",
    }
    processes = [worker(env, partner_id=7, attempts=10) for _ in range(2)]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    allowed = [int(process.communicate(timeout=60)[0].strip()) for process in processes]
    # 10 per minute for the partner, however many processes answer it (a per-process cache allowed 20).
    assert sum(allowed) == 10, allowed


def test_without_a_cache_url_each_process_counts_alone() -> None:
    """The failure the Redis cache fixes, shown: the in-memory cache lets each process allow the whole limit."""
    env = {**os.environ, "FACTCHECK_PARTNER_THROTTLE_RATE": "10/min"}
    env.pop("FACTCHECK_CACHE_URL", None)
    processes = [worker(env, partner_id=7, attempts=10) for _ in range(2)]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    allowed = [int(process.communicate(timeout=60)[0].strip()) for process in processes]
    assert allowed == [10, 10]
