"""Long lists come a page at a time (lib/paging.py): light pages, flat query counts, links
that work without JavaScript, and nobody else's rows.

Issue 19 measured the mentor dashboard at 500 shares as 330 KB and the cohort at 500
mentees as 845 KB, each a single page. Five hundred mentees are made in bulk from one real
report (tests/factories.py, `shared_copies`), so each test takes seconds, not minutes.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings

from assessments.models import Assessment
from careers.models import Level
from reports import services
from reports.models import Report
from tests import html
from tests.conftest import logged_in, rate_all
from tests.factories import (
    AssessmentFactory,
    UserFactory,
    assessment_for,
    career_with_skills,
    shared_copies,
)

pytestmark = pytest.mark.django_db

PAGE_KB = 100
MENTOR_PAGES = {"reports:mentor": "#shared-reports > li", "reports:cohort": "#cohort tbody tr"}


def real_report(owner: User, n_categories: int = 12) -> Report:
    """A report finished the ordinary way, a dozen categories wide (the seed's largest
    career has eleven): the cohort draws one cell per category."""
    career = career_with_skills(2 * n_categories, n_categories=n_categories)
    assessment = AssessmentFactory(owner=owner, career=career, level=Level.objects.get(slug="mid"))
    rate_all(assessment, 3)
    return services.finish_assessment(assessment=assessment)


@pytest.fixture
def five_hundred(mentor: User) -> list[Report]:
    return shared_copies(real_report(UserFactory()), mentor, 500)


def queries(client: Client, url: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", list(MENTOR_PAGES))
def test_a_page_of_500_mentees_weighs_under_100_kb(
    five_hundred: list[Report], mentor: User, name: str, settings: Settings
) -> None:
    client = logged_in(mentor)
    url, size = reverse(name), settings.LIST_PAGE_SIZE
    last = -(-500 // size)
    for page in ("1", str(last)):
        response = client.get(url, {"page": page})
        kb = len(response.content) / 1024
        print(f"{url}?page={page}: {kb:.1f} KB")
        assert kb < PAGE_KB
    first = client.get(url)
    assert len(html.soup(first).select(MENTOR_PAGES[name])) == size
    assert f"1–{size} of 500" in html.text(first, ".pager")


def many_of_everything(owner: User, mentor: User, n: int) -> None:
    """`n` reports of `owner`'s, shared with `mentor`, and `n` of their assessments."""
    report = real_report(owner, n_categories=3)
    shared_copies(report, mentor, n - 1, owner=owner)
    shared_copies(report, mentor, n)  # n mentees more for the mentor's pages
    Assessment.objects.bulk_create(
        AssessmentFactory.build(owner=owner, career=report.career, level=report.assessment.level)
        for _ in range(n - 1)
    )


LISTS = ["reports:mentor", "reports:cohort", "reports:list", "assessments:list"]


def test_query_counts_grow_neither_with_the_page_size_nor_with_the_total(
    settings: Settings,
) -> None:
    counts: dict[str, set[int]] = {name: set() for name in LISTS}
    for n, page_size in ((3, 2), (60, 25)):
        owner, mentor = UserFactory(), UserFactory()
        many_of_everything(owner, mentor, n)
        settings.LIST_PAGE_SIZE = page_size
        for name in LISTS:
            client = logged_in(mentor if name in MENTOR_PAGES else owner)
            counts[name].add(queries(client, reverse(name)))
            counts[name].add(queries(client, reverse(name), page="2"))
    assert {name: len(found) for name, found in counts.items()} == {name: 1 for name in LISTS}, (
        counts
    )


def test_paging_links_walk_the_whole_list_without_javascript_keeping_its_order(
    five_hundred: list[Report], mentor: User
) -> None:
    """Plain links (rel=next), each keeping the sort: every mentee once, in the CSV's order."""
    client = logged_in(mentor)
    url, seen = f"{reverse('reports:cohort')}?sort=name", []
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen += [row[0].split()[0] for row in html.rows(page, "#cohort")]
        following = html.soup(page).select_one(".pager a[rel=next]")
        url = f"{reverse('reports:cohort')}{following['href']}" if following else ""
        assert not following or "sort=name" in url
    sheet = client.get(reverse("reports:cohort_csv"), {"sort": "name"})
    assert sheet.streaming  # written a line at a time, however many mentees
    names = [row[0] for row in list(csv.reader(io.StringIO(sheet.getvalue().decode())))[1:]]
    assert len(seen) == len(set(seen)) == 500
    assert seen == names


def test_the_previous_link_and_numbered_pages_lead_where_they_say(
    five_hundred: list[Report], mentor: User
) -> None:
    client = logged_in(mentor)
    url = reverse("reports:mentor")
    third = client.get(url, {"page": "3"})
    links = {a.get_text(): a["href"] for a in html.soup(third).select(".pager a")}
    assert links["Previous"] == "?page=2" and links["Next"] == "?page=4"
    assert links["20"] == "?page=20"  # the last page, however far
    assert html.text(third, ".pager [aria-current=page]") == "3"
    second = client.get(f"{url}{links['Previous']}")
    firsts = [html.words(li) for li in html.soup(second).select("#shared-reports > li")]
    thirds = [html.words(li) for li in html.soup(third).select("#shared-reports > li")]
    assert firsts and thirds and not set(firsts) & set(thirds)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("page", ["0", "99", "two", "1.5"])
def test_a_page_that_is_not_there_is_a_404(owner: User, name: str, page: str) -> None:
    assessment_for(owner)
    response = logged_in(owner).get(reverse(name), {"page": page})
    assert response.status_code == 404


def test_a_mentor_sees_only_their_own_mentees(
    five_hundred: list[Report], mentor: User, other_user: User
) -> None:
    theirs = shared_copies(real_report(UserFactory(), n_categories=2), other_user, 3)
    client = logged_in(other_user)
    for name, rows in MENTOR_PAGES.items():
        assert len(html.soup(client.get(reverse(name))).select(rows)) == 3
        # Nobody else's rows on any page: a second page of theirs does not exist.
        assert client.get(reverse(name), {"page": "2"}).status_code == 404
    links = {a["href"] for a in html.soup(client.get(reverse("reports:mentor"))).select("a")}
    assert {r.get_absolute_url() for r in theirs} <= links
    assert not {r.get_absolute_url() for r in five_hundred} & links
    assert client.get(five_hundred[0].get_absolute_url()).status_code == 404
    sheet = client.get(reverse("reports:cohort_csv")).getvalue().decode()
    assert len(list(csv.reader(io.StringIO(sheet)))) == 1 + 3
