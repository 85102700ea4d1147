"""A CSV export read as a spreadsheet reads it: which cells it would run as formulas.

Independent of lib/spreadsheet.py on purpose: the tests hold the writer to this list
(OWASP's CSV injection characters, the line breaks and NUL, full-width forms, and the
same after leading spaces), not to its own idea of a formula.
"""

from __future__ import annotations

import csv
import io

STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00", "＝", "＋", "－", "＠")


def rows(body: str | bytes) -> list[list[str]]:
    text = body.decode("utf-8-sig") if isinstance(body, bytes) else body
    return list(csv.reader(io.StringIO(text, newline="")))


def runs_as_formula(cell: str) -> bool:
    return cell.startswith(STARTS) or cell.lstrip().startswith(STARTS)


def live_formulas(body: str | bytes) -> list[str]:
    """Every cell, header included, that a spreadsheet would run."""
    return [c for row in rows(body) for c in row if runs_as_formula(c)]
