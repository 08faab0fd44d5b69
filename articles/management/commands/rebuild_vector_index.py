from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from articles import vector_index


class Command(BaseCommand):
    help = (
        "Rebuild the article vector index from the database (after a restore, a bulk import, or to forget deleted "
        "articles). Safe while workers run: they keep searching the old snapshot and map the new one when it is ready."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = vector_index.rebuild()
        self.stdout.write(json.dumps(result))
        self.stdout.write(self.style.SUCCESS(f"Indexed {result['articles']} articles in {vector_index.directory()}"))
