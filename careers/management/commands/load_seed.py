"""Load the seed taxonomy once: later runs leave a curator's edits alone."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from careers.models import Career


class Command(BaseCommand):
    help = "Load fixtures/taxonomy.json unless the taxonomy already has careers (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Reload (upsert by natural key) even if present."
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if Career.objects.exists() and not force:
            self.stdout.write("Taxonomy present; nothing loaded (use --force to refresh it).")
            return
        call_command("loaddata", "taxonomy", verbosity=options.get("verbosity", 1))
