"""Writes for sources and articles. Every door (web form, API, management command) ingests through here."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from articles.documents import (
    DocumentError,
    DocumentLimits,
    ExtractedDocument,
    content_hash,
    extract_document,
    extract_pasted_text,
)
from articles.events import ARTICLE_SUBMITTED
from articles.models import Article, Source
from engine.extraction.page import clean_title, first_content_line, read_page
from outbox.services import event_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class IngestError(ValueError):
    """An upload was refused; nothing was stored. `code` is stable for API clients."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class DuplicateArticleError(IngestError):
    def __init__(self, existing: Article) -> None:
        super().__init__(
            f"This text is already in the workbench as article {existing.pk}: “{existing.title}”.", code="duplicate"
        )
        self.existing = existing


class ArticleStateError(ValueError):
    """The article is not in a state that allows the requested change."""


class MergeError(ValueError):
    """The outlets cannot be merged as asked."""


@dataclass(frozen=True, slots=True)
class SourceInput:
    name: str = ""
    domain: str = ""
    kind: str = Source.Kind.OTHER


def document_limits() -> DocumentLimits:
    """The upload limits of articles.documents, from settings."""
    return DocumentLimits(
        max_unpacked_bytes=settings.FACTCHECK_MAX_UNPACKED_BYTES,
        max_part_bytes=settings.FACTCHECK_MAX_PART_BYTES,
        max_compression_ratio=settings.FACTCHECK_MAX_COMPRESSION_RATIO,
        max_entries=settings.FACTCHECK_MAX_ARCHIVE_ENTRIES,
        max_elements=settings.FACTCHECK_MAX_DOCUMENT_ELEMENTS,
        max_html_tags=settings.FACTCHECK_MAX_HTML_TAGS,
        max_pages=settings.FACTCHECK_MAX_PDF_PAGES,
        max_text_characters=settings.FACTCHECK_MAX_TEXT_CHARACTERS,
    )


