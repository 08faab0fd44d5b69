from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from articles.importing import (
    OUTLET_OPTIONS,
    FileEntry,
    ImportResult,
    ManifestError,
    add_outlet_arguments,
    collect_files,
    import_file,
    outlet_from_options,
)
from articles.models import Article
from articles.services import SourceInput
from claims.models import Claim, Evidence, engine_relation

CHILD_FLAG = "FACTCHECK_ANALYZE_CHILD"


class Command(BaseCommand):
    help = (
        "Run the whole pipeline on the given files and print the claims and cross-source evidence. "
        "Uses a temporary database unless --keep."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="print one JSON document (the stable contract)")
        parser.add_argument("--keep", action="store_true", help="store the results in the configured database")
        add_outlet_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["keep"] and not os.environ.get(CHILD_FLAG):
            sys.exit(self._run_in_scratch_database(_child_arguments(options)))
        if os.environ.get(CHILD_FLAG):
            call_command("migrate", verbosity=0, interactive=False)
        from factcheck.celery import app

        # The caller waits for the answer, so the pipeline runs here rather than on a worker.
        app.conf.task_always_eager = True
        settings.CELERY_TASK_ALWAYS_EAGER = True

        default_source = outlet_from_options(options)
        try:
            entries = list(collect_files(options["files"]))
        except ManifestError as exc:
            raise CommandError(str(exc)) from exc
        results: list[ImportResult] = []
        for entry in entries:
            if not entry.path.is_file():
                results.append(ImportResult(entry, "error", "file not found"))
                continue
            result = import_file(entry, default_source=default_source or _fallback_source(entry))
            results.append(result)
            if result.status == "error":
                self.stderr.write(f"{entry.label}: {result.message}")
        document = build_report(results)
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self._print_summary(document)
        if any(r.status == "error" for r in results):
            sys.exit(1)

    def _run_in_scratch_database(self, arguments: list[str]) -> int:
        scratch = Path(tempfile.mkdtemp(prefix="factcheck-analyze-"))
        try:
            env = {
                **os.environ,
                CHILD_FLAG: "1",
                "DATABASE_URL": f"sqlite:///{scratch / 'analyze.sqlite3'}",
                "CELERY_BROKER_URL": "",
                "FACTCHECK_VAR_DIR": str(scratch),
                "LOG_LEVEL": "WARNING",
            }
            manage = Path(settings.BASE_DIR) / "manage.py"
            return subprocess.run([sys.executable, str(manage), "analyze", *arguments], env=env, check=False).returncode
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _print_summary(self, document: dict[str, Any]) -> None:
        for article in document["articles"]:
            if "error" in article:
                self.stdout.write(self.style.ERROR(f"{article['file']}: {article['error']}"))
                continue
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{article['file']} — {article['title']} ({article['source']})")
            )
            if article["same_origin_as"]:
                self.stdout.write(f"  same origin as: {', '.join(article['same_origin_as'])}")
            for claim in article["claims"]:
                self.stdout.write(f"  [{claim['score']:.2f} {claim['type']}] {claim['text']}")
                for evidence in claim["evidence"]:
                    origin = " (same origin)" if evidence["same_origin"] else ""
                    self.stdout.write(
                        f"      {evidence['relation']:11} {evidence['score']:.2f} {evidence['file']}{origin}: "
                        f"{evidence['text']}"
                    )


def _child_arguments(options: dict[str, Any]) -> list[str]:
    arguments = list(options["files"])  # relative paths stay as given: the child shares our working directory
    if options["json"]:
        arguments.append("--json")
    for name in OUTLET_OPTIONS:
        if options[name]:
            arguments += [f"--{name.replace('_', '-')}", options[name]]
    return arguments


def _fallback_source(entry: FileEntry) -> SourceInput:
    # A file with no outlet information still needs one: each such file is its own unknown outlet.
    stem = "".join(ch if ch.isalnum() else "-" for ch in entry.path.stem.lower()).strip("-") or "file"
    return SourceInput(name=f"Unknown outlet ({entry.path.name})", domain=f"{stem}.unknown.invalid")


def build_report(results: list[ImportResult]) -> dict[str, Any]:
    """The `analyze --json` document: its shape is a published contract."""
    label_of: dict[int, str] = {}
    for result in results:
        if result.article is not None:
            label_of.setdefault(result.article.pk, result.entry.label)
    articles_out: list[dict[str, Any]] = []
    for result in results:
        if result.article is None:
            articles_out.append({"file": result.entry.label, "error": result.message})
            continue
        article = Article.objects.without_payload().select_related("source").get(pk=result.article.pk)
        articles_out.append(_article_report(article, result.entry.label, label_of))
    return {"articles": articles_out}


def _article_report(article: Article, label: str, label_of: dict[int, str]) -> dict[str, Any]:
    origin = article.origin_id
    group = Article.objects.filter(same_origin_as_id=origin).values_list("pk", flat=True)
    same_origin = sorted({label_of.get(pk, f"article:{pk}") for pk in [origin, *group] if pk != article.pk})
    # Evidence in the order the review page shows it: open suggestions first, clashes before confirmations.
    shown = Prefetch(
        "evidence",
        queryset=Evidence.objects.in_review_order().select_related("passage").exclude(state=Evidence.State.REJECTED),
        to_attr="shown_evidence",
    )
    claims = Claim.objects.filter(article=article).order_by("start").prefetch_related(shown)
    report: dict[str, Any] = {
        "file": label,
        "id": article.pk,
        "title": article.title,
        "published": article.published_on.isoformat() if article.published_on else None,
        "byline": article.byline,
        "dateline": article.dateline,
        "source": article.source.name,
        "status": article.status,
        "same_origin_as": same_origin,
        "claims": [],
    }
    if article.status == Article.Status.FAILED:
        report["error"] = article.error_message
    if article.warnings:
        report["warnings"] = article.warnings
    for claim in claims:
        evidence_rows = [(e, e.passage) for e in claim.shown_evidence if e.passage is not None]
        report["claims"].append(
            {
                "id": claim.pk,
                "text": claim.text,
                "start": claim.start,
                "end": claim.end,
                "score": round(claim.score, 4),
                "type": claim.claim_type,
                "speaker": claim.speaker,
                "speaker_role": claim.speaker_role,
                "source_type": claim.source_type,
                "event_date": claim.event_date.isoformat() if claim.event_date else None,
                "event_date_precision": claim.event_date_precision or None,
                "group_id": claim.group_id,
                "signals": claim.signals,
                "evidence": [
                    {
                        "file": label_of.get(passage.article_id, f"article:{passage.article_id}"),
                        "text": passage.text,
                        "start": passage.start,
                        "end": passage.end,
                        "score": round(e.score or 0.0, 4),
                        "relation": engine_relation(e.stance),
                        "same_origin": e.same_origin,
                        "differences": e.differences,
                        "earlier_report": e.earlier_report,
                        "update": e.update,
                        "probabilities": e.stance_probabilities or None,
                    }
                    for e, passage in evidence_rows
                ],
            }
        )
    return report
