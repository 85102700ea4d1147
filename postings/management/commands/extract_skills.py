"""`manage.py extract_skills < posting.txt`: the skills one posting asks for, as JSON.

With `--jsonl`, every input line is one JSON string (a posting's text) and every output
line the result for it, in order: the same JSON as POST /postings/extract.json. The
taxonomy is the database's; on a checkout whose database is not set up yet (no tables,
or no skills) it is fixtures/taxonomy.json's, said on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from careers.models import Skill
from postings import services

SEED = Path(settings.BASE_DIR) / "fixtures" / "taxonomy.json"


class Command(BaseCommand):
    help = "Print the skills a job posting (stdin) asks for, as the extract.json endpoint does."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help="Read one JSON string per line; print one JSON result per line.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = self._compiled()
        if not options["jsonl"]:
            self._write(_result(sys.stdin.read(), "stdin", compiled))
            return
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                text = json.loads(line)
            except ValueError as error:
                raise CommandError(f"line {number}: not JSON ({error})") from error
            self._write(_result(text, f"line {number}", compiled))

    def _compiled(self) -> services.Compiled:
        try:
            if Skill.objects.exists():
                return services.compiled()
        except DatabaseError:
            pass
        self.stderr.write(
            "The database holds no taxonomy (run migrate and load_seed): "
            f"reading {SEED.relative_to(settings.BASE_DIR)} instead."
        )
        return services.from_bundle(json.loads(SEED.read_text()))

    def _write(self, result: dict[str, object]) -> None:
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        self.stdout.flush()


def _result(text: object, where: str, compiled: services.Compiled) -> dict[str, object]:
    problem = services.text_problem(text)
    if problem:
        raise CommandError(f"{where}: {problem}")
    assert isinstance(text, str)
    return services.analyse(text, compiled).as_json(compiled.names)
