from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importing import ManifestError, add_outlet_arguments, collect_files, import_file, outlet_from_options


class Command(BaseCommand):
    help = "Import article files (.txt .md .html .docx .pdf) and folders, then queue them for analysis."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", help="files or folders; a folder's manifest.json supplies metadata")
        add_outlet_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        default_source = outlet_from_options(options)
        try:
            entries = list(collect_files(options["paths"]))
        except ManifestError as exc:
            raise CommandError(str(exc)) from exc
        missing = [e.label for e in entries if not e.path.exists()]
        if missing:
            raise CommandError(f"not found: {', '.join(missing)}")
        counts = {"created": 0, "duplicate": 0, "error": 0}
        progress = tqdm(entries, unit="file", file=sys.stderr, disable=None, leave=False)
        for entry in progress:
            progress.set_description(entry.path.name[:30])
            result = import_file(entry, default_source=default_source)
            counts[result.status] += 1
            style = {"created": self.style.SUCCESS, "duplicate": self.style.WARNING, "error": self.style.ERROR}
            progress.write(style[result.status](f"{result.status:9} {entry.label}: {result.message}"), file=self.stdout)
        self.stdout.write(
            f"{counts['created']} imported, {counts['duplicate']} duplicates skipped, {counts['error']} failed"
        )
        if counts["error"]:
            raise CommandError(f"{counts['error']} file(s) could not be imported", returncode=1)
