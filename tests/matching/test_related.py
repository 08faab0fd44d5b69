"""claims.related: article vectors and related-article retrieval (through the vector index) on the real database."""

from __future__ import annotations

import itertools
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pytest

from articles.models import Article
from claims.related import article_docs, article_index_update, related_articles
from engine.models.embedder import vector_from_bytes, vector_to_bytes
from tests.factories import ArticleFactory, PassageFactory

pytestmark = pytest.mark.django_db

RNG = np.random.default_rng(11)
COMMON = RNG.standard_normal(384).astype(np.float32)
SERIAL = itertools.count()


def _unit(matrix: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    return (matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)).astype(np.float32)


def event_vectors(seed: int) -> npt.NDArray[np.float32]:
    """Sentence vectors of one article about event `seed`: near the event, far from other events."""
    centre = _unit(0.5 * _unit(COMMON) + _unit(np.random.default_rng(seed).standard_normal(384).astype(np.float32)))
    noise = RNG.standard_normal((6, 384)).astype(np.float32)
    return _unit(centre[None, :] + 0.05 * noise)


def stored_article(event: int, place: str, *, status: str = Article.Status.DONE) -> Article:
    sentences = [f"Floods hit {place} on Friday.", f"Officials in {place} said {event + 3} people died."] * 3
    body = " ".join(sentences) + f" Report {next(SERIAL)}."
    article = cast(Article, ArticleFactory(title=f"Floods in {place}", body=body, status=status))
    vectors = event_vectors(event)
    offset = 0
    for position, (sentence, vector) in enumerate(zip(sentences, vectors, strict=True)):
        PassageFactory(
            article=article,
            position=position,
            start=offset,
            end=offset + len(sentence),
            text=sentence,
            embedding=vector_to_bytes(vector),
        )
        offset += len(sentence) + 1
    article_index_update(article, vectors)
    return article


def test_it_stores_the_normalised_mean_vector() -> None:
    article = stored_article(1, "Lorvan")
    article.refresh_from_db()
    assert article.embedding is not None
    vector = vector_from_bytes(bytes(article.embedding))
    assert vector.shape == (384,)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


def test_it_clears_the_index_for_an_article_without_passages() -> None:
    article = stored_article(1, "Lorvan")
    article_index_update(article, np.zeros((0, 384), dtype=np.float32))
    article.refresh_from_db()
    assert article.embedding is None


def test_it_finds_the_articles_about_the_same_event_first() -> None:
    new = stored_article(1, "Lorvan", status=Article.Status.PROCESSING)
    same_event = [stored_article(1, "Lorvan") for _ in range(3)]
    other_events = [stored_article(event, f"Town{event}") for event in range(2, 8)]
    found = related_articles(new, limit=5)
    assert {a.pk for a in found[:3]} == {a.pk for a in same_event}
    assert not {a.pk for a in found} & {a.pk for a in other_events}
    assert new not in found


def test_it_skips_articles_that_are_not_processed_yet() -> None:
    new = stored_article(1, "Lorvan", status=Article.Status.PROCESSING)
    stored_article(1, "Lorvan", status=Article.Status.PROCESSING)
    assert related_articles(new) == []


def test_an_article_without_vectors_has_no_related_articles() -> None:
    stored_article(1, "Lorvan")
    lonely = cast(Article, ArticleFactory(status=Article.Status.PROCESSING))
    assert related_articles(lonely) == []


def test_it_loads_engine_documents_without_boilerplate() -> None:
    article = stored_article(1, "Lorvan")
    boilerplate: Any = PassageFactory(
        article=article, position=99, start=0, end=5, text="Share this story", is_boilerplate=True
    )
    (doc,) = article_docs([article])
    assert doc.key == article.pk
    assert len(doc.passages) == 6
    assert boilerplate.pk not in {p.key for p in doc.passages}
    assert doc.passages[0].vector.shape == (384,)


@pytest.mark.slow
def test_it_finds_every_report_of_the_kismayo_attack_and_not_the_sudan_story(outlets: Any) -> None:
    stored: dict[str, Article] = {}
    for slug, doc in outlets.articles.items():
        article = cast(Article, ArticleFactory(title=doc.title, body=doc.body, published_on=doc.published))
        for position, passage in enumerate(doc.passages):
            PassageFactory(
                article=article,
                position=position,
                start=passage.start,
                end=passage.end,
                text=passage.text,
                embedding=vector_to_bytes(passage.vector),
            )
        article_index_update(article, np.stack([passage.vector for passage in doc.passages]))
        stored[slug] = article
    found = {a.pk for a in related_articles(stored["wire_a"])}
    kismayo = {"rewrite_synonyms", "merged_roundup", "independent", "conflicting_figure", "no_injuries", "year_older"}
    assert {stored[slug].pk for slug in kismayo} <= found
    assert stored["wire_b"].pk not in found
