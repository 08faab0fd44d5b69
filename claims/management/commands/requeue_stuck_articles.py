from __future__ import annotations

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand

from claims.pipeline import stuck_articles_requeue


class Command(BaseCommand):
    help = (
        "Queue again articles that no worker is analysing (a lost broker message, a killed worker). "
        "Safe to run from cron: an article already being analysed is never run twice."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--minutes", type=int, default=15, help="how long an article may wait in the queue")

    def handle(self, *args: Any, **options: Any) -> None:
        requeued = stuck_articles_requeue(queued_for=timedelta(minutes=options["minutes"]))
        self.stdout.write(f"{len(requeued)} article(s) queued again" + (f": {requeued}" if requeued else ""))
