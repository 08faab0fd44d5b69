"""Bulk import of article files from disk, shared by the `import_articles`, `demo` and `analyze` commands.

A folder may carry a `manifest.json` describing each file's outlet, title, URL and date (the bundled sample corpus
does); files without one take the outlet given on the command line, or one derived from the page's URL.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from articles.documents import SUPPORTED_EXTENSIONS
from articles.models import Article, Source
from articles.services import DuplicateArticleError, IngestError, SourceInput, article_ingest

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SAMPLE_CORPUS_DIR = Path(__file__).resolve().parent / "sample_corpus"
MANIFEST_NAME = "manifest.json"


class ManifestError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: Path
    label: str  # the path as the user gave it (or as listed), for messages and JSON output
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportResult:
    entry: FileEntry
    status: str  # "created" | "duplicate" | "error"
    message: str
    article: Article | None = None


def _manifest(folder: Path) -> dict[str, dict[str, Any]]:
    manifest_path = folder / MANIFEST_NAME
    if not manifest_path.is_file():
        return {}
    try:
        items = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{manifest_path} is not valid JSON: {exc}") from exc
    if not isinstance(items, list) or not all(isinstance(i, dict) and "file" in i for i in items):
        raise ManifestError(f"{manifest_path} must be a list of objects, each with a 'file' key")
    return {str(item["file"]): item for item in items}


def collect_files(paths: Sequence[str]) -> Iterator[FileEntry]:
    """Expand files and folders in the order given; a folder's manifest sets the order of its files."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            manifest = _manifest(path)
            listed = [path / name for name in manifest]
            unlisted = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS and p.name not in manifest
            )
            for file_path in [*listed, *unlisted]:
                yield FileEntry(file_path, str(file_path), manifest.get(file_path.name, {}))
        else:
            manifest = _manifest(path.parent) if path.parent.is_dir() else {}
            yield FileEntry(path, raw, manifest.get(path.name, {}))


def _source_input(entry: FileEntry, default: SourceInput | None) -> SourceInput | None:
    source = entry.metadata.get("source")
    if isinstance(source, dict) and source.get("domain"):
        return SourceInput(
            name=str(source.get("name", "")),
            domain=str(source["domain"]),
            kind=str(source.get("kind", Source.Kind.OTHER)),
        )
    return default


OUTLET_OPTIONS = ("outlet_domain", "outlet_name", "outlet_kind")


def add_outlet_arguments(parser: ArgumentParser) -> None:
    """The --outlet-* options of the commands that import files."""
    parser.add_argument("--outlet-domain", default="", help="outlet for files not described by a manifest")
    parser.add_argument("--outlet-name", default="")
    parser.add_argument("--outlet-kind", default=Source.Kind.OTHER, choices=Source.Kind.values)


def outlet_from_options(options: dict[str, Any]) -> SourceInput | None:
    if not options["outlet_domain"]:
        return None
    return SourceInput(name=options["outlet_name"], domain=options["outlet_domain"], kind=options["outlet_kind"])


def import_file(
    entry: FileEntry, *, default_source: SourceInput | None, uploaded_by: User | None = None
) -> ImportResult:
    metadata = entry.metadata
    try:
        data = entry.path.read_bytes()
    except OSError as exc:
        return ImportResult(entry, "error", f"cannot read file: {exc.strerror or exc}")
    published: date | None = None
    if metadata.get("published_on"):
        try:
            published = date.fromisoformat(str(metadata["published_on"]))
        except ValueError:
            return ImportResult(entry, "error", f"manifest date {metadata['published_on']!r} is not YYYY-MM-DD")
    source = _source_input(entry, default_source) or SourceInput(domain="", name="")
    try:
        article = article_ingest(
            source=source,
            filename=entry.path.name,
            data=data,
            title=str(metadata.get("title", "")),
            byline=str(metadata.get("byline", "")),
            url=str(metadata.get("url", "")),
            published_on=published,
            uploaded_by=uploaded_by,
        )
    except DuplicateArticleError as exc:
        return ImportResult(entry, "duplicate", str(exc), exc.existing)
    except IngestError as exc:
        if exc.code == "no_source":
            return ImportResult(
                entry, "error", "no outlet: give --outlet-domain, list the file in a manifest.json, or set a URL"
            )
        return ImportResult(entry, "error", str(exc))
    return ImportResult(entry, "created", f"article {article.pk}: {article.title}", article)
