"""The Systems ML Engineer page reads as the career guide it comes from (issue 24).

Every figure of the guide's salary, demand and experience sections (shared/seeds/…) is on
the page, in the same row or item as its source; and nothing is shown that the guide does
not give. Its own module: the seed is loaded once per module.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careers.models import Career, Level, SalaryBand
from reports import services
from tests import html
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

SALARY_SECTION = "AiPathly career guide, Salary Ranges (US Market), 2024"
MARKET_DEMAND = "AiPathly career guide, Market Demand"
TRENDS = "AiPathly career guide, Trends"

# The guide's figures, as it writes them (en dash for its hyphen), and the source it names.
PAY = [
    # Average Compensation
    ("Average base salary", "$157,969 – $161,777", SALARY_SECTION),
    ("Average additional cash compensation", "~$44,362", SALARY_SECTION),
    ("Total average compensation", "$202,331", SALARY_SECTION),
    # Location-Specific Salaries
    ("San Francisco, CA", "$179,061 – $193,919", SALARY_SECTION),
    ("New York City, NY", "$168,767 – $184,982", SALARY_SECTION),
    ("Seattle, WA", "$173,517 – $182,182", SALARY_SECTION),
    ("Austin, TX", "$156,831 – $207,775", SALARY_SECTION),
    ("Los Angeles, CA", "$159,560", SALARY_SECTION),
    ("Remote positions", "$150,000 – $200,000+", SALARY_SECTION),
    # Industry and Company Variations
    ("Top tech companies (e.g., Google, Facebook, Amazon)", "$148,296 – $254,898", SALARY_SECTION),
    ("Senior ML Engineer in San Francisco", "up to $258,810", SALARY_SECTION),
    ("Senior ML Engineer in Austin", "up to $210,000", SALARY_SECTION),
    ("ML Engineer at Meta (0-1 years exp.)", "$169,050", SALARY_SECTION),
    ("ML Engineer at Meta (7-9 years exp.)", "$145,245 – $199,038", SALARY_SECTION),
    # "salaries ranging from $100,000 to over $250,000"
    ("Salaries overall", "$100,000 – $250,000+", SALARY_SECTION),
    # Market Demand's Salary Ranges
    ("US salaries typically range", "$141,000 – $250,000", MARKET_DEMAND),
    ("Entry-level positions start around", "~$112,000", MARKET_DEMAND),
    ("Experienced professionals can exceed", "$157,000+", MARKET_DEMAND),
    # Trends: Career Growth and Opportunities
    ("Competitive salaries", "$109,143 – $157,000", TRENDS),
]
LEVELS = [
    ("Entry", "0–1 years", "96,000 – 132,000"),
    ("Mid", "1–4 years", "112,962 – 144,000"),
    ("Senior", "5–9 years", "143,641 – 177,177"),
    ("Expert", "10+ years", "150,708 – 172,654"),
]
DEMAND = [
    ("surged by 35% in the past year", "Indeed"),
    ("grown 74% annually over the last four years", "LinkedIn"),
    ("$117.19 billion by 2027", "no source named"),
    ("$26.03 billion in 2023 to $225.91 billion by 2030 (CAGR of 36.2%)", "no source named"),
    ("from $26 billion in 2023 to over $225 billion by 2030", "no source named"),
]


@pytest.fixture
def page(seed: None, client: Client) -> str:
    response = client.get("/careers/systems-ml-engineer/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_pay_figure_of_the_guide_is_in_a_row_with_its_source(page: str) -> None:
    rows = [row for table in ("#pay table",) for row in html.texts(page, f"{table} tbody tr")]
    for label, figure, source in PAY:
        found = [row for row in rows if row.startswith(label) and figure in row]
        assert found, f"{label}: {figure} is not on the page"
        assert source in found[0], f"{label}: {figure} shows without its source"
    assert len(rows) == len(PAY)  # nothing the guide does not give


def test_every_level_shows_the_guides_years_and_pay_with_the_source(page: str) -> None:
    cards = html.texts(page, "#levels .card")
    for name, years, pay in LEVELS:
        assert any(c.startswith(name) and years in c and pay in c for c in cards), name
    assert "Salary Ranges (US Market, 2024)" in html.text(page, "#levels-title + div + p")
    # Expert is shown for context and is not offered: the guide gives it no skills.
    assert 'value="expert"' not in page


def test_every_demand_figure_is_on_the_page_with_its_source(page: str) -> None:
    items = html.texts(page, "#demand li")
    for figure, source in DEMAND:
        found = [item for item in items if figure in item]
        assert found, figure
        assert source in found[0], figure


def test_the_role_and_the_guides_lists_come_before_the_matrix(page: str) -> None:
    order = ["role", "levels", "pay", "demand", "in-demand", "trends", "practices", "challenges"]
    at = [page.index(f'id="{anchor}"') for anchor in order]
    assert at == sorted(at) and at[-1] < page.index('id="matrix"')
    assert "Deploy ML models to production environments" in html.text(page, "#role")
    assert "Master's or Ph.D. in machine learning" in html.text(page, "#role")
    assert "Automated Machine Learning (AutoML)" in html.text(page, "#trends")
    assert "Implement version control for both code and data" in html.text(page, "#practices")
    assert "Balancing underfitting and overfitting" in html.text(page, "#challenges")


def test_in_demand_skills_are_marked_in_the_matrix(page: str) -> None:
    marked = [
        re.sub(r" in demand$", "", row)
        for row in html.texts(page, "#matrix th[scope=row]")
        if row.endswith("in demand")
    ]
    assert {"Python", "SQL", "PyTorch", "Edge AI and IoT"} <= set(marked)
    assert "Agile and Scrum" not in marked


@pytest.mark.parametrize(
    "slug",
    ["information-systems-ml-engineer", "industrial-engineering-lead", "junior-ai-developer"],
)
def test_a_career_the_guide_gives_no_years_or_pay_shows_none(
    seed: None, client: Client, slug: str
) -> None:
    page = client.get(f"/careers/{slug}/").content.decode()
    assert "years of experience" not in html.text(page, "#levels")
    assert "Salary band" not in page and 'id="pay"' not in page
    assert "Key Responsibilities" in html.text(page, "#role")


def test_integration_engineers_average_is_the_careers_not_a_levels(
    seed: None, client: Client
) -> None:
    page = client.get("/careers/integration-solutions-engineer/").content.decode()
    assert "Salary band" not in html.text(page, "#levels")
    (row,) = html.texts(page, "#pay tbody tr")
    assert "$55,000 – $118,000" in row and "Job Outlook and Salary" in row


def test_the_report_shows_the_aimed_levels_pay_with_pay_by_place(seed: None) -> None:
    owner = User.objects.create_user("casey", password="x")
    career = Career.objects.get(slug="systems-ml-engineer")
    senior = Level.objects.get(slug="senior")
    assessment = AssessmentFactory(owner=owner, career=career, level=senior)
    report = services.finish_assessment(assessment=assessment)
    client = Client()
    client.force_login(owner)
    page = client.get(report.get_absolute_url()).content.decode()
    context = html.text(page, "#levels")
    assert "5–9 years of experience · salary band USD 143,641 – 177,177" in context
    by_place = html.texts(page, "#pay-by-place li")
    # The cities and remote for every level, and the two senior examples; not Meta at entry.
    assert (
        len(by_place)
        == SalaryBand.objects.filter(career=career, place_kind__in=["city", "remote"])
        .exclude(level__slug="entry")
        .count()
        == 8
    )
    assert any("Senior ML Engineer in Austin: up to $210,000" in item for item in by_place)
    assert all(SALARY_SECTION in item for item in by_place)
