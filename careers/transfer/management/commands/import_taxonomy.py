"""python manage.py import_taxonomy FILE... [--dry-run] [--match-external-ids]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from careers.transfer.bundle import oversize
from careers.transfer.importer import import_taxonomy


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
        parser.add_argument(
            "--match-external-ids",
            action="store_true",
            help="Merge a skill that shares an O*NET, ESCO or SFIA id with an existing skill "
            "into it, whatever its slug (docs/taxonomy-format.md).",
        )

    def handle(
        self,
        *args: Any,
        files: list[Path],
        dry_run: bool = False,
        match_external_ids: bool = False,
        **options: Any,
    ) -> None:
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        # Before anything is read into memory; read_files checks the same again.
        too_big = oversize({f.name: f.stat().st_size for f in files})
        if too_big:
            raise CommandError(f"{too_big}; nothing was saved.")
        contents = {f.name: f.read_bytes() for f in files}
        plan = import_taxonomy(contents, dry_run=dry_run, match_external_ids=match_external_ids)
        for merge in plan.merges:
            self.stdout.write(f"merge: {merge}")
        for warning in plan.warnings:
            self.stdout.write(f"warning: {warning}")
        if not plan.ok:
            for issue in plan.issues:
                self.stderr.write(str(issue))
            if plan.halted:
                self.stderr.write(plan.halted)
            retry = " Run it again to retry." if plan.database_error else ""
            raise CommandError(f"{len(plan.issues)} error(s); nothing was saved.{retry}")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {plan.summary()}")
