"""The article vector index: a cache of `Article.embedding` for nearest-article search, never the source of truth.

Files live in FACTCHECK_VECTOR_INDEX_DIR/<vendor>-<database>/: `current.json` names the snapshot and the time the
database was read for it; `snapshot-<id>.usearch` is the HNSW graph (engine.matching.vector_index), memory-mapped
read-only by every process. Each process keeps the changes since that time in memory: before a search it reads
the articles updated since its last look (minus a margin for transactions that committed late) from the database,
so an article finished by another worker a moment ago is found. Writes to the directory (a first build, a
compaction once the changes pile up, `manage.py rebuild_vector_index`) hold an exclusive file lock and replace
`current.json` atomically; a reader notices the new file on its next search and maps the new snapshot. A snapshot
written for another database incarnation (dropped and re-created) or another index format is rebuilt, never read.

A small archive (below FACTCHECK_VECTOR_INDEX_SNAPSHOT_MIN articles) needs no snapshot: every vector sits in the
in-memory part and is searched exactly. Deleted articles are not seen by the catch-up; the caller reads candidates
back from the database, so they drop out there, and the next rebuild forgets them.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.utils import timezone
from usearch.index import Index

from articles.models import Article
from engine.matching import vector_index as engine_index
from engine.matching.types import Vector
from engine.models.embedder import EMBEDDING_DIMENSIONS, vector_from_bytes

logger = logging.getLogger(__name__)

# A row's updated_at is stamped before its transaction commits; re-reading this far back catches late commits.
CATCH_UP_MARGIN = timedelta(seconds=120)
READ_CHUNK = 20_000


def config() -> engine_index.VectorIndexConfig:
    return engine_index.VectorIndexConfig(
        connectivity=settings.FACTCHECK_VECTOR_INDEX_CONNECTIVITY,
        expansion_search=settings.FACTCHECK_VECTOR_INDEX_EXPANSION_SEARCH,
    )


@dataclass(slots=True)
class _State:
    identity: str = ""
    current_stamp: tuple[int, int] | None = None
    snapshot_name: str | None = None
    snapshot: Index | None = None
    delta: engine_index.Delta = field(default_factory=engine_index.Delta)
    seen_until: datetime | None = None
    snapshot_watermark: datetime | None = None


_state = _State()
_lock = threading.Lock()


def reset() -> None:
    """Forget this process's view (tests switch databases under it)."""
    global _state
    with _lock:
        _state = _State()


def directory() -> Path:
    name = connection.settings_dict.get("NAME") or "default"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in Path(str(name)).name)
    return Path(settings.FACTCHECK_VECTOR_INDEX_DIR) / f"{connection.vendor}-{safe}"


