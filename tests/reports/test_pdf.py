"""The PDF tells what the page tells: read as text (pdftotext) and as pictures (pdftoppm,
poppler-utils, installed by .ci/run)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from PIL import Image

from assessments.scoring import percent
from reports import services
from reports.models import Report
from tests import html
from tests.conftest import BASE, finished, logged_in, shared
from tests.tasks import pdf_response

pytestmark = pytest.mark.django_db

# The print stylesheet's bar colours (static/css/report-print.css).
TRACK, SHORT, REACHED = (233, 236, 239), (255, 193, 7), (25, 135, 84)


def pdf_of(client: Client, report: Report, tmp_path: Path) -> Path:
    response = pdf_response(client, report)
    assert response.status_code == 200
    out = tmp_path / f"report-{len(list(tmp_path.iterdir()))}.pdf"
    out.write_bytes(response.content)
    return out


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True, text=True).stdout  # fmt: skip
    return " ".join(text.split())


@pytest.fixture
def reviewed(owner: User, mentor: User) -> Report:
    """A report shared with a mentor who reviewed it and gave a second opinion."""
    report = finished(owner, n_skills=4, score=2)
    shared(report, mentor)
    skill = report.document["skills"][0]
    services.mark_reviewed(report=report, mentor=mentor, summary="Solid basics; aim at SQL.")
    services.give_opinion(report=report, mentor=mentor, skill=skill["slug"], score=3,
                          note="Seen it at work.", base_url=BASE)  # fmt: skip
    return report


def test_the_pdf_says_what_the_page_says(
    reviewed: Report, owner_client: Client, tmp_path: Path
) -> None:
    page = owner_client.get(reviewed.get_absolute_url())
    text = pdf_text(pdf_of(owner_client, reviewed, tmp_path))
    for part in ("#plan-sentence", "#placement-sentence"):
        assert html.text(page, part) in text, part
    for level in reviewed.document["levels"]:
        assert f"{level['name']}" in text and f"{percent(level['readiness'])}%" in text
    assert "Reviewed by" in text and "Solid basics; aim at SQL." in text
    assert "Seen it at work." in text
    plan = reviewed.document["plan"]["steps"]
    assert f"{len(plan)} steps, {reviewed.document['plan']['hours']} hours" in text
    # Numbered once: "1. Skill", never "1. 1. Skill".
    assert "1. 1." not in text


def test_ticking_a_step_changes_the_pdf(
    reviewed: Report, owner_client: Client, tmp_path: Path
) -> None:
    before = pdf_text(pdf_of(owner_client, reviewed, tmp_path))
    step = reviewed.document["plan"]["steps"][0]
    services.set_step_status(report=reviewed, stage="plan", skill=step["skill"], status="done")
    after = pdf_text(pdf_of(owner_client, reviewed, tmp_path))
    assert "1 done" not in before and "1 done" in after
    assert "Done" in after


def test_the_pdf_names_the_owner_to_a_mentor(
    reviewed: Report, mentor: User, tmp_path: Path
) -> None:
    name = reviewed.owner.get_full_name() or reviewed.owner.get_username()
    text = pdf_text(pdf_of(logged_in(mentor), reviewed, tmp_path))
    assert f"{name.capitalize()} places at" in text and f"the level {name} aims at" in text
    assert "You place" not in text and "the level you aim at" not in text


def bars(png: Path) -> list[float]:
    """Each readiness bar's filled share, top to bottom: a bar is a run of at least five
    rows (6pt at 100 dpi is 8) with over 100 pixels of the track's and fill's colours;
    rules and borders are a pixel or two high."""
    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()

    def near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
        return all(abs(x - y) <= 4 for x, y in zip(a, b, strict=True))

    runs: list[list[tuple[int, int]]] = []
    previous = False
    for y in range(height):
        row = [pixels[x, y] for x in range(width)]
        fill = sum(1 for p in row if near(p, SHORT) or near(p, REACHED))
        track = sum(1 for p in row if near(p, TRACK))
        is_bar = fill + track > 100
        if is_bar and not previous:
            runs.append([])
        if is_bar:
            runs[-1].append((fill, track))
        previous = is_bar
    middles = [run[len(run) // 2] for run in runs if len(run) >= 5]
    return [fill / (fill + track) for fill, track in middles]


def test_the_pdfs_readiness_bars_are_drawn_to_scale(
    owner: User, owner_client: Client, tmp_path: Path
) -> None:
    report = finished(owner, n_skills=4, score=2)  # targets 2, 3, 4: 100%, 66%, 50%
    pdf = pdf_of(owner_client, report, tmp_path)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / "page")],
                   check=True)  # fmt: skip
    drawn = [share for png in sorted(tmp_path.glob("page*.png")) for share in bars(png)]
    wanted = [level["readiness"] for level in report.document["levels"]]
    assert wanted == [1.0, 0.6666, 0.5]
    assert len(drawn) == len(wanted)
    for share, readiness in zip(drawn, wanted, strict=True):
        assert abs(share - readiness) < 0.03, (drawn, wanted)


def test_names_in_other_scripts_print_as_themselves(
    owner: User, owner_client: Client, tmp_path: Path
) -> None:
    """CJK, Devanagari and emoji: pdftotext reads back what a font drew, and a missing
    glyph (an empty box) reads back as nothing or as a replacement character."""
    owner.first_name, owner.last_name = "山田 प्रिया", "🙂"
    owner.save()
    report = finished(owner, n_skills=2)
    text = pdf_text(pdf_of(owner_client, report, tmp_path))
    assert "山田 प्रिया 🙂" in text
    fonts = subprocess.run(["pdffonts", str(next(tmp_path.glob("*.pdf")))], capture_output=True,
                           check=True, text=True).stdout  # fmt: skip
    assert "CJK" in fonts and "Devanagari" in fonts and "Emoji" in fonts


def test_the_pdfs_plan_rows_keep_their_parts_apart_and_lists_one_marker(
    reviewed: Report, owner_client: Client, tmp_path: Path
) -> None:
    """ "1. Skill 2 → 3 must-have about 10 h", as the page spaces it, never run together;
    "✓ Entry", never "• ✓ Entry"."""
    text = pdf_text(pdf_of(owner_client, reviewed, tmp_path))
    step = reviewed.document["plan"]["steps"][0]
    name = reviewed.document["inputs"]["skills"][step["skill"]]["name"]
    must = " must-have" if step["must_have"] else ""
    assert f"1. {name} {step['from']} → {step['to']}{must} about {step['hours']} h" in text
    assert "✓ Entry" in text and "• ✓" not in text and "• ✗" not in text


def test_the_pdf_is_drawn_without_a_stylesheet_warning(
    reviewed: Report, caplog: pytest.LogCaptureFixture
) -> None:
    """WeasyPrint skips what it does not know (`fill` in CSS, say) with a warning each draw."""
    from reports.exports import pdf_bytes

    with caplog.at_level("WARNING", logger="weasyprint"):
        pdf_bytes(reviewed)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
