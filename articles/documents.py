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
from typing import IO
from zlib import error as zlib_error

SUPPORTED_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
MIN_BODY_CHARACTERS = 40


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    """What an upload may unpack to. Every limit is checked before (or while) parsing, so a bomb is refused early.

    Codes: `unpacked_too_large` (decompressed size or compression ratio), `too_many_entries` (zip entries, PDF
    pages, HTML or XML elements), `text_too_long` (characters of extracted text).
    """

    max_unpacked_bytes: int = 50 * 1024 * 1024
    max_part_bytes: int = 20 * 1024 * 1024  # one XML part of a .docx, or one decompressed PDF stream
    max_compression_ratio: int = 100
    max_entries: int = 1000  # files in a .docx
    max_elements: int = 100_000  # XML elements of a .docx body
    max_html_tags: int = 40_000  # "<" in an HTML page: extraction costs ~0.1 ms per element
    max_pages: int = 500
    max_text_characters: int = 200_000


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


def extract_document(
    *, filename: str, data: bytes, max_bytes: int, limits: DocumentLimits | None = None
) -> ExtractedDocument:
    limits = limits or DocumentLimits()
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
        document = _from_plain_text(filename, data, markdown=extension == ".md", limits=limits)
    elif extension in {".html", ".htm"}:
        document = _from_html(filename, data, limits=limits)
    elif extension == ".docx":
        document = _from_docx(filename, data, limits=limits)
    else:
        document = _from_pdf(filename, data, limits=limits)
    return _checked(filename, document, limits=limits)


def extract_pasted_text(text: str, *, max_bytes: int, limits: DocumentLimits | None = None) -> ExtractedDocument:
    limits = limits or DocumentLimits()
    if len(text.encode("utf-8")) > max_bytes:
        raise DocumentError(f"The pasted text is longer than the {_megabytes(max_bytes)} limit.", code="too_large")
    _check_text_length("The pasted text", len(text), limits)
    return _checked("The pasted text", _plain_document(text, markdown=False), limits=limits)


def _check_text_length(label: str, characters: int, limits: DocumentLimits) -> None:
    if characters > limits.max_text_characters:
        raise DocumentError(
            f"{label} holds more than {limits.max_text_characters:,} characters of text; an article is far shorter. "
            "Split it into articles.",
            code="text_too_long",
        )


def _too_many(label: str, what: str, limit: int) -> DocumentError:
    return DocumentError(f"{label} has more than {limit:,} {what}; it is refused unread.", code="too_many_entries")


def _checked(label: str, document: ExtractedDocument, *, limits: DocumentLimits) -> ExtractedDocument:
    body = normalise_text(document.body)
    _check_text_length(label, len(body), limits)
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


