"""Under the Content-Security-Policy every page works in Chromium and nothing is refused.

A page that needed an inline style or script, or htmx's eval, would break quietly for
people: the browser reports each refusal as a `securitypolicyviolation` event, collected
here from before any page script runs. The console stays quiet too: a header the browser
cannot read or a file it cannot find (the favicon) is reported there.
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


def watch_console(page: Page) -> list[str]:
    said: list[str] = []
    page.on(
        "console",
        lambda m: said.append(f"{m.type}: {m.text} ({m.location.get('url')})")
        if m.type in ("error", "warning") else None,
    )  # fmt: skip
    return said


def visit(page: Page, url: str, said: list[str] | None = None) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], url
    assert said is None or said == [], url


def test_every_page_works_under_the_policy(live_server: LiveServer, page: Page) -> None:
    base = live_server.url
    page.add_init_script(WATCH)
    said = watch_console(page)
    owner = UserFactory(username="ada")
    mentor = UserFactory(username="grace")
    UserFactory(username="cura", is_staff=True, is_superuser=True)
    report = finished(owner)
    shared(report, mentor)
    link = services.create_link(report=report, days=3, show_name=False)
    draft = assessment_for(owner, n_skills=3)

    visit(page, f"{base}/", said)
    visit(page, f"{base}/careers/{draft.career.slug}/", said)
    visit(page, f"{base}/s/{link.token}/", said)

    log_in(page, base, "ada")
    visit(page, f"{base}/assessments/", said)
    visit(page, f"{base}{draft.get_absolute_url()}", said)
    page.locator(".scale label").first.click()  # an autosave, through htmx
    expect(page.locator("#progress")).to_contain_text("1 of 3 rated")
    visit(page, f"{base}{report.get_absolute_url()}", said)
    page.locator("#id_hours").fill("5")  # htmx recomputes the weeks
    expect(page.locator("#weeks")).to_contain_text("at 5 hours a week")
    visit(page, f"{base}/reports/{report.uuid}/share/", said)
    visit(page, f"{base}/reports/", said)

    log_in(page, base, "grace")
    visit(page, f"{base}/mentor/", said)
    visit(page, f"{base}{report.get_absolute_url()}", said)

    log_in(page, base, "cura")
    visit(page, f"{base}/admin/", said)
    visit(page, f"{base}/admin/careers/career/{draft.career.pk}/change/", said)
    visit(page, f"{base}/admin/careers/career/{draft.career.pk}/matrix/", said)
    visit(page, f"{base}/admin/careers/career/import/", said)
    visit(page, f"{base}/admin/careers/skill/add/", said)
    assert violations(page) == []