def domain_from_url(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


# A DNS name: dot-separated labels of letters, digits and inner hyphens, at least one dot, a letter in the last label.
_HOSTNAME = re.compile(r"^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+(?!-)[a-z0-9-]*[a-z][a-z0-9-]*(?<!-)$")


def _clean_domain(raw: str) -> str:
    raw = raw.strip().lower()
    if "://" in raw:
        try:
            raw = urlsplit(raw).hostname or ""
        except ValueError:
            raw = ""
    raw = raw.strip("/").removeprefix("www.")
    if not raw:
        return raw
    try:
        ascii_name = raw.encode("idna").decode("ascii")  # internationalised names are stored as typed
    except UnicodeError:
        ascii_name = ""
    if not _HOSTNAME.match(ascii_name):
        # It becomes https://<domain> in ClaimReview: "javascript:alert(1)" or "a b" must never get that far.
        raise IngestError(
            f"The outlet domain {raw[:100]!r} is not a host name like example-news.com.", code="bad_domain"
        )
    return raw


@transaction.atomic
def source_get_or_create(*, name: str, domain: str, kind: str = Source.Kind.OTHER) -> Source:
    """Find an outlet by domain, creating it when new. The domain is the identity; the name is kept as first given."""
    domain = _clean_domain(domain)
    name = name.strip()
    if not domain:
        raise IngestError("The outlet needs a domain (e.g. example-news.com) or the article a URL.", code="no_source")
    if kind not in Source.Kind.values:
        raise IngestError(f"Unknown outlet kind {kind!r}; use one of {', '.join(Source.Kind.values)}.", code="bad_kind")
    source, _ = Source.objects.get_or_create(domain=domain, defaults={"name": name or domain, "kind": kind})
    return source


def article_ingest(
    *,
    source: Source | SourceInput,
    filename: str = "",
    data: bytes | None = None,
    text: str | None = None,
    title: str = "",
    byline: str = "",
    url: str = "",
    published_on: date | None = None,
    language: str = "",
    uploaded_by: User | None = None,
    dateline: str = "",
) -> Article:
    """Store one uploaded file or pasted text as a queued article and start its analysis after commit.

    Raises IngestError (with a specific code) and stores nothing when the input cannot become an article.
    """
    if (data is None) == (text is None):
        raise IngestError("Give either a file or pasted text, not both or neither.", code="no_input")
    max_bytes: int = settings.FACTCHECK_MAX_UPLOAD_BYTES
    limits = document_limits()
    try:
        if data is not None:
            document = extract_document(filename=filename or "upload", data=data, max_bytes=max_bytes, limits=limits)
            original = data
        else:
            assert text is not None
            document = extract_pasted_text(text, max_bytes=max_bytes, limits=limits)
            original = text.encode("utf-8")
    except DocumentError as exc:
        raise IngestError(str(exc), code=exc.code) from exc
    return _article_store(
        document=document,
        original=original,
        filename=filename,
        content_type=_content_type(filename, pasted=text is not None),
        source=source,
        title=title,
        byline=byline,
        url=url,
        published_on=published_on,
        language=language,
        uploaded_by=uploaded_by,
        dateline=dateline,
    )


def _article_store(
    *,
    document: ExtractedDocument,
    original: bytes,
    filename: str,
    content_type: str,
    source: Source | SourceInput,
    title: str,
    byline: str,
    url: str,
    published_on: date | None,
    language: str,
    uploaded_by: User | None,
    dateline: str = "",
) -> Article:
    url = url.strip() or document.url
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            # It becomes a link on the article page and in the API: a `javascript:` URL would run when clicked.
            raise IngestError(f"The article URL {url[:200]!r} is not a full http(s) address.", code="bad_url") from exc
    digest = content_hash(document.body)
    existing = Article.objects.without_payload().filter(content_hash=digest).first()
    if existing is not None:
        raise DuplicateArticleError(existing)
    # What the uploader typed wins; then the file's metadata; then what the page itself prints at its head.
    site_names = (source.name, source.domain)
    page = read_page(document.body, site_names=site_names)
    final_title = (
        title.strip()
        or (page.title if document.kind in {"text", "markdown"} else "")
        # A plain text's "title" is only its first line, which the page reading has judged already.
        or ("" if document.kind == "text" else clean_title(document.title, site_names=site_names))
        or _title_from_body(first_content_line(document.body, page) or document.body)
    )
    try:
        with transaction.atomic():
            if isinstance(source, SourceInput):
                source = source_get_or_create(
                    name=source.name, domain=source.domain or domain_from_url(url), kind=source.kind
                )
            article = Article.objects.create(
                source=source,
                title=final_title[:500],
                byline=(byline.strip() or document.byline or page.byline)[:300],
                dateline=(dateline.strip() or page.dateline)[:200],
                url=url,
                published_on=published_on or document.published_on or page.published,
                language=language,
                body=document.body,
                content_hash=digest,
                original_filename=filename[:255],
                original_content_type=content_type,
                original_bytes=original,
                uploaded_by=uploaded_by,
            )
            _enqueue_processing(article.pk)
    except IntegrityError as exc:
        # Two uploads of one text raced past the check above: the loser gets the same answer as a late duplicate.
        winner = Article.objects.without_payload().filter(content_hash=digest).first()
        if winner is not None:
            raise DuplicateArticleError(winner) from exc
        raise
    return article


def _title_from_body(body: str) -> str:
    first_line = body.split("\n", 1)[0]
    return first_line if len(first_line) <= 120 else first_line[:117].rsplit(" ", 1)[0] + "…"


def _content_type(filename: str, *, pasted: bool) -> str:
    if pasted:
        return "text/plain; pasted"
    extension = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    return {
        "txt": "text/plain",
        "md": "text/markdown",
        "html": "text/html",
        "htm": "text/html",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
    }.get(extension, "application/octet-stream")


def _enqueue_processing(article_id: int) -> None:
    # Recorded in the caller's transaction: whoever subscribes (the claims app's analysis) gets it after commit.
    event_record(topic=ARTICLE_SUBMITTED, payload={"article_id": article_id})


@transaction.atomic
def article_reprocess(*, article_id: int) -> Article:
    """Queue a finished or failed article for a fresh run; reviewed claims and human evidence survive it."""
    # A run whose worker died (its lease ran out) is stuck, not busy: offering a fresh run beats making people wait.
    lease_expired = timezone.now() - timedelta(seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS)
    rerunnable = Q(status__in=[Article.Status.DONE, Article.Status.FAILED]) | Q(
        status=Article.Status.PROCESSING, processing_heartbeat__lt=lease_expired
    )
    updated = Article.objects.filter(rerunnable, pk=article_id).update(
        status=Article.Status.QUEUED,
        stage=Article.Stage.WAITING,
        progress=0,
        error_message="",
        processing_token="",
        updated_at=timezone.now(),
    )
    if updated != 1:
        article = Article.objects.without_payload().filter(pk=article_id).first()
        if article is None:
            raise ArticleStateError(f"Article {article_id} does not exist.")
        raise ArticleStateError(
            f"Article {article_id} is {article.get_status_display().lower()}; wait for it to finish."
        )
    _enqueue_processing(article_id)
    return Article.objects.without_payload().get(pk=article_id)


def new_run_token() -> str:
    return str(uuid.uuid4())


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
    moved = Article.objects.filter(source__in=others).update(source=keep)
    Source.objects.filter(pk__in=[s.pk for s in others]).delete()
    return moved
