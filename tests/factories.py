"""factory_boy factories shared by every test package."""

from __future__ import annotations

import hashlib
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, Passage, Source
from claims.models import Claim, Evidence, ReviewState
from claims.roles import EDITOR, MODERATOR, REVIEWER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@desk.example")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get(name=role))


def editor(**kwargs: Any) -> Any:
    return UserFactory(roles=[EDITOR], **kwargs)


def reviewer(**kwargs: Any) -> Any:
    return UserFactory(roles=[REVIEWER], **kwargs)


def moderator(**kwargs: Any) -> Any:
    return UserFactory(roles=[MODERATOR], is_staff=True, **kwargs)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("domain",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")
    kind = Source.Kind.NEWSPAPER


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    source = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"Report number {n}")
    body = factory.Sequence(
        lambda n: f"The river flooded the town on Friday, officials said. Report {n} counts 14 dead and 37 injured."
    )
    content_hash = factory.LazyAttribute(lambda a: hashlib.sha256(a.body.encode()).hexdigest())
    original_bytes = factory.LazyAttribute(lambda a: a.body.encode())
    original_filename = "report.txt"
    status = Article.Status.DONE
    stage = Article.Stage.FINISHED
    progress = 100


class PassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passage

    article = factory.SubFactory(ArticleFactory)
    position = 0
    start = 0
    end = factory.LazyAttribute(lambda p: len(p.article.body))
    text = factory.LazyAttribute(lambda p: p.article.body[p.start : p.end])


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda c: c.article.body.index(".") + 1)
    text = factory.LazyAttribute(lambda c: c.article.body[c.start : c.end])
    score = 0.8
    claim_type = "event"
    review_state = ReviewState.UNREVIEWED
    verdict = ""


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    passage = factory.SubFactory(PassageFactory)
    stance = Evidence.Stance.SUPPORTS
    origin = Evidence.Origin.SYSTEM
    state = Evidence.State.SUGGESTED
    score = 0.8
