"""python manage.py export_taxonomy [CAREER...] [--format json|csv] [--output PATH]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from careers.models import Career
from careers.transfer.exporter import export_csv, export_json


class Command(BaseCommand):
    help = (
        "Export the taxonomy (or the named careers, with the skills they need). JSON goes to "
        "--output FILE or standard output; CSV writes requirements.csv, skills.csv and "
        "guide.csv into --output DIR."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("careers", nargs="*", help="career slugs; all when none")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", type=Path)

    def handle(
        self, *args: Any, careers: list[str], format: str, output: Path | None, **options: Any
    ) -> None:
        unknown = sorted(set(careers) - set(Career.objects.values_list("slug", flat=True)))
        if unknown:
            raise CommandError(f"Unknown career: {', '.join(unknown)}")
        slugs = careers or None
        if format == "json":
            data = export_json(slugs)
            if output:
                output.write_bytes(data)
            else:
                self.stdout.write(data.decode("utf-8"), ending="")
            return
        if output is None:
            raise CommandError("CSV export writes three files: give --output DIR.")
        output.mkdir(parents=True, exist_ok=True)
        files = export_csv(slugs)
        for name, data in files.items():
            (output / name).write_bytes(data)
        self.stdout.write(f"Wrote {', '.join(str(output / name) for name in files)}")
