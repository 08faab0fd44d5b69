"""The article vector index: a snapshot on disk plus each process's catch-up, kept honest by the database."""

from __future__ import annotations

import itertools
import json
import multiprocessing
from datetime import timedelta
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt
import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from articles import vector_index
from articles.models import Article
from claims.related import article_index_update, related_articles
from engine.matching import vector_index as engine_index
from tests.factories import ArticleFactory, PassageFactory

SERIAL = itertools.count()
RNG = np.random.default_rng(3)


def _unit(matrix: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    return (matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)).astype(np.float32)


def event_centre(event: int) -> npt.NDArray[np.float32]:
    return _unit(np.random.default_rng([17, event]).standard_normal(384).astype(np.float32))


def indexed(event: int, *, status: str = Article.Status.DONE) -> Article:
    vector = _unit(event_centre(event) + 0.05 * _unit(RNG.standard_normal(384).astype(np.float32)))
    text = f"Report {next(SERIAL)} about event {event}."
    article = cast(Article, ArticleFactory(title=f"Event {event}", body=text, status=status))
    PassageFactory(article=article, position=0, start=0, end=len(text), text=text, embedding=vector.tobytes())
    article_index_update(article, vector[None, :])
    return article


@pytest.fixture
def snapshot_from_three(settings):  # type: ignore[no-untyped-def]
    settings.FACTCHECK_VECTOR_INDEX_SNAPSHOT_MIN = 3
    return settings


def current() -> dict[str, object]:
    return cast(dict[str, object], json.loads((vector_index.directory() / "current.json").read_text()))


@pytest.mark.django_db
def test_a_small_archive_is_searched_exactly_without_writing_a_snapshot() -> None:
    stored = [indexed(event) for event in range(5)]
    found = vector_index.nearest(event_centre(2), count=1)
    assert found == [stored[2].pk]
    assert not (vector_index.directory() / "current.json").exists()


@pytest.mark.django_db
def test_the_first_search_of_a_large_enough_archive_writes_a_snapshot(snapshot_from_three) -> None:  # type: ignore[no-untyped-def]
    stored = [indexed(event) for event in range(6)]
    assert vector_index.nearest(event_centre(4), count=1) == [stored[4].pk]
    assert current()["count"] == 6
    assert len(list(vector_index.directory().glob("snapshot-*.usearch"))) == 1


@pytest.mark.django_db
def test_an_article_finished_after_the_snapshot_is_found(snapshot_from_three) -> None:  # type: ignore[no-untyped-def]
    [indexed(event) for event in range(4)]
    vector_index.rebuild()
    assert current()["count"] == 4
    new = indexed(9)  # finished by "another worker": only the database knows it yet
    assert vector_index.nearest(event_centre(9), count=1) == [new.pk]
    assert current()["count"] == 4


@pytest.mark.django_db
def test_an_article_taken_back_for_a_rerun_is_no_longer_found(snapshot_from_three) -> None:  # type: ignore[no-untyped-def]
    stored = [indexed(event) for event in range(4)]
    vector_index.rebuild()
    assert vector_index.nearest(event_centre(1), count=1) == [stored[1].pk]
    Article.objects.filter(pk=stored[1].pk).update(status=Article.Status.QUEUED, updated_at=timezone.now())
    assert stored[1].pk not in vector_index.nearest(event_centre(1), count=4)


@pytest.mark.django_db
def test_a_deleted_article_drops_out_of_related_articles_before_any_rebuild(snapshot_from_three) -> None:  # type: ignore[no-untyped-def]
    new = indexed(1, status=Article.Status.PROCESSING)
    twin = indexed(1)
    [indexed(event) for event in range(2, 6)]
    vector_index.rebuild()
    assert [a.pk for a in related_articles(new)] == [twin.pk]
    twin.delete()
    assert related_articles(new) == []


@pytest.mark.django_db
def test_changes_are_folded_into_a_new_snapshot_once_enough_pile_up(snapshot_from_three) -> None:  # type: ignore[no-untyped-def]
    snapshot_from_three.FACTCHECK_VECTOR_INDEX_COMPACT_AT = 3
    [indexed(event) for event in range(4)]
    vector_index.rebuild()
    first = current()["snapshot"]
    later = [indexed(event) for event in range(10, 13)]
    assert vector_index.nearest(event_centre(11), count=1) == [later[1].pk]
    assert current()["snapshot"] != first
    assert current()["count"] == 7
    assert vector_index.status()["changes_in_memory"] == 0
    assert len(list(vector_index.directory().glob("snapshot-*.usearch"))) == 1


