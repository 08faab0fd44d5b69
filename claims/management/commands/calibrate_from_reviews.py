"""Re-fit the stance decision thresholds on reviewers' accept/reject decisions and report the agreement."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims import services
from engine.stance.thresholds import NEWS_THRESHOLDS, TooFewDecisionsError


class Command(BaseCommand):
    help = (
        "Re-fit the thresholds at which a suggestion is called a contradiction or a support, on reviewers' latest "
        "decision per suggestion; prints the agreement before and after. The new thresholds apply to the next runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-decisions",
            type=int,
            default=services.MIN_LABELS_TO_CALIBRATE,
            help=f"refuse below this many reviewed suggestions (default {services.MIN_LABELS_TO_CALIBRATE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["min_decisions"] < 1:
            raise CommandError("--min-decisions must be at least 1.")
        try:
            calibration, fit = services.stance_calibrate_from_reviews(
                defaults=NEWS_THRESHOLDS, min_labels=options["min_decisions"]
            )
        except TooFewDecisionsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{fit.decisions} reviewed suggestions\n"
            f"before: supports >= {fit.before.supports:.2f}, contradicts >= {fit.before.contradicts:.2f}, "
            f"agreement {fit.agreement_before:.1%}\n"
            f"after:  supports >= {fit.after.supports:.2f}, contradicts >= {fit.after.contradicts:.2f}, "
            f"agreement {fit.agreement_after:.1%}\n"
            f"saved as calibration #{calibration.pk}; the next analysis runs use it"
        )