def _database_identity() -> str:
    """Changes when the database is dropped and re-created under the same name, so a stale snapshot is never read."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT oid FROM pg_database WHERE datname = current_database()")
            row = cursor.fetchone()
        return f"postgresql:{row[0] if row else '?'}"
    name = str(connection.settings_dict.get("NAME") or "")
    try:
        return f"{connection.vendor}:{os.stat(name).st_ino}"
    except OSError:
        return f"{connection.vendor}:{name}"


@contextmanager
def _write_lock(*, wait: bool) -> Iterator[bool]:
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "write.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_current() -> dict[str, Any] | None:
    """The snapshot description, if one was written for this database and this index format."""
    try:
        current = json.loads((directory() / "current.json").read_text())
    except (OSError, ValueError):
        return None
    if current.get("params") != config().describe() or current.get("database") != _state.identity:
        return None
    if not (directory() / str(current.get("snapshot"))).is_file():
        return None
    return dict(current)


def _current_stamp() -> tuple[int, int] | None:
    try:
        status = (directory() / "current.json").stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ino)


def _write_current(index: Index, *, watermark: datetime) -> str:
    """Save `index` as the new snapshot and point current.json at it; old files go (mapped copies live on)."""
    folder = directory()
    name = f"snapshot-{uuid.uuid4().hex}.usearch"
    engine_index.save(index, folder / f".{name}.tmp")
    os.replace(folder / f".{name}.tmp", folder / name)
    current = {
        "snapshot": name,
        "watermark": watermark.isoformat(),
        "count": len(index),
        "params": config().describe(),
        "database": _state.identity,
        "written_at": timezone.now().isoformat(),
    }
    (folder / ".current.json.tmp").write_text(json.dumps(current, indent=2))
    os.replace(folder / ".current.json.tmp", folder / "current.json")
    for old in folder.glob("snapshot-*.usearch"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return name


def _indexed_rows() -> Iterable[tuple[int, bytes]]:
    rows = (
        Article.objects.filter(status=Article.Status.DONE, embedding__isnull=False)
        .order_by()
        .values_list("pk", "embedding")
    )
    for pk, raw in rows.iterator(chunk_size=READ_CHUNK):
        if raw:
            yield pk, bytes(raw)


def _indexed_count() -> int:
    return Article.objects.filter(status=Article.Status.DONE, embedding__isnull=False).count()


def rebuild() -> dict[str, Any]:
    """Build a snapshot of every searchable article from the database and make it current (waits for the lock)."""
    with _lock:
        _state.identity = _database_identity()
        with _write_lock(wait=True):
            return _rebuild_locked()


def _rebuild_locked() -> dict[str, Any]:
    started = time.perf_counter()
    watermark = timezone.now()  # rows updated from here on are caught up by readers
    keys: list[int] = []
    chunks: list[np.ndarray] = []
    for pk, raw in _indexed_rows():
        keys.append(pk)
        chunks.append(np.frombuffer(raw, dtype=np.float32))
    read = time.perf_counter()
    vectors = np.stack(chunks) if chunks else np.zeros((0, EMBEDDING_DIMENSIONS), dtype=np.float32)
    del chunks
    index = engine_index.build(keys, vectors, config())
    built = time.perf_counter()
    name = _write_current(index, watermark=watermark)
    logger.info("Vector index rebuilt: %d articles in %.1f s", len(keys), time.perf_counter() - started)
    return {
        "articles": len(keys),
        "snapshot": name,
        "read_seconds": round(read - started, 2),
        "build_seconds": round(built - read, 2),
        "bytes": (directory() / name).stat().st_size,
    }


def _load() -> None:
    """Map the current snapshot if it changed; build the first one when the archive has grown big enough."""
    stamp = _current_stamp()
    if stamp is not None and stamp == _state.current_stamp:
        return
    if not _state.identity:
        _state.identity = _database_identity()
    current = _read_current()
    if current is None and _indexed_count() >= settings.FACTCHECK_VECTOR_INDEX_SNAPSHOT_MIN:
        with _write_lock(wait=True):
            current = _read_current()  # another process may have built it while we waited
            if current is None:
                logger.warning("No usable vector index snapshot in %s: building one now", directory())
                _rebuild_locked()
                current = _read_current()
        stamp = _current_stamp()
    if current is None:
        if _state.snapshot is not None:
            _forget_snapshot()
        _state.current_stamp = stamp
        return
    if current["snapshot"] != _state.snapshot_name:
        _state.snapshot = engine_index.open_view(directory() / current["snapshot"], config())
        _state.snapshot_name = current["snapshot"]
        _state.delta = engine_index.Delta()
        _state.seen_until = datetime.fromisoformat(current["watermark"])
        _state.snapshot_watermark = _state.seen_until
    _state.current_stamp = stamp


def _forget_snapshot() -> None:
    _state.snapshot = None
    _state.snapshot_name = None
    _state.delta = engine_index.Delta()
    _state.seen_until = None
    _state.snapshot_watermark = None


def _catch_up() -> None:
    """Fold in every article updated since this process last looked: finished ones searchable, others not."""
    now = timezone.now()
    rows = Article.objects.order_by()
    if _state.seen_until is not None:
        rows = rows.filter(updated_at__gte=_state.seen_until - CATCH_UP_MARGIN)
    snapshot, delta, watermark = _state.snapshot, _state.delta, _state.snapshot_watermark
    fields = ("pk", "status", "embedding", "updated_at")
    for pk, status, raw, updated_at in rows.values_list(*fields).iterator(chunk_size=READ_CHUNK):
        in_snapshot = snapshot is not None and snapshot.contains(pk)
        if status == Article.Status.DONE and raw:
            # Re-read only for the margin and already in the snapshot: the snapshot holds it, keep the delta small.
            if not (in_snapshot and watermark is not None and updated_at < watermark):
                delta.put(pk, vector_from_bytes(bytes(raw)))
        elif in_snapshot or pk in delta.vectors:
            delta.drop(pk)
    _state.seen_until = now


def _compact_if_due() -> None:
    """Fold a large delta into a new snapshot, unless another process is already writing one."""
    if len(_state.delta) < settings.FACTCHECK_VECTOR_INDEX_COMPACT_AT:
        return
    if _state.snapshot is None and len(_state.delta.vectors) < settings.FACTCHECK_VECTOR_INDEX_SNAPSHOT_MIN:
        return
    with _write_lock(wait=False) as acquired:
        if not acquired or _current_stamp() != _state.current_stamp:
            return  # someone else is writing, or already wrote a newer snapshot: map that on the next search
        path = directory() / _state.snapshot_name if _state.snapshot_name else None
        index = engine_index.compacted(path, _state.delta, config())
        assert _state.seen_until is not None
        _write_current(index, watermark=_state.seen_until)
    _load()


def nearest(vector: Vector, *, count: int, exclude: Iterable[int] = ()) -> list[int]:
    """Ids of up to `count` finished articles nearest to `vector`, nearest first (candidates: re-rank exactly)."""
    with _lock:
        _load()
        _catch_up()
        _compact_if_due()
        return engine_index.search(_state.snapshot, _state.delta, vector, count, exclude)


def status() -> dict[str, Any]:
    """What this process holds, for the management command and the benchmarks."""
    with _lock:
        _load()
        _catch_up()
        return {
            "directory": str(directory()),
            "snapshot": _state.snapshot_name,
            "snapshot_articles": 0 if _state.snapshot is None else len(_state.snapshot),
            "changes_in_memory": len(_state.delta),
            "seen_until": None if _state.seen_until is None else _state.seen_until.isoformat(),
        }
