"""`manage.py create_partner NAME [--scope S ...] [--expires-in-days N]`: prints the new key alone on the last line."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partners import services
from partners.models import Partner, Scope


class Command(BaseCommand):
    help = "Create a partner (or reuse one of that name) and a new API key for it; the key is printed once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument(
            "--scope",
            action="append",
            choices=Scope.values,
            dest="scopes",
            help="Grant a scope (repeatable); default verdicts:read",
        )
        parser.add_argument("--expires-in-days", type=int, default=None, help="Key lifetime; default: no expiry")
        parser.add_argument("--email", default="", help="The partner's technical contact")
        parser.add_argument("--label", default="", help="A note on what the key is for")

    def handle(
        self, *args: Any, name: str, scopes: list[str] | None, expires_in_days: int | None, **options: Any
    ) -> None:
        if expires_in_days is not None and expires_in_days <= 0:
            raise CommandError("--expires-in-days must be a positive number of days.")
        partner = Partner.objects.filter(name__iexact=name.strip()).first()
        try:
            if partner is None:
                partner = services.partner_create(name=name, contact_email=options["email"])
                self.stdout.write(f"Created partner “{partner.name}” (id {partner.pk}).")
            else:
                self.stdout.write(f"Partner “{partner.name}” (id {partner.pk}) exists; adding a key.")
            expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
            key, raw_key = services.api_key_create(
                partner=partner, scopes=scopes or [Scope.VERDICTS_READ], expires_at=expires_at, label=options["label"]
            )
        except services.PartnerError as exc:
            raise CommandError(str(exc)) from exc
        expiry = f"{key.expires_at:%Y-%m-%d %H:%M} UTC" if key.expires_at else "never"
        self.stdout.write(f"Key {key.prefix}: scopes {', '.join(key.scopes)}; expires {expiry}.")
        self.stdout.write(
            "Store the key now; it is not stored and cannot be shown again. Send it as `Authorization: Bearer <key>`:"
        )
        self.stdout.write(raw_key)
