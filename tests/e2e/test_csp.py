"""Under the Content-Security-Policy every page works in Chromium and nothing is refused.

A page that needed an inline style or script, or htmx's eval, would break quietly for
people: the browser reports each refusal as a `securitypolicyviolation` event, collected
here from before any page script runs.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reports import services
from tests.conftest import finished, shared
from tests.e2e.conftest import log_in
from tests.factories import UserFactory, assessment_for

pytestmark = pytest.mark.django_db(transaction=True)

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
);
"""


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations")


def visit(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], url


def test_every_page_works_under_the_policy(live_server: LiveServer, page: Page) -> None:
    base = live_server.url
    page.add_init_script(WATCH)
    owner = UserFactory(username="ada")
    mentor = UserFactory(username="grace")
    UserFactory(username="cura", is_staff=True, is_superuser=True)
    report = finished(owner)
    shared(report, mentor)
    link = services.create_link(report=report, days=3, show_name=False)
    draft = assessment_for(owner, n_skills=3)

    visit(page, f"{base}/")
    visit(page, f"{base}/careers/{draft.career.slug}/")
    visit(page, f"{base}/s/{link.token}/")

    log_in(page, base, "ada")
    visit(page, f"{base}/assessments/")
    visit(page, f"{base}{draft.get_absolute_url()}")
    page.locator(".scale label").first.click()  # an autosave, through htmx
    expect(page.locator("#progress")).to_contain_text("1 of 3 rated")
    visit(page, f"{base}{report.get_absolute_url()}")
    page.locator("#id_hours").fill("5")  # htmx recomputes the weeks
    expect(page.locator("#weeks")).to_contain_text("at 5 hours a week")
    visit(page, f"{base}/reports/{report.uuid}/share/")
    visit(page, f"{base}/reports/")

    log_in(page, base, "grace")
    visit(page, f"{base}/mentor/")
    visit(page, f"{base}{report.get_absolute_url()}")

    log_in(page, base, "cura")
    visit(page, f"{base}/admin/")
    visit(page, f"{base}/admin/careers/career/{draft.career.pk}/change/")
    visit(page, f"{base}/admin/careers/career/{draft.career.pk}/matrix/")
    visit(page, f"{base}/admin/careers/career/import/")
    visit(page, f"{base}/admin/careers/skill/add/")
    assert violations(page) == []
