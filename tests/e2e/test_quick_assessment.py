"""Issue 21 in Chromium: a person rates each category once, then follows the page's "rate
next" lead, by keyboard, until the page says the placement is settled; the phone's sticky
bars keep to less than a tenth of its height."""

from __future__ import annotations

import random
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from assessments import quick, scoring
from assessments.inputs import CareerInputs
from careers.models import Career
from tests.e2e.axe import assert_accessible, assert_fits
from tests.e2e.test_rating_page import DESKTOP, PHONE, start

pytestmark = pytest.mark.django_db(transaction=True)

CAREER, MAX_FOLLOWED = "systems-ml-engineer", 16
SETTLED = re.compile(
    r"^You are placed (at|below) [A-Za-z ]+; more ratings refine your plan, not your placement\.$"
)

BARS = (
    """() => ["rate-bar", "rate-actions"].map((id) => document.getElementById(id).offsetHeight)"""
)


def profile() -> tuple[dict[str, int], dict[str, int]]:
    """A person's true scores (each skill near its category's level) and each category's
    rounded mean, by category slug: the first seeded profile whose placement the categories
    alone leave open, so that the lead has something to lead to."""
    career = CareerInputs.load(Career.objects.get(slug=CAREER))
    requirements, levels = career.scoring(), career.scoring_levels()
    categories: dict[str, list[str]] = {}
    for r in requirements:
        if r.skill not in categories.setdefault(r.category, []):
            categories[r.category].append(r.skill)
    bar = scoring.as_fraction(settings.SKILLGAP_READY_THRESHOLD)
    rng = random.Random(21)
    while True:
        scores, means = {}, {}
        for category, skills in categories.items():
            level = rng.randint(1, 4)
            for skill in skills:
                scores[skill] = max(0, min(5, level + rng.choice((-1, 0, 0, 1))))
            means[category] = round(sum(scores[s] for s in skills) / len(skills))
        estimates = {s: means[c] for c, skills in categories.items() for s in skills}
        draft = quick.Draft(levels, requirements, {}, estimates, set(scores), bar)
        if not quick.bounds(draft).settled:
            return scores, means


def test_categories_once_then_the_lead_by_keyboard_until_settled(
    live_server: LiveServer, page: Page
) -> None:
    call_command("load_seed", verbosity=0)
    scores, means = profile()
    page.set_viewport_size(DESKTOP)
    start(page, live_server.url, CAREER, level="Senior")
    lead = page.locator("#lead")
    for category, mean in means.items():
        page.locator(f"select[name=cat-{category}]").select_option(str(mean))
        # The answer marks the category's rows as estimated and counts them.
        expect(page.locator(f"#section-{category} .row-status").first).to_have_text(
            f"Estimate {mean}"
        )
    expect(page.locator("#progress")).to_contain_text(f"{len(scores)} estimated")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    assert_fits(page)
    page.set_viewport_size(DESKTOP)

    followed: list[str] = []
    while not SETTLED.match(lead.locator("h2").inner_text()):
        assert len(followed) < MAX_FOLLOWED, f"not settled after {followed}"
        first = lead.locator("ol a").first
        slug = first.get_attribute("href").removeprefix("#row-")
        assert slug not in followed
        expect(first.locator("xpath=..")).to_contain_text(re.compile(r"estimate \d, needs \d"))
        first.focus()
        page.keyboard.press("Enter")  # the lead's link takes focus to the skill's scale
        expect(page.locator(f"#row-{slug} .btn-check").first).to_be_attached()
        assert page.evaluate("document.activeElement.name") == f"{slug}-score"
        page.keyboard.press(str(scores[slug]))  # a digit chooses that score
        expect(page.locator(f"#status-{slug}")).to_contain_text(f"Saved ({scores[slug]})")
        # The lead moves on: the skill just rated is no longer suggested.
        expect(lead.locator(f"a[href='#row-{slug}']")).to_have_count(0)
        followed.append(slug)
    assert followed, "the profile was settled by its categories alone: nothing was followed"
    assert_accessible(page)


def test_the_sticky_bars_take_less_than_a_tenth_of_a_phones_height(
    live_server: LiveServer, page: Page
) -> None:
    call_command("load_seed", verbosity=0)
    page.set_viewport_size(PHONE)
    start(page, live_server.url, CAREER)
    top, bottom = page.evaluate(BARS)
    print(f"sticky bars on a phone: {top} + {bottom} px of {PHONE['height']}")
    assert top + bottom < PHONE["height"] / 10, f"{top} + {bottom} px of {PHONE['height']}"
