"""Turn an upload (pasted text, .txt, .md, .html, .docx, .pdf) into the article's plain text and metadata.

Plain Python with no Django imports: it takes bytes and returns data, or raises `DocumentError` with a message
written for the person who uploaded the file.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

SUPPORTED_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
MIN_BODY_CHARACTERS = 40


class DocumentError(ValueError):
    """The upload cannot become an article; the message says why in words an editor understands."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    body: str
    title: str = ""
    byline: str = ""
    published_on: date | None = None
    url: str = ""
    kind: str = "text"


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = text.replace("\t", " ").replace("\u00a0", " ")
    lines = [re.sub(r"[ ]{2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def content_hash(body: str) -> str:
    """Hash the text with case, punctuation spacing and whitespace folded, so re-uploads of one text collide."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", body).casefold()).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def extract_document(*, filename: str, data: bytes, max_bytes: int) -> ExtractedDocument:
    if len(data) > max_bytes:
        raise DocumentError(
            f"{filename} is {_megabytes(len(data))}; the limit is {_megabytes(max_bytes)}.", code="too_large"
        )
    if not data.strip():
        raise DocumentError(f"{filename} is empty.", code="empty")
    extension = PurePath(filename.lower()).suffix
    if extension not in SUPPORTED_EXTENSIONS:
        shown = extension or "no extension"
        raise DocumentError(
            f"{filename}: files of type {shown} are not supported; upload .txt, .md, .html, .docx or .pdf.",
            code="unsupported_type",
        )
    if extension in {".txt", ".md"}:
        document = _from_plain_text(filename, data, markdown=extension == ".md")
    elif extension in {".html", ".htm"}:
        document = _from_html(filename, data)
    elif extension == ".docx":
        document = _from_docx(filename, data)
    else:
        document = _from_pdf(filename, data)
    return _checked(filename, document)


def extract_pasted_text(text: str, *, max_bytes: int) -> ExtractedDocument:
    if len(text.encode("utf-8")) > max_bytes:
        raise DocumentError(f"The pasted text is longer than the {_megabytes(max_bytes)} limit.", code="too_large")
    return _checked("The pasted text", _plain_document(text, markdown=False))


def _checked(label: str, document: ExtractedDocument) -> ExtractedDocument:
    body = normalise_text(document.body)
    if not body:
        raise DocumentError(f"{label} contains no text.", code="empty")
    if len(body) < MIN_BODY_CHARACTERS:
        raise DocumentError(
            f"{label} has only {len(body)} characters of text; an article needs at least {MIN_BODY_CHARACTERS}.",
            code="too_short",
        )
    letters = sum(ch.isalpha() for ch in body)
    if letters < len(body) * 0.4:
        raise DocumentError(f"{label} does not look like prose: too few letters.", code="not_text")
    return ExtractedDocument(
        body=body,
        title=normalise_text(document.title)[:500],
        byline=normalise_text(document.byline)[:300],
        published_on=document.published_on,
        url=document.url,
        kind=document.kind,
    )


def _decode(filename: str, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise DocumentError(f"{filename} is a binary file, not text.", code="binary")
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Legacy newsroom exports are often Windows-1252; accept it only when the result is plausible text.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{filename} could not be decoded as UTF-8 or Windows-1252 text (byte {exc.start}).", code="undecodable"
        ) from exc
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > len(text) * 0.01:
        raise DocumentError(f"{filename} could not be decoded as text.", code="undecodable")
    return text


_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _from_plain_text(filename: str, data: bytes, *, markdown: bool) -> ExtractedDocument:
    return _plain_document(_decode(filename, data), markdown=markdown)


def _plain_document(text: str, *, markdown: bool) -> ExtractedDocument:
    lines = normalise_text(text).split("\n")
    if markdown:
        lines = [_MARKDOWN_LINK.sub(r"\1", _MARKDOWN_EMPHASIS.sub(r"\2", line)) for line in lines]
    title = ""
    first = next((line for line in lines if line.strip()), "")
    if markdown and _MARKDOWN_HEADING.match(first):
        title = _MARKDOWN_HEADING.sub("", first).strip()
        lines.remove(first)
    elif first and len(first) <= 200 and not first.rstrip().endswith((".", "!", "?", '"', "\u201d")):
        title = first.strip()
    if markdown:
        lines = [_MARKDOWN_HEADING.sub("", line) for line in lines]
    return ExtractedDocument(body="\n".join(lines), title=title, kind="markdown" if markdown else "text")


def _from_html(filename: str, data: bytes) -> ExtractedDocument:
    import trafilatura
    from trafilatura.settings import use_config

    html = _decode(filename, data)
    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals do not work in worker threads
    body = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        favor_precision=True,
        deduplicate=True,
        config=config,
    )
    if not body:
        raise DocumentError(f"{filename}: no article text was found in the page.", code="no_main_text")
    metadata = trafilatura.extract_metadata(html)
    title = byline = url = ""
    if metadata is not None:
        title = metadata.title or ""
        byline = metadata.author or ""
        url = metadata.url or ""
    return ExtractedDocument(
        body=body, title=title, byline=byline, published_on=_published_date(html), url=url, kind="html"
    )


def _published_date(html: str) -> date | None:
    from htmldate import find_date

    # Only dates the page declares in its markup: free-text guessing misreads bylines ("March 14, 2026" became
    # 1 March), and a wrong date is worse than none because it decides which report counts as the original.
    found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    if not found:
        return None
    try:
        return date.fromisoformat(found)
    except ValueError:
        return None


def _from_docx(filename: str, data: bytes) -> ExtractedDocument:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"{filename} is not a readable Word (.docx) document.", code="corrupt") from exc
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    title = document.core_properties.title or ""
    if not title:
        heading = next(
            (
                p.text
                for p in document.paragraphs
                if p.text.strip()
                and p.style is not None
                and (p.style.name or "").lower().startswith(("title", "heading"))
            ),
            "",
        )
        if heading:
            title = heading
            paragraphs.remove(heading)
    return ExtractedDocument(
        body="\n\n".join(p for p in paragraphs if p.strip()),
        title=title,
        byline=document.core_properties.author or "",
        kind="docx",
    )


def _from_pdf(filename: str, data: bytes) -> ExtractedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(f"{filename} is an encrypted PDF; upload an unprotected copy.", code="encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else "") or ""
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(f"{filename} is not a readable PDF document.", code="corrupt") from exc
    text = "\n\n".join(pages)
    # PDF text wraps at the column edge: join lines inside a paragraph, keep blank lines as paragraph breaks.
    text = re.sub(r"(?<![.!?:\"\u201d])\n(?!\n)", " ", text.replace("-\n", ""))
    if not text.strip():
        raise DocumentError(f"{filename} has no extractable text (is it a scan?).", code="no_text_layer")
    return ExtractedDocument(body=text, title=title, kind="pdf")


def _megabytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.1f} KB"