_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decode(filename: str, data: bytes) -> str:
    # A byte-order mark names the encoding; UTF-16 and UTF-32 text is full of NUL bytes, so this comes first.
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DocumentError(
                    f"{filename} starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} "
                    f"text (byte {exc.start}).",
                    code="undecodable",
                ) from exc
    if b"\x00" in data[:8192]:
        raise DocumentError(f"{filename} is a binary file, not text.", code="binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
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


def _from_plain_text(filename: str, data: bytes, *, markdown: bool, limits: DocumentLimits) -> ExtractedDocument:
    text = _decode(filename, data)
    _check_text_length(filename, len(text), limits)
    return _plain_document(text, markdown=markdown)


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


def _from_html(filename: str, data: bytes, *, limits: DocumentLimits) -> ExtractedDocument:
    import trafilatura
    from trafilatura.settings import use_config

    html = _decode(filename, data)
    # Parsing time grows with the number of elements, not bytes: count the tags before lxml sees the page.
    if html.count("<") > limits.max_html_tags:
        raise _too_many(filename, "HTML tags", limits.max_html_tags)
    # Extraction time grows with the text too: the text outside tags bounds what the article can hold.
    _check_text_length(filename, len(_TAGS.sub("", html)), limits)
    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals do not work in worker threads
    body = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        favor_precision=True,
        # trafilatura's deduplication remembers text across calls in the process: after a few uploads of one page
        # (or of wire copies sharing paragraphs) it drops those paragraphs, then the whole article. A page's text
        # must depend on the page alone; furniture is the page-structure reader's job.
        deduplicate=False,
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


_TAGS = re.compile(r"<[^>]*>|<!--.*?-->", re.DOTALL)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DOCX_BODY = "word/document.xml"
_DOCX_CORE = "docProps/core.xml"


def _from_docx(filename: str, data: bytes, *, limits: DocumentLimits) -> ExtractedDocument:
    unreadable = DocumentError(f"{filename} is not a readable Word (.docx) document.", code="corrupt")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise unreadable from exc
    with archive:
        _check_archive(filename, entries, limits)
        names = {entry.filename for entry in entries}
        if _DOCX_BODY not in names:
            raise unreadable
        try:
            with archive.open(_DOCX_BODY) as part:
                paragraphs, heading = _docx_paragraphs(filename, part, limits)
            title = author = ""
            if _DOCX_CORE in names:
                title, author = _docx_core_properties(archive.read(_DOCX_CORE))
        except DocumentError:
            raise
        # ParseError (truncated or malformed XML), DefusedXmlException (DTDs, entities), zip CRC or stream errors.
        except (SyntaxError, ValueError, zipfile.BadZipFile, OSError, EOFError, zlib_error) as exc:
            raise unreadable from exc
    if not title and heading is not None:
        title = paragraphs.pop(heading)
    return ExtractedDocument(
        body="\n\n".join(p for p in paragraphs if p.strip()), title=title, byline=author, kind="docx"
    )


def _check_archive(filename: str, entries: list[zipfile.ZipInfo], limits: DocumentLimits) -> None:
    """Refuse a zip bomb from its directory alone: entry count, declared sizes and compression ratios."""
    if len(entries) > limits.max_entries:
        raise _too_many(filename, "files inside it", limits.max_entries)
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_unpacked_bytes:
        raise DocumentError(
            f"{filename} unpacks to {_megabytes(total)}; the limit is {_megabytes(limits.max_unpacked_bytes)}.",
            code="unpacked_too_large",
        )
    for entry in entries:
        too_big = entry.filename.endswith(".xml") and entry.file_size > limits.max_part_bytes
        # Text compresses about 5-15 times; hundreds of times means a bomb (e.g. millions of empty paragraphs).
        bomb = entry.file_size > 1024 * 1024 and entry.file_size > limits.max_compression_ratio * max(
            entry.compress_size, 1
        )
        if too_big or bomb:
            raise DocumentError(
                f"{filename}: its part {entry.filename} unpacks to {_megabytes(entry.file_size)} from "
                f"{_megabytes(entry.compress_size)}, more than an article can hold.",
                code="unpacked_too_large",
            )


def _docx_paragraphs(filename: str, part: IO[bytes], limits: DocumentLimits) -> tuple[list[str], int | None]:
    """The text of the body's top-level paragraphs, and the index of the first title or heading among them."""
    from defusedxml.ElementTree import iterparse

    paragraphs: list[str] = []
    heading: int | None = None
    depth = elements = characters = 0
    buffer: list[str] = []
    # DTDs are refused outright: a Word document never has one, and entity expansion is how XML bombs work.
    for event, element in iterparse(part, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            depth += 1
            elements += 1
            if elements > limits.max_elements:
                raise _too_many(filename, "XML elements in its text", limits.max_elements)
            continue
        depth -= 1
        tag = element.tag
        if tag == _W + "t":
            buffer.append(element.text or "")
            characters += len(element.text or "")
            if characters > limits.max_text_characters:
                _check_text_length(filename, characters, limits)
        elif tag == _W + "tab":
            buffer.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            buffer.append("\n")
        elif tag == _W + "p" and depth == 2:  # w:document > w:body > w:p, as python-docx's `paragraphs`
            text = "".join(buffer)
            style = element.find(f"{_W}pPr/{_W}pStyle")
            style_name = (style.get(_W + "val") or "").lower() if style is not None else ""
            if heading is None and text.strip() and style_name.startswith(("title", "heading")):
                heading = len(paragraphs)
            paragraphs.append(text)
        if depth <= 2:
            # A top-level element is done (a paragraph, or a table whose text python-docx leaves out too).
            buffer = []
            element.clear()  # keep memory flat: the body is read once, top-level element by element
    return paragraphs, heading


def _docx_core_properties(xml: bytes) -> tuple[str, str]:
    from defusedxml.ElementTree import fromstring

    root = fromstring(xml, forbid_dtd=True)
    return (root.findtext(_DC + "title") or "", root.findtext(_DC + "creator") or "")


def _from_pdf(filename: str, data: bytes, *, limits: DocumentLimits) -> ExtractedDocument:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError

    unreadable = DocumentError(f"{filename} is not a readable PDF document.", code="corrupt")
    encrypted = DocumentError(f"{filename} is an encrypted PDF; upload an unprotected copy.", code="encrypted")
    # pypdf's own guards against bombs, tightened to what an article needs.
    stream_limit = limits.max_part_bytes
    try:
        with apply_configuration(
            zlib_maximum_output_length=stream_limit,
            lzw_maximum_output_length=stream_limit,
            run_length_maximum_output_length=stream_limit,
            brotli_maximum_output_length=stream_limit,
            array_based_stream_maximum_output_length=stream_limit,
            maximum_declared_stream_length=stream_limit,
            page_tree_maximum_entries=limits.max_pages * 4,
        ):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                # Many PDFs are "encrypted" only to restrict printing or copying and open with an empty password.
                try:
                    if not reader.decrypt(""):
                        raise encrypted
                except (FileNotDecryptedError, NotImplementedError, PyPdfError) as exc:
                    raise encrypted from exc
            if len(reader.pages) > limits.max_pages:
                raise _too_many(filename, "pages", limits.max_pages)
            pages: list[str] = []
            characters = 0
            for page in reader.pages:
                # Decompress the page under the stream limit first: text extraction swallows LimitReachedError.
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
                pages.append(page.extract_text() or "")
                characters += len(pages[-1])
                _check_text_length(filename, characters, limits)
            title = (reader.metadata.title if reader.metadata else "") or ""
    except DocumentError:
        raise
    except LimitReachedError as exc:
        raise DocumentError(
            f"{filename} unpacks to more than {_megabytes(stream_limit)} in one stream, more than an article holds.",
            code="unpacked_too_large",
        ) from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, OSError, TypeError, AttributeError, RecursionError) as exc:
        raise unreadable from exc
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