@pytest.mark.django_db
def test_a_snapshot_written_for_another_database_is_rebuilt_not_read(snapshot_from_three) -> None:  # type: ignore[no-untyped-def]
    stored = [indexed(event) for event in range(4)]
    vector_index.rebuild()
    path = vector_index.directory() / "current.json"
    path.write_text(json.dumps({**current(), "database": "postgresql:0"}))
    vector_index.reset()
    assert vector_index.nearest(event_centre(3), count=1) == [stored[3].pk]
    assert current()["database"] != "postgresql:0"


@pytest.mark.django_db
def test_the_rebuild_command_indexes_every_finished_article(snapshot_from_three, capsys) -> None:  # type: ignore[no-untyped-def]
    [indexed(event) for event in range(3)]
    indexed(7, status=Article.Status.PROCESSING)
    call_command("rebuild_vector_index")
    assert current()["count"] == 3
    assert "Indexed 3 articles" in capsys.readouterr().out


def _search_in_another_process(directory: str, event: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from django.conf import settings

    connections.close_all()  # a forked child must not share the parent's socket
    settings.FACTCHECK_VECTOR_INDEX_DIR = Path(directory)
    vector_index.reset()
    try:
        queue.put(vector_index.nearest(event_centre(event), count=1))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_processes_starting_together_build_one_snapshot_and_agree(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.FACTCHECK_VECTOR_INDEX_SNAPSHOT_MIN = 3
    stored = [indexed(event) for event in range(6)]
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [
        context.Process(target=_search_in_another_process, args=(str(tmp_path / "vector_index"), 5, queue))
        for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    answers = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert answers == [[stored[5].pk]] * 3
    assert current()["count"] == 6
    assert len(list(vector_index.directory().glob("snapshot-*.usearch"))) == 1


def test_the_candidates_re_ranked_exactly_hold_the_exact_top_ten_on_clustered_vectors() -> None:
    # The index proposes candidates from int8 vectors; claims.related re-ranks them with the stored float32 ones.
    rng = np.random.default_rng(0)
    centres = _unit(rng.standard_normal((500, 384)).astype(np.float32))
    vectors = _unit(centres[rng.integers(0, 500, 20_000)] + 0.6 * _unit(rng.standard_normal((20_000, 384))))
    index = engine_index.build(list(range(1, 20_001)), vectors, engine_index.VectorIndexConfig())
    queries = _unit(centres[:100] + 0.6 * _unit(rng.standard_normal((100, 384))))
    recall = []
    for query in queries:
        exact = set((np.argsort(-(vectors @ query))[:10] + 1).tolist())
        candidates = np.array(engine_index.search(index, engine_index.Delta(), query, 50))
        top = candidates[np.argsort(-(vectors[candidates - 1] @ query))][:10]
        recall.append(len(exact & set(top.tolist())) / 10)
    assert float(np.mean(recall)) >= 0.95


def test_the_delta_overrides_the_snapshot_and_exclusions_hold() -> None:
    vectors = _unit(np.random.default_rng(1).standard_normal((50, 384)).astype(np.float32))
    index = engine_index.build(list(range(1, 51)), vectors, engine_index.VectorIndexConfig())
    delta = engine_index.Delta()
    delta.drop(1)  # gone from the archive
    delta.put(2, vectors[9])  # moved next to article 10
    assert 1 not in engine_index.search(index, delta, vectors[0], 3)
    assert engine_index.search(index, delta, vectors[9], 1, exclude=[10]) == [2]
    assert 10 not in engine_index.search(index, delta, vectors[9], 5, exclude=[10])


def test_an_updated_vector_replaces_the_old_one_when_compacted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = engine_index.VectorIndexConfig()
    vectors = _unit(np.random.default_rng(2).standard_normal((30, 384)).astype(np.float32))
    path = tmp_path / "snapshot.usearch"
    engine_index.save(engine_index.build(list(range(1, 31)), vectors, config), path)
    delta = engine_index.Delta()
    delta.put(5, vectors[20])
    delta.drop(6)
    merged = engine_index.compacted(path, delta, config)
    assert len(merged) == 29
    assert set(engine_index.search(merged, engine_index.Delta(), vectors[20], 2)) == {5, 21}
    assert 6 not in engine_index.search(merged, engine_index.Delta(), vectors[5], 30)


def test_the_catch_up_margin_covers_a_late_commit() -> None:
    assert timedelta(seconds=60) < vector_index.CATCH_UP_MARGIN
