"""Pages stay lean: HTML bytes per skill within issue 19's budgets (structure, not speed).

A row's bytes are sent once per skill, 60 to 300 times a page: a per-row form, include or
repeated attribute shows here long before it shows in a timing. Measured on the seed's
career at the level that requires every skill (67 skills), as a person meets each page.
"""

from __future__ import annotations

import random

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careers.models import Level, Requirement, SkillCategory
from reports.models import Report
from tests.conftest import HTMX, logged_in, shared
from tests.factories import AssessmentFactory, career_with_skills

pytestmark = pytest.mark.django_db

CAREER, LEVEL = "systems-ml-engineer", "senior"


def skill_count() -> int:
    """The skills the seed career requires at LEVEL: read off the data, which curators grow."""
    return Requirement.objects.filter(career__slug=CAREER, level__slug=LEVEL).current().count()


# Per skill; the open-source DIRECT webapp's form: 0.77. Issues 19 and 21 ask 0.75 of the
# rating page, its category panel and "rate next" lead included: what only works with
# JavaScript (the filter, the keys' help) arrives with rate.js, not in the HTML. Issue 19
# asks 1.0 of the report; 0.9 here, as its weight grows with the path (a skill far below its
# target climbs a step at every level: rated all 0, this report is ~1.25 KB a skill).
RATING_KB, REPORT_KB = 0.75, 0.9
# Once shared, each skill row adds the toggle its comments and scores load from (~80 bytes),
# never a thread or a form: that was 2-4 KB a skill before issue 19.
SHARED_KB = 1.0


def kb_per_skill(response: object) -> float:
    assert response.status_code == 200  # type: ignore[attr-defined]
    kb = len(response.content) / 1024 / skill_count()  # type: ignore[attr-defined]
    print(f"{response.request['PATH_INFO']}: {kb:.3f} KB a skill")  # type: ignore[attr-defined]
    return kb


def rated_report(client: Client, rating_url: str) -> Report:
    """Every skill rated (a third with notes) without JavaScript, then finished."""
    page = client.get(rating_url)
    names = [n for n in page.content.decode().split('name="')[1:] if "-score" in n[:60]]
    slugs = [n.split("-score", 1)[0] for n in names]
    assert len(slugs) == skill_count()
    rng = random.Random(19)
    data = {f"{slug}-score": str(rng.randint(0, 5)) for slug in slugs}
    data |= {f"{slug}-evidence": "Shipped it at work, twice." for slug in slugs[::3]}
    assert client.post(rating_url, data).status_code == 302
    finish = client.post(f"{rating_url}finish/")
    return Report.objects.get(uuid=finish["Location"].strip("/").split("/")[-1])


def test_the_rating_page_and_the_report_stay_within_their_html_budget_per_skill(
    seed: None, owner: User, mentor: User
) -> None:
    client = logged_in(owner)
    rating_url = client.post(f"/assessments/start/{CAREER}/", {"level": LEVEL})["Location"]
    assert kb_per_skill(client.get(rating_url)) <= RATING_KB  # the first view
    report = rated_report(client, rating_url)
    assert kb_per_skill(client.get(rating_url)) <= RATING_KB  # every skill rated, some noted
    assert kb_per_skill(client.get(report.get_absolute_url())) <= REPORT_KB
    shared(report, mentor)  # now with comments and second opinions, loaded when opened
    assert kb_per_skill(client.get(report.get_absolute_url())) <= SHARED_KB
    assert kb_per_skill(logged_in(mentor).get(report.get_absolute_url())) <= SHARED_KB


# At 300 skills (SKILLGAP_LAZY_CATEGORIES_AT and over) the first view is the categories'
# headers, the lead and the panel: bytes per skill fall as skills grow. A category's own
# page (no JavaScript) and its rows loaded by htmx stay within the row budget per skill shown.
LAZY_FIRST_VIEW_KB = 0.1


def test_the_rating_page_at_300_skills_sends_headers_first_and_a_category_when_opened(
    owner: User,
) -> None:
    career = career_with_skills(300, n_categories=6)
    assessment = AssessmentFactory(owner=owner, career=career, level=Level.objects.get(slug="mid"))
    client = logged_in(owner)
    url = assessment.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    kb = len(first.content) / 1024 / 300
    print(f"first view at 300 skills: {len(first.content)} bytes, {kb:.3f} KB a skill")
    assert kb <= LAZY_FIRST_VIEW_KB
    category = SkillCategory.objects.filter(skills__requirements__career=career).first()
    assert category is not None
    shown = category.skills.count()
    for headers in ({}, HTMX):
        page = client.get(f"{url}?category={category.slug}", **headers)
        assert page.status_code == 200
        kb = len(page.content) / 1024 / shown
        print(f"{category.slug} ({shown} skills) {headers or 'page'}: {kb:.3f} KB a skill shown")
        assert kb <= RATING_KB
