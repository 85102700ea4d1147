"""`manage.py extract_skills < posting.txt`: the skills one posting asks for, as JSON.

With `--jsonl`, every input line is one JSON string (a posting's text) and every output
line the result for it, in order: the same JSON as POST /postings/extract.json.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from postings import services


class Command(BaseCommand):
    help = "Print the skills a job posting (stdin) asks for, as the extract.json endpoint does."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help="Read one JSON string per line; print one JSON result per line.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = sys.stdin
        if not options["jsonl"]:
            self._write(_result(stdin.read(), "stdin"))
            return
        for number, line in enumerate(stdin, start=1):
            if not line.strip():
                continue
            try:
                text = json.loads(line)
            except ValueError as error:
                raise CommandError(f"line {number}: not JSON ({error})") from error
            self._write(_result(text, f"line {number}"))

    def _write(self, result: dict[str, object]) -> None:
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        self.stdout.flush()


def _result(text: object, where: str) -> dict[str, object]:
    problem = services.text_problem(text)
    if problem:
        raise CommandError(f"{where}: {problem}")
    assert isinstance(text, str)
    return services.extract_json(text)
