from __future__ import annotations

import json
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q

from articles.importing import SAMPLE_CORPUS_DIR, collect_files, import_file
from articles.models import Article
from claims import services as claim_services
from claims.models import Claim, Evidence, ReviewState, Verdict
from claims.roles import EDITOR, MODERATOR, REVIEWER

DEMO_PASSWORD = "demo"
DEMO_USERS = {EDITOR: EDITOR, REVIEWER: REVIEWER, MODERATOR: MODERATOR}


class Command(BaseCommand):
    help = "Load the bundled sample corpus, run the pipeline, record example verdicts and print how to sign in."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--timeout", type=int, default=900, help="seconds to wait for workers (broker mode)")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.FACTCHECK_EMBEDDED_BROKER:
            # On one machine the corpus is analysed here, before the workers start (scripts/demo.sh), so the desk
            # is ready when the web UI opens; with Redis the workers do it and this waits for them.
            from factcheck.celery import app

            app.conf.task_always_eager = True
            settings.CELERY_TASK_ALWAYS_EAGER = True
        corpus_domains = self._corpus_domains()
        self._refuse_foreign_data(corpus_domains)
        users = self._demo_users()

        self.stdout.write(self.style.MIGRATE_HEADING("Loading the sample corpus"))
        for entry in collect_files([str(SAMPLE_CORPUS_DIR)]):
            if not entry.metadata:
                continue  # the corpus folder's README and expected results are not reports
            started = time.monotonic()
            result = import_file(entry, default_source=None, uploaded_by=users[EDITOR])
            if result.status == "error":
                raise CommandError(f"{entry.path.name}: {result.message}")
            self.stdout.write(f"  {result.status:9} {entry.path.name} ({time.monotonic() - started:.1f} s)")

        self._wait_for_pipeline(options["timeout"])
        self._record_example_verdicts(users)
        self._summary()

    def _corpus_domains(self) -> set[str]:
        manifest = json.loads((SAMPLE_CORPUS_DIR / "manifest.json").read_text(encoding="utf-8"))
        return {item["source"]["domain"] for item in manifest}

    def _refuse_foreign_data(self, corpus_domains: set[str]) -> None:
        user_model = get_user_model()
        foreign_users = user_model.objects.exclude(username__in=list(DEMO_USERS)).count()
        foreign_articles = Article.objects.exclude(source__domain__in=corpus_domains).count()
        if foreign_users or foreign_articles:
            raise CommandError(
                f"This database already holds real data ({foreign_users} other users, {foreign_articles} other "
                "articles); the demo adds users with the password 'demo' and will not run here. "
                "Point DATABASE_URL at an empty database."
            )

    def _demo_users(self) -> dict[str, Any]:
        user_model = get_user_model()
        users = {}
        for role, username in DEMO_USERS.items():
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@demo.example", "is_staff": role == MODERATOR}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            users[role] = user
        return users

    def _wait_for_pipeline(self, timeout: int) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return
        self.stdout.write("Waiting for the workers to analyse the articles…")
        deadline = time.monotonic() + timeout
        while Article.objects.in_progress().exists():
            if time.monotonic() > deadline:
                raise CommandError(f"articles still processing after {timeout} s: is a worker running?")
            time.sleep(1)
        # Give the neighbour refresh tasks a moment to land their suggestions.
        time.sleep(3)

    def _record_example_verdicts(self, users: dict[str, Any]) -> None:
        if Claim.objects.reviewed().exists():
            return
        reviewer, editor = users[REVIEWER], users[EDITOR]
        wire = Article.objects.filter(source__kind="wire").order_by("published_on", "pk").first()
        if wire is None:
            return
        candidates = (
            Claim.objects.filter(article=wire)
            .annotate(
                supports=Count("evidence", filter=Q(evidence__stance=Evidence.Stance.SUPPORTS)),
                contradicts=Count("evidence", filter=Q(evidence__stance=Evidence.Stance.CONTRADICTS)),
            )
            .order_by("-score")
        )
        contradicted = candidates.filter(contradicts__gt=0).first()
        supported = candidates.filter(supports__gt=0, contradicts=0).first()
        examples: list[tuple[Claim, str, str, bool]] = []
        if contradicted is not None:
            examples.append(
                (
                    contradicted,
                    Verdict.DISPUTED,
                    "Another outlet reports a different figure; awaiting officials.",
                    False,
                )
            )
        if supported is not None:
            examples.append(
                (supported, Verdict.SUPPORTED, "Independent outlets on the ground report the same fact.", True)
            )
        for claim, verdict, rationale, publish in examples:
            for evidence in claim.evidence.filter(state=Evidence.State.SUGGESTED).order_by("-score")[:2]:
                if evidence.stance != Evidence.Stance.CONTEXT:
                    claim_services.evidence_decide(evidence_id=evidence.pk, accept=True, actor=reviewer)
            claim.refresh_from_db()
            claim = claim_services.claim_set_verdict(
                claim_id=claim.pk,
                verdict=verdict,
                rationale=rationale,
                reviewer=reviewer,
                expected_version=claim.version,
            )
            if publish:
                claim_services.claim_publish(claim_id=claim.pk, editor=editor)

    def _summary(self) -> None:
        articles = Article.objects.without_payload().select_related("source").order_by("published_on", "pk")
        self.stdout.write(self.style.MIGRATE_HEADING("\nSample corpus"))
        for article in articles:
            origin = f" (same origin as #{article.same_origin_as_id})" if article.same_origin_as_id else ""
            self.stdout.write(
                f"  #{article.pk:<3} {article.get_status_display():10} {article.claims.count():3} claims  "
                f"{article.source.name}: {article.title[:60]}{origin}"
            )
            if article.status == Article.Status.FAILED:
                self.stdout.write(self.style.ERROR(f"       {article.error_message}"))
        suggestions = Evidence.objects.filter(origin=Evidence.Origin.SYSTEM)
        self.stdout.write(
            f"\n  {Claim.objects.count()} claims, {suggestions.count()} evidence suggestions "
            f"({suggestions.filter(stance=Evidence.Stance.CONTRADICTS).count()} contradictions), "
            f"{Claim.objects.exclude(review_state=ReviewState.UNREVIEWED).count()} reviewed, "
            f"{Claim.objects.published().count()} published"
        )
        self.stdout.write(self.style.MIGRATE_HEADING("\nSign in"))
        for role in DEMO_USERS:
            self.stdout.write(f"  {role:10} password: {DEMO_PASSWORD}")
        self.stdout.write("  The moderator can also use the admin at /admin/.")
