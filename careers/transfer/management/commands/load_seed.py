"""Load the seed taxonomy once: later runs leave a curator's edits alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careers.models import Career
from careers.transfer.importer import import_taxonomy

SEED = Path(settings.BASE_DIR) / "fixtures" / "taxonomy.json"


class Command(BaseCommand):
    help = (
        "Import fixtures/taxonomy.json (a bundle in the import format) unless the taxonomy "
        "already has careers."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Import (upsert by slug) even if present."
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if Career.objects.exists() and not force:
            self.stdout.write("Taxonomy present; nothing loaded (use --force to refresh it).")
            return
        plan = import_taxonomy({SEED.name: SEED.read_bytes()}, dry_run=False)
        if not plan.ok:  # the seed is checked by tests; this is a curator's edit clashing
            raise CommandError("\n".join(str(issue) for issue in plan.issues))
        if options.get("verbosity", 1):
            self.stdout.write(f"Loaded the seed taxonomy: {plan.summary()}")
