"""Issue 24: import errors by file and line for JSON too; a preview that keeps what would
change apart from what is refused."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from careers.transfer.importer import import_taxonomy
from tests import html
from tests.careers.importing import SKILL_HEADER, messages
from tests.factories import SkillCategoryFactory, SkillFactory

pytestmark = pytest.mark.django_db


def indented(**parts: object) -> dict[str, bytes]:
    """A bundle as a person or an exporter writes it: one key a line."""
    document = {"format": "skillgap-taxonomy", "version": 2, **parts}
    return {"taxonomy.json": json.dumps(document, indent=2).encode()}


def test_a_json_error_names_the_line_an_editor_shows() -> None:
    SkillCategoryFactory(slug="ml")
    files = indented(
        skills=[
            {"slug": "good", "name": "Good", "category": "ml"},
            {"slug": "bad", "name": "Bad", "category": "ml", "hours_per_point": 0},
        ]
    )
    text = files["taxonomy.json"].decode().splitlines()
    line = next(n for n, t in enumerate(text, 1) if '"slug": "bad"' in t) - 1  # its "{"
    assert text[line - 1].strip() == "{"
    [message] = messages(import_taxonomy(files, dry_run=True))
    assert message.startswith(f"taxonomy.json, line {line} ($.skills[1]), hours_per_point: ")


def test_a_nested_json_row_names_its_own_line() -> None:
    files = indented(
        careers=[{"slug": "c", "name": "C", "requirements": [{"skill": "x", "level": "entry"}]}]
    )
    text = files["taxonomy.json"].decode().splitlines()
    line = next(n for n, t in enumerate(text, 1) if '"skill": "x"' in t) - 1
    assert any(
        m.startswith(f"taxonomy.json, line {line} ($.careers[0].requirements[0]), ")
        for m in messages(import_taxonomy(files, dry_run=True))
    )


def test_the_preview_lists_refused_rows_apart_from_the_changes() -> None:
    ml = SkillCategoryFactory(slug="ml")
    SkillFactory(slug="python", name="Python", category=ml)
    files = {
        "skills.csv": (
            SKILL_HEADER + "sql,SQL,ml,,10,,,,\nlook,PYTHON,ml,,10,,,,\nrust,Rust,ml,,0,,,,\n"
        ).encode()
    }
    plan = import_taxonomy(files, dry_run=True)
    assert [str(change) for change in plan.changes] == ["new skill: sql"]
    assert plan.refused == ["skill look (skills.csv, line 3)", "skill rust (skills.csv, line 4)"]
    assert plan.counts["skills"] == {"create": 1, "refused": 2}


def test_the_admin_preview_shows_refused_rows_under_their_own_heading(
    curator_client: Client,
) -> None:
    ml = SkillCategoryFactory(slug="ml")
    SkillFactory(slug="python", name="Python", category=ml)
    upload = io.BytesIO((SKILL_HEADER + "sql,SQL,ml,,10,,,,\nlook,PYTHON,ml,,10,,,,\n").encode())
    upload.name = "skills.csv"
    page = curator_client.post(reverse("admin:careers_career_import"), {"files": [upload]})
    assert "Refused" in html.texts(page, "h3")
    assert html.texts(page, "#import-refused li") == ["skill look (skills.csv, line 3)"]
    assert html.texts(page, "#import-changes li") == ["new skill: sql"]
    assert ["skills", "1", "0", "0", "1"] in html.rows(page, "#import-counts")
    assert "Confirm import" not in html.text(page)
