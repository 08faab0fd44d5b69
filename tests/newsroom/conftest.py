from __future__ import annotations

from typing import Any

import pytest

from tests.factories import ArticleFactory, ClaimFactory, UserFactory, editor, moderator, reviewer


@pytest.fixture
def ed(db: Any) -> Any:
    return editor(username="ed")


@pytest.fixture
def rita(db: Any) -> Any:
    return reviewer(username="rita")


@pytest.fixture
def otto(db: Any) -> Any:
    return reviewer(username="otto")


@pytest.fixture
def mo(db: Any) -> Any:
    return moderator(username="mo")


@pytest.fixture
def outsider(db: Any) -> Any:
    """Signed in, but not on the desk (no claims permission)."""
    return UserFactory(username="nobody")


@pytest.fixture
def claim(db: Any) -> Any:
    article: Any = ArticleFactory(body="At least 14 people were killed when the bridge collapsed, officials said.")
    return ClaimFactory(article=article, start=0, end=len(article.body), score=0.9)


@pytest.fixture
def mail_on(settings: Any) -> Any:
    settings.FACTCHECK_NOTIFICATION_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings
