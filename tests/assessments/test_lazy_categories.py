"""At SKILLGAP_LAZY_CATEGORIES_AT skills the rating page's categories load when opened
(htmx), and without JavaScript each category has its own page (`?category=`)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from assessments.models import Assessment, Rating
from careers.models import Level, SkillCategory
from tests import html
from tests.conftest import HTMX
from tests.factories import AssessmentFactory, RatingFactory, career_with_skills

pytestmark = pytest.mark.django_db

ROW = 'id="row-'


@pytest.fixture
def big(owner: User) -> Assessment:
    """300 skills in 6 categories, as the bench's generated career has them."""
    career = career_with_skills(300, n_categories=6)
    return AssessmentFactory(owner=owner, career=career, level=Level.objects.get(slug="mid"))


def categories(assessment: Assessment) -> list[SkillCategory]:
    return list(
        SkillCategory.objects.filter(skills__requirements__career=assessment.career)
        .distinct()
        .order_by("order", "name")
    )


def test_the_first_view_at_300_skills_carries_headers_and_no_rows(
    owner_client: Client, big: Assessment
) -> None:
    page = owner_client.get(big.get_absolute_url())
    assert page.status_code == 200
    assert ROW not in page.content.decode()
    soup = html.soup(page)
    for category in categories(big):
        section = soup.select_one(f"#section-{category.slug}")
        assert section is not None and section.name == "details"
        assert not section.has_attr("open")
        assert section["hx-get"] == f"?category={category.slug}"
        link = section.select_one("summary h2 a")
        assert link is not None and link["href"] == f"?category={category.slug}"
        assert "0 / 50 rated" in section.select_one("summary").get_text()
    # The lead and the category panel stay on the first view; the lead's links go by way
    # of the category, which a closed section has not drawn.
    assert soup.select(".cat-panel select") and len(soup.select(".cat-panel select")) == 6
    lead = soup.select("#lead a")
    assert lead and all("?category=" in a["href"] and "#row-" in a["href"] for a in lead)
    assert "?category=" in soup.select_one("#next-unrated")["href"]


def test_below_the_threshold_the_page_draws_every_row(owner: User, owner_client: Client) -> None:
    career = career_with_skills(99, n_categories=3)
    assessment = AssessmentFactory(
        owner=owner, career=career, level=Level.objects.get(slug="senior")
    )
    page = owner_client.get(assessment.get_absolute_url())
    assert page.content.decode().count(ROW) == 99
    soup = html.soup(page)
    assert not soup.select("details.lazy") and not soup.select("[hx-get]")
    assert all(a["href"].startswith("#row-") for a in soup.select("#lead a"))


def test_an_opened_category_loads_its_rows_alone(owner_client: Client, big: Assessment) -> None:
    category = categories(big)[1]
    response = owner_client.get(f"{big.get_absolute_url()}?category={category.slug}", **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count(ROW) == 50
    assert "<html" not in body and "cat-panel" not in body  # the rows, not the page
    assert response["Vary"] and "HX-Request" in response["Vary"]
    slugs = {s.slug for s in category.skills.all()}
    assert {
        row["id"].removeprefix("row-") for row in html.soup(response).select("[id^=row-]")
    } == slugs


def test_a_category_page_without_javascript_is_the_one_form_of_its_rows(
    owner_client: Client, big: Assessment
) -> None:
    first, second = categories(big)[:2]
    page = owner_client.get(f"{big.get_absolute_url()}?category={second.slug}")
    assert page.status_code == 200
    soup = html.soup(page)
    form = soup.select_one("#ratings-form")
    assert form["action"] == f"{big.get_absolute_url()}?category={second.slug}"
    assert len(form.select("[id^=row-]")) == 50
    assert soup.select_one(f"#section-{second.slug}").has_attr("open")
    assert not soup.select(f"#section-{first.slug} [id^=row-]")
    assert soup.select_one(f"#section-{first.slug} summary a")["href"] == f"?category={first.slug}"


def test_save_all_from_a_category_page_keeps_the_other_categories_ratings(
    owner_client: Client, big: Assessment
) -> None:
    first, second = categories(big)[:2]
    kept = [
        RatingFactory(assessment=big, skill=skill, score=4, evidence="Did it.")
        for skill in first.skills.all()[:5]
    ]
    url = f"{big.get_absolute_url()}?category={second.slug}"
    page = owner_client.get(url)
    # What a browser posts from that page: every field of its form, most left blank.
    soup = html.soup(page)
    data: dict[str, str] = {}
    for field in soup.select("#ratings-form select, #ratings-form textarea"):
        data[field["name"]] = ""
    ours = [s.slug for s in second.skills.order_by("slug")[:3]]
    data |= {f"{slug}-score": "2" for slug in ours}
    assert not any(name.startswith(tuple(r.skill.slug for r in kept)) for name in data)
    response = owner_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == url
    for rating in kept:
        rating.refresh_from_db()
        assert (rating.score, rating.evidence) == (4, "Did it.")
    assert Rating.objects.filter(assessment=big).count() == 8
    saved = Rating.objects.filter(assessment=big, skill__slug__in=ours)
    assert sorted(r.score for r in saved) == [2, 2, 2]


def test_a_refused_save_all_on_a_category_page_draws_that_page_again(
    owner_client: Client, big: Assessment
) -> None:
    category = categories(big)[2]
    slug = category.skills.order_by("slug").first().slug  # type: ignore[union-attr]
    url = f"{big.get_absolute_url()}?category={category.slug}"
    response = owner_client.post(url, {f"{slug}-score": "9"})
    assert response.status_code == 422
    assert response.content.decode().count(ROW) == 50
    assert not Rating.objects.filter(assessment=big).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_another_persons_category_is_a_404(
    other_client: Client, big: Assessment, htmx: bool
) -> None:
    category = categories(big)[0]
    headers = HTMX if htmx else {}
    url = f"{big.get_absolute_url()}?category={category.slug}"
    response = other_client.get(url, **headers)
    assert response.status_code == 404
    assert ROW not in response.content.decode()
    if htmx:  # said in the page's alerts, not a 404 page drawn inside the category
        assert response["HX-Retarget"] == "#alerts"
        assert "not open in your current session" in response.content.decode()
    assert other_client.post(url, {}).status_code == 404
    assert not Rating.objects.filter(assessment=big).exists()


def test_an_unknown_category_is_a_404(owner_client: Client, big: Assessment) -> None:
    assert owner_client.get(f"{big.get_absolute_url()}?category=nope").status_code == 404
    assert owner_client.get(f"{big.get_absolute_url()}?category=nope", **HTMX).status_code == 404


@pytest.mark.parametrize("n_skills", [120, 300])
def test_a_category_and_the_first_view_take_the_same_queries_at_any_size(
    owner: User,
    owner_client: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    n_skills: int,
) -> None:
    career = career_with_skills(n_skills, n_categories=6)
    assessment = AssessmentFactory(owner=owner, career=career, level=Level.objects.get(slug="mid"))
    category = categories(assessment)[0]
    for skill in category.skills.all()[:5]:
        RatingFactory(assessment=assessment, skill=skill)
    url = assessment.get_absolute_url()
    owner_client.get(url)  # the career's taxonomy is cached
    # session, user, assessment, the taxonomy version, ratings
    with django_assert_num_queries(5):
        assert owner_client.get(url).status_code == 200
    with django_assert_num_queries(5):
        assert owner_client.get(f"{url}?category={category.slug}", **HTMX).status_code == 200
    with django_assert_num_queries(5):
        assert owner_client.get(f"{url}?category={category.slug}").status_code == 200
