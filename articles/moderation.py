"""Moderation writes on outlets and articles, used by the admin."""

from __future__ import annotations

from django.db import transaction

from articles.models import Source


class MergeError(ValueError):
    """The outlets cannot be merged as asked."""


@transaction.atomic
def source_merge(*, keep: Source, merge: list[Source]) -> int:
    """Move the articles of `merge` outlets to `keep` and delete the merged outlets; returns articles moved."""
    others = [source for source in merge if source.pk != keep.pk]
    if not others:
        raise MergeError("Choose at least one other outlet to merge into the one you keep.")
    # Lock the rows so a concurrent upload cannot attach an article to an outlet being deleted.
    locked = list(Source.objects.select_for_update().filter(pk__in=[keep.pk, *(s.pk for s in others)]))
    if len(locked) != len(others) + 1:
        raise MergeError("An outlet to merge no longer exists; reload and try again.")
    from articles.models import Article

    moved = Article.objects.filter(source__in=others).update(source=keep)
    Source.objects.filter(pk__in=[s.pk for s in others]).delete()
    return moved
