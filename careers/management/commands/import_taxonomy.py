"""python manage.py import_taxonomy FILE... [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from careers.importer import import_taxonomy


class Command(BaseCommand):
    help = (
        "Import a taxonomy bundle (.json) or CSVs (requirements, skills); upsert by slug in "
        "one transaction. Any error means nothing is saved."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and preview; save nothing."
        )

    def handle(self, *args: Any, files: list[Path], dry_run: bool = False, **options: Any) -> None:
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        plan = import_taxonomy({f.name: f.read_bytes() for f in files}, dry_run=dry_run)
        for warning in plan.warnings:
            self.stdout.write(f"warning: {warning}")
        if not plan.ok:
            for issue in plan.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"{len(plan.issues)} error(s); nothing was saved.")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {plan.summary()}")
