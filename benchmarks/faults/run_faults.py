"""Fault drill: break the broker, a worker, the database connection and a partner's endpoint, and time the healing.

Drills: broker (down at upload and at publish), restart (Redis restarted under a running article: the same worker
finishes it and takes new work), worker (SIGKILLed mid-article), database (its connections cut mid-article),
receiver (the partner's endpoint down, then up).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_drill SECRET_KEY=drill \\
        .venv/bin/python benchmarks/faults/run_faults.py [--only broker,restart,worker,receiver,database]

Everything runs on loopback: a Redis of the drill's own on a spare port (never the installation's broker), a Celery
worker started with beat exactly as `make worker` starts it (with short leases and sweeps, see FAST_RECOVERY_ENV in
tests/integration/fault_harness.py), and a webhook receiver. Nobody runs a command during a drill: what heals, heals
by itself. Point DATABASE_URL at a database no other worker serves (a staging copy, or a fresh one: the drill runs
`migrate` first), because another installation's worker and beat would pick the drill's events up and heal the drill
for it. The drill's rows (outlet "Fault drill", partner "Fault drill ...", users fault-drill-*) stay for inspection;
--cleanup deletes them.

The drill's partner endpoint is http://127.0.0.1, so the drill process allows insecure webhook URLs for itself
(FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS); the installation's own setting is untouched.

Prints one line per measurement and exits non-zero if any event was lost or delivered twice, or if the worker exited
on its own (it must ride out every fault without a supervisor).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

# Django-free at import (it reads models inside its functions), so it may come before django.setup().
from tests.integration.fault_harness import article_done, article_running  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SAMPLES = ("wire-original.txt", "broadcaster-update.txt", "unrelated-story.txt")
DRILL_OUTLET = "Fault drill"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--only", default="broker,restart,worker,receiver,database", help="comma-separated drills to run"
    )
    parser.add_argument("--timeout", type=float, default=600, help="give up on one wait after this many seconds")
    parser.add_argument("--cleanup", action="store_true", help="delete the drill's rows afterwards")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if urlparse(database_url).hostname not in LOOPBACK:
        parser.error("set DATABASE_URL to a PostgreSQL database on a loopback address (the drill stays on loopback)")
    # The drill brings its own broker, but the settings must still choose the Redis transport: without a broker URL
    # they pick the embedded file broker, and this process would publish to var/broker/ while the worker reads
    # Redis. An unreachable loopback URL does that; Drill points Celery at its own Redis before anything is sent.
    os.environ["CELERY_BROKER_URL"] = "redis://127.0.0.1:1/0"
    os.environ["FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS"] = "1"  # its partner endpoint listens on http://127.0.0.1

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    drill = Drill(database_url=database_url, timeout=args.timeout)
    try:
        for name in args.only.split(","):
            getattr(drill, f"drill_{name.strip()}")()
    finally:
        drill.close()
        if args.cleanup:
            drill.cleanup()
    print()
    for line in drill.results:
        print(line)
    if drill.problems:
        print("\nPROBLEMS:\n  " + "\n  ".join(drill.problems))
        return 1
    print("\nEvery event arrived, and none twice.")
    return 0


class Drill:
    def __init__(self, *, database_url: str, timeout: float) -> None:
        from django.contrib.auth import get_user_model

        from factcheck.celery import app
        from tests.integration.fault_harness import Receiver, RedisBroker, Worker, point_celery_at

        self.app = app
        self.timeout = timeout
        self.tag = uuid.uuid4().hex[:8]
        self.broker = RedisBroker()
        self.original = point_celery_at(app, self.broker.url)
        app.conf.task_always_eager = False
        self.worker = Worker(
            database_url=database_url,
            broker_url=self.broker.url,
            log_path=ROOT / "var" / f"fault-drill-{self.tag}.log",
            extra_env={},
        )
        self.receiver = Receiver()
        self.results: list[str] = []
        self.problems: list[str] = []
        users = get_user_model().objects
        self.editor, _ = users.get_or_create(username="fault-drill-editor")
        self.reviewer, _ = users.get_or_create(username="fault-drill-reviewer")
        print(f"drill {self.tag}: broker {self.broker.url}, receiver {self.receiver.url}, log {self.worker.log_path}")

    # --- helpers ----------------------------------------------------------------------------------------------

    def note(self, text: str) -> None:
        print(text, flush=True)
        self.results.append(text)

    def check(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)
            print(f"  !! {problem}", flush=True)

    def wait(self, predicate: Any, what: str) -> float:
        from tests.integration.fault_harness import wait_for

        return wait_for(predicate, timeout=self.timeout, what=what, workers=(self.worker,))

    def ingest(self, sample: str, *more: str) -> int:
        """Upload a sample article (several joined into one when `more` are given: a longer run to aim a fault at)."""
        from articles.importing import SAMPLE_CORPUS_DIR
        from articles.services import SourceInput, article_ingest

        body = "\n\n".join((Path(SAMPLE_CORPUS_DIR) / name).read_text() for name in (sample, *more))
        # A line of its own makes each drill's copy a new text, so the installation's duplicate check lets it in.
        text = body + f"\n\nFault drill {self.tag} {uuid.uuid4().hex[:6]}.\n"
        article = article_ingest(
            source=SourceInput(name=DRILL_OUTLET, domain="fault-drill.example", kind="other"),
            text=text,
            title=f"[drill {self.tag}] {sample}",
        )
        return article.pk

    def duplicate_claims(self, article_id: int) -> int:
        from claims.models import Claim

        spans = list(Claim.objects.filter(article_id=article_id).values_list("start", "end", "text"))
        return len(spans) - len(set(spans))

    def publish_one(self, article_id: int) -> int:
        from claims import services
        from claims.models import Claim

        claim = Claim.objects.filter(article_id=article_id, review_state="unreviewed").order_by("pk").first()
        if claim is None:
            raise RuntimeError(f"article {article_id} has no unreviewed claim to publish")
        claim = services.claim_set_verdict(
            claim_id=claim.pk,
            verdict="disputed",
            rationale="Fault drill.",
            reviewer=self.reviewer,
            expected_version=claim.version,
        )
        services.claim_publish(claim_id=claim.pk, editor=self.editor)
        return claim.pk

    def subscribe(self) -> Any:
        from partners import services

        partner = services.partner_create(name=f"Fault drill {self.tag} {uuid.uuid4().hex[:4]}")
        subscription, _ = services.subscription_create(partner=partner, url=self.receiver.url)
        return subscription

    def exactly_once(self, subscription: Any) -> None:
        from partners.models import WebhookDelivery

        ids = {str(d) for (d,) in WebhookDelivery.objects.filter(subscription=subscription).values_list("delivery_id")}
        counts = {d: self.receiver.by_delivery.get(d, 0) for d in ids}
        self.check(all(n == 1 for n in counts.values()), f"deliveries not received exactly once: {counts}")

    def ensure_running(self) -> None:
        if self.broker.process is None:
            self.broker.start()
        if not self.worker.alive():
            # Only the worker drill kills the worker on purpose (and starts it again itself): one found dead here
            # exited on its own during an earlier drill, which a supervisor would hide in production.
            self.check(
                self.worker.starts == 0, f"the worker exited during an earlier drill: see {self.worker.log_path}"
            )
            self.worker.start()

    # --- drills -----------------------------------------------------------------------------------------------

    def drill_broker(self) -> None:
        from outbox.models import OutboxEvent
        from partners.models import WebhookDelivery

        self.receiver.up()
        subscription = self.subscribe()
        self.broker.stop()
        started = time.monotonic()
        ids = [self.ingest(sample) for sample in SAMPLES]
        self.note(f"broker down: {len(ids)} uploads stored in {time.monotonic() - started:.2f} s")
        self.check(OutboxEvent.objects.undispatched().count() >= len(ids), "the uploads' events are not waiting")
        self.ensure_running()
        took = self.wait(lambda: article_done(*ids), "the uploads to be analysed")
        self.note(f"broker back: {len(ids)} uploads analysed {took:.1f} s later (target 120 s)")
        for article_id in ids:
            self.check(self.duplicate_claims(article_id) == 0, f"article {article_id} has duplicate claims")

        self.broker.stop()
        started = time.monotonic()
        self.publish_one(ids[0])
        self.note(f"broker down: a verdict published in {time.monotonic() - started:.2f} s")
        self.broker.start()
        took = self.wait(
            lambda: WebhookDelivery.objects.filter(subscription=subscription, status="succeeded").exists(),
            "the verdict's webhook",
        )
        self.note(f"broker back: the verdict reached the partner {took:.1f} s later")
        time.sleep(5)
        self.exactly_once(subscription)
        self.check(self.worker.alive(), f"the worker exited after the broker came back: see {self.worker.log_path}")

    def drill_restart(self) -> None:
        from articles.models import Article

        self.ensure_running()
        warm_up = self.ingest(SAMPLES[2])  # both worker processes load their models: one stays free for new work
        self.wait(lambda: article_done(warm_up), "the warm-up article")
        article_id = self.ingest(*SAMPLES)
        self.wait(lambda: article_running(article_id), "the run to start")
        self.broker.stop()
        time.sleep(2)
        self.broker.start()
        took = self.wait(lambda: article_done(article_id), "the run under way at the restart")
        self.note(f"broker restarted mid-article: the run finished {took:.1f} s later on the same worker")
        later = self.ingest(SAMPLES[1])
        took = self.wait(lambda: article_done(later), "an article sent after the restart")
        self.note(f"broker restarted: a new article analysed {took:.1f} s later by the same worker")
        self.check(self.worker.alive(), f"the worker exited after the broker restart: see {self.worker.log_path}")
        for finished in (article_id, later):
            attempts = Article.objects.values_list("attempts", flat=True).get(pk=finished)
            self.check(attempts == 1, f"article {finished} ran {attempts} times")
            self.check(self.duplicate_claims(finished) == 0, f"article {finished} has duplicate claims")

    def drill_worker(self) -> None:
        from articles.models import Article

        self.ensure_running()
        article_id = self.ingest(*SAMPLES)
        self.wait(lambda: article_running(article_id, past=45), "the run to start")
        self.worker.kill()
        killed = time.monotonic()
        self.worker.start()
        took = self.wait(lambda: article_done(article_id), "the takeover")
        attempts = Article.objects.values_list("attempts", flat=True).get(pk=article_id)
        self.note(f"worker SIGKILLed mid-article: done {took:.1f} s later, {attempts} runs (target 180 s)")
        self.check(time.monotonic() - killed < 600, "the takeover took over 10 minutes")
        self.check(self.duplicate_claims(article_id) == 0, f"article {article_id} has duplicate claims")

    def drill_database(self) -> None:
        from django.db import connection

        from tests.integration.fault_harness import CUT_WORKER_CONNECTIONS_SQL

        self.ensure_running()
        article_id = self.ingest(*SAMPLES)
        self.wait(lambda: article_running(article_id), "the run to start")
        with connection.cursor() as cursor:
            cursor.execute(CUT_WORKER_CONNECTIONS_SQL)
            (cut,) = cursor.fetchone()
        took = self.wait(lambda: article_done(article_id), "the retried run")
        self.note(f"{cut} worker database connection(s) cut mid-article: done {took:.1f} s later")
        self.check(self.duplicate_claims(article_id) == 0, f"article {article_id} has duplicate claims")

    def drill_receiver(self) -> None:
        from partners.models import WebhookDelivery

        self.ensure_running()
        article_id = self.ingest(SAMPLES[2])
        self.wait(lambda: article_done(article_id), "an article to publish from")
        self.receiver.down()
        subscription = self.subscribe()
        published = [self.publish_one(article_id) for _ in range(3)]
        # A published verdict also goes out for the claim's syndicated copies (the other drills' articles repeat
        # these samples), so the subscription gets at least one delivery per publication, often more.
        deliveries = WebhookDelivery.objects.filter(subscription=subscription)
        self.wait(
            lambda: deliveries.count() >= len(published) and not deliveries.filter(attempts__lt=2).exists(),
            "the deliveries to fail and be retried",
        )
        self.receiver.up()
        took = self.wait(lambda: not deliveries.exclude(status="succeeded").exists(), "the retries")
        self.note(
            f"endpoint back: {deliveries.count()} deliveries ({len(published)} verdicts published, with their copies)"
            f" received {took:.1f} s later"
        )
        time.sleep(5)
        self.exactly_once(subscription)

    # --- teardown ---------------------------------------------------------------------------------------------

    def close(self) -> None:
        from tests.integration.fault_harness import restore_celery

        self.worker.close()
        self.broker.stop()
        self.receiver.down()
        restore_celery(self.app, self.original)

    def cleanup(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db import transaction

        from articles.models import Article, Source
        from claims.models import Evidence
        from partners.models import Partner

        drill_evidence = Evidence.objects.filter(passage__article__source__name=DRILL_OUTLET)
        # Other claims may have been offered a drill article's passage as evidence: those suggestions go with it.
        # A passage a reviewer accepted or rejected is part of a decision (Evidence.passage is PROTECT): keep all.
        reviewed = drill_evidence.exclude(state=Evidence.State.SUGGESTED).count()
        if reviewed:
            self.results.append(
                f"cleanup skipped: {reviewed} reviewed evidence link(s) cite the drill's articles; "
                "delete those decisions by hand first if this is a staging copy"
            )
            return
        with transaction.atomic():
            drill_evidence.delete()
            Article.objects.filter(source__name=DRILL_OUTLET).delete()
            Source.objects.filter(name=DRILL_OUTLET).delete()
            Partner.objects.filter(name__startswith="Fault drill").delete()
            get_user_model().objects.filter(username__startswith="fault-drill-").delete()


if __name__ == "__main__":
    sys.exit(main())
