"""The one CSV writer: every export a spreadsheet may open goes through it.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and some
also one that starts with a tab, a carriage return, a line feed or a NUL, or with spaces
before a formula character (OWASP "CSV Injection", ASVS 1.2.10); the full-width forms
`＝ ＋ － ＠`, which input methods and some spreadsheets fold into the ASCII ones, are
treated alike out of caution. A person's or a curator's text (a skill named
`=HYPERLINK(...)`, a username, a note) must never reach a reader as a formula, so every
text cell, the header row's too, is neutralised here: one apostrophe goes in front of it,
which makes the cell text to a spreadsheet (OWASP's advice).

The apostrophe is also put in front of a text that already starts with apostrophes
followed by a formula character, so `restore` can always take exactly one off again: a
CSV written here reads back as what was written (the taxonomy CSV is an import format
too, docs/taxonomy-format.md). Numbers stay numbers: a negative number is not a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO

# Characters a spreadsheet may take as the start of a formula.
FORMULA_STARTS = frozenset("=+-@\t\r\n\x00＝＋－＠")
TEXT_MARK = "'"  # what spreadsheets take as "the rest is text"
Row = Iterable[object]


def looks_like_formula(text: str) -> bool:
    """True if a spreadsheet might run this cell: a formula character first, or after
    leading whitespace."""
    return text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS


def neutralise(text: str) -> str:
    """The text as a cell no spreadsheet runs; `restore` gives the text back."""
    if looks_like_formula(text.lstrip(TEXT_MARK)):
        return TEXT_MARK + text
    return text


def restore(cell: str) -> str:
    """What `neutralise` was given: one apostrophe off a neutralised cell, others as read."""
    if cell.startswith(TEXT_MARK) and looks_like_formula(cell.lstrip(TEXT_MARK)):
        return cell[1:]
    return cell


def cell(value: object) -> object:
    """A value as the csv module should write it: numbers as numbers, None empty, any
    other value as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: True is an int
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    return neutralise(str(value))


def safe_rows(rows: Iterable[Row]) -> Iterator[list[object]]:
    for row in rows:
        yield [cell(v) for v in row]


class _Echo:
    """A file that hands back what it is given, so csv.writer returns each line."""

    def write(self, line: str) -> str:
        return line


def lines(rows: Iterable[Row], *, lineterminator: str = "\r\n") -> Iterator[str]:
    """One CSV line per row (the header is just the first row), for a StreamingHttpResponse:
    nothing is held but the row being written."""
    writer = csv.writer(_Echo(), lineterminator=lineterminator)
    for row in safe_rows(rows):
        yield writer.writerow(row)


def write(file: IO[str], rows: Iterable[Row], *, lineterminator: str = "\r\n") -> None:
    """The rows as CSV into an open text file (open it with newline="")."""
    csv.writer(file, lineterminator=lineterminator).writerows(safe_rows(rows))


def text(rows: Iterable[Row], *, lineterminator: str = "\r\n") -> str:
    """The rows as one CSV string."""
    return "".join(lines(rows, lineterminator=lineterminator))
