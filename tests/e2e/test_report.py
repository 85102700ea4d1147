"""A job seeker finishes an assessment and reads, adjusts and downloads the report."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.e2e.conftest import log_in
from tests.factories import ResourceFactory, UserFactory, career_with_skills
from tests.tasks import WAIT_SECONDS

pytestmark = pytest.mark.django_db(transaction=True)


# htmx marks each settle on <html>: expect() polls for it, which a CSP without 'unsafe-eval'
# allows (wait_for_function's polling evaluates a string, which it refuses).
SETTLES = """
document.addEventListener("htmx:afterSettle", () => {
  document.documentElement.dataset.settled = "yes";
});
"""


def recompute(page: Page, hours: str) -> int:
    """Type the hours a week and wait for the answer htmx swaps in (not for a set time:
    on a busy machine the server's answer can take longer than expect's 5 s); its status.
    After a 200, wait until htmx has settled it too: the answer replaces the hours field,
    and until the settle htmx has not bound the new one, so hours typed at once went
    unheard (CI, once in a while)."""
    page.evaluate("document.documentElement.dataset.settled = 'no'")
    with page.expect_response(lambda r: f"hours={hours}" in r.url) as answer:
        page.get_by_label("Hours per week").fill(hours)
    if answer.value.status == 200:
        expect(page.locator("html")).to_have_attribute("data-settled", "yes")
    return answer.value.status


def test_rate_finish_read_adjust_and_download(
    live_server: LiveServer, page: Page, tmp_path: Path, start_worker: Callable[..., object]
) -> None:
    base = live_server.url
    UserFactory(username="jo")
    career = career_with_skills(3)
    first_skill = career.requirements.order_by("skill__name").first().skill
    ResourceFactory(skill=first_skill, title="Hands-on course", from_score=0, to_score=3)
    log_in(page, base, "jo")

    page.goto(f"{base}/careers/{career.slug}/")
    page.get_by_label("Mid").check()
    page.get_by_role("button", name="Start self-assessment").click()
    page.locator(f"label[for='{first_skill.slug}-score-1']").click()
    expect(page.locator("#progress")).to_contain_text("1 of 3 rated")

    page.get_by_role("button", name="Finish and see report").click()
    expect(page.get_by_text("2 of 3 skills are not rated yet.")).to_be_visible()
    page.get_by_role("button", name="Finish and see the report").click()

    expect(page).to_have_url(re.compile(r"/reports/[0-9a-f-]{36}/$"))
    expect(page.locator("#placement-sentence")).to_have_text("You do not reach Entry yet.")
    expect(page.locator("svg.radar polygon").first).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Mean score and target"))).to_be_attached()
    expect(page.locator("#plan-sentence")).to_contain_text("Plan to Mid: ")
    plan = page.locator("#plan")
    plan.locator(".path-step").filter(has_text=first_skill.name).locator("summary").click()
    expect(plan.get_by_role("link", name="Hands-on course")).to_have_count(1)  # loaded when opened

    total = int(page.locator("#weeks strong").first.inner_text().split()[0])
    page.evaluate("window.__sameDocument = true")
    page.evaluate(SETTLES)
    assert recompute(page, "5") == 200
    expect(page.locator("#weeks-count")).to_have_text(f"{-(-total // 5)} weeks")
    assert recompute(page, "200") == 400
    expect(page.locator("#weeks [role=alert]")).to_contain_text("from 1 to 80")
    assert page.evaluate("window.__sameDocument") is True

    # The PDF is drawn by a worker: the button says "Preparing" until htmx finds it drawn.
    expect(page.locator("#pdf-button")).to_have_text("Preparing the PDF…")
    start_worker()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").click(timeout=WAIT_SECONDS * 1000)
    pdf_file = tmp_path / pdf.value.suggested_filename
    pdf.value.save_as(pdf_file)
    assert pdf_file.suffix == ".pdf" and pdf_file.read_bytes().startswith(b"%PDF")

    with page.expect_download() as sheet:
        page.get_by_role("link", name="CSV").click()
    csv_file = tmp_path / sheet.value.suggested_filename
    sheet.value.save_as(csv_file)
    lines = csv_file.read_text().splitlines()
    assert (
        lines[0].startswith("row,skill,name")
        and sum(1 for line in lines if line.startswith("skill,")) == 3
    )
