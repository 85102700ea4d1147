"""Rating a category at once (estimates) and the draft's JSON (DESIGN.md, "Quick assessment")."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Rating
from careers.models import Skill
from tests import html
from tests.conftest import HTMX
from tests.factories import RatingFactory, assessment_for

pytestmark = pytest.mark.django_db


def estimate_url(assessment: Assessment, category: str) -> str:
    return reverse("assessments:estimate_category", args=[assessment.uuid, category])


def category_of(assessment: Assessment) -> tuple[str, list[Skill]]:
    """The first category of the assessment's career, and its skills (by name)."""
    skills = Skill.objects.filter(requirements__career=assessment.career).distinct()
    first = sorted({s.category.slug for s in skills})[0]
    return first, sorted((s for s in skills if s.category.slug == first), key=lambda s: s.pk)


def scores(assessment: Assessment) -> dict[str, tuple[int, bool]]:
    rows = Rating.objects.filter(assessment=assessment).select_related("skill")
    return {r.skill.slug: (r.score, r.estimated) for r in rows}


def test_a_category_score_estimates_every_skill_not_rated_and_keeps_own_ratings(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=6)
    category, skills = category_of(assessment)
    own = skills[0]
    RatingFactory(assessment=assessment, skill=own, score=5, evidence="kept")
    response = owner_client.post(estimate_url(assessment, category), {"score": "2"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#section-{category}")
    assert scores(assessment) == {own.slug: (5, False)} | {s.slug: (2, True) for s in skills[1:]}
    owner_client.post(estimate_url(assessment, category), {"score": "4"})  # estimates again
    assert scores(assessment) == {own.slug: (5, False)} | {s.slug: (4, True) for s in skills[1:]}
    assert Rating.objects.get(assessment=assessment, skill=own).evidence == "kept"


def test_rating_a_skill_replaces_its_estimate(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=6)
    category, skills = category_of(assessment)
    owner_client.post(estimate_url(assessment, category), {"score": "3"})
    rate = reverse("assessments:rate_skill", args=[assessment.uuid, skills[0].slug])
    assert owner_client.post(rate, {"score": "1"}, **HTMX).status_code == 200
    assert scores(assessment)[skills[0].slug] == (1, False)
    assert scores(assessment)[skills[1].slug] == (3, True)


@pytest.mark.parametrize(
    "data", [{}, {"score": ""}, {"score": "6"}, {"score": "-1"}, {"score": "x"}]
)
def test_bad_scores_are_refused_and_save_nothing(
    owner_client: Client, owner: User, data: dict[str, str]
) -> None:
    assessment = assessment_for(owner, n_skills=6)
    category, _ = category_of(assessment)
    page = owner_client.post(estimate_url(assessment, category), data)
    assert page.status_code == 422 and "was not estimated" in page.content.decode()
    fragment = owner_client.post(estimate_url(assessment, category), data, **HTMX)
    assert fragment.status_code == 422 and fragment["HX-Retarget"] == "#alerts"
    assert not Rating.objects.exists()


def test_an_unknown_category_or_another_persons_assessment_is_a_404(
    owner_client: Client, other_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=6)
    category, _ = category_of(assessment)
    assert owner_client.post(estimate_url(assessment, "no-such"), {"score": 2}).status_code == 404
    assert other_client.post(estimate_url(assessment, category), {"score": 2}).status_code == 404
    json_url = reverse("assessments:json", args=[assessment.uuid])
    assert other_client.get(json_url).status_code == 404
    assert Client().get(json_url).status_code == 404
    assert not Rating.objects.exists()


def test_without_javascript_save_all_takes_categories_and_ratings_in_one_write(
    owner_client: Client, owner: User
) -> None:
    """The page's one form holds a select a category (`cat-<slug>`) beside the rows."""
    assessment = assessment_for(owner, n_skills=6)
    category, skills = category_of(assessment)
    url = assessment.get_absolute_url()
    page = owner_client.get(url).content.decode()
    assert page.count('name="cat-') == 3 and f'name="cat-{category}"' in page
    data = {f"cat-{category}": "3", f"{skills[0].slug}-score": "5"}
    response = owner_client.post(url, data)
    assert response.status_code == 302
    assert scores(assessment) == {skills[0].slug: (5, False)} | {
        s.slug: (3, True) for s in skills[1:]
    }
    page = owner_client.get(url).content.decode()
    assert "categories at once" not in page and "1 category at once" in page
    assert "– estimate 3" in page and f"{len(skills) - 1} estimated" in page


def test_without_javascript_a_bad_category_score_saves_nothing(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=6)
    category, skills = category_of(assessment)
    data = {f"cat-{category}": "9", f"{skills[0].slug}-score": "5"}
    response = owner_client.post(assessment.get_absolute_url(), data)
    assert response.status_code == 422
    assert "at once: Score must be a whole number from 0 to 5." in response.content.decode()
    assert not Rating.objects.exists()


def test_htmx_gets_the_estimated_rows_statuses_and_the_totals(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=6)
    category, skills = category_of(assessment)
    response = owner_client.post(estimate_url(assessment, category), {"score": "2"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    for skill in skills:
        assert f'id="status-{skill.slug}" class="row-status" hx-swap-oob="true"' in body
    assert "Estimate 2" in body and f"{len(skills)} estimated" in body
    assert 'id="lead"' in body and 'id="preview"' in body


def test_a_finished_assessment_takes_no_estimate(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=6)
    owner_client.post(reverse("reports:finish", args=[assessment.uuid]))
    category, _ = category_of(assessment)
    assert owner_client.post(estimate_url(assessment, category), {"score": 2}).status_code == 409
    assert not Rating.objects.exists()


def test_the_drafts_json_counts_estimates_and_names_what_to_rate_next(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=6, level="senior")
    category, skills = category_of(assessment)
    RatingFactory(assessment=assessment, skill=skills[0], score=5)
    owner_client.post(estimate_url(assessment, category), {"score": "5"})
    data = owner_client.get(reverse("assessments:json", args=[assessment.uuid])).json()
    assert set(data) == {
        "career",
        "level",
        "total",
        "rated",
        "estimated",
        "next",
        "placement",
        "readiness",
    }
    assert (data["total"], data["rated"], data["estimated"]) == (6, 1, len(skills) - 1)
    assert data["career"] == assessment.career.slug and data["level"] == "senior"
    assert 1 <= len(data["next"]) <= 5 and skills[0].slug not in data["next"]
    assert data["placement"] == {"low": None, "high": "senior", "settled": False}
    assert set(data["readiness"]) == {"entry", "mid", "senior"}
    assert 0 < data["readiness"]["entry"] < 1


def test_the_report_its_exports_and_json_mark_estimates_which_count_in_scoring(
    owner_client: Client, owner: User
) -> None:
    from reports import exports
    from reports.models import Report

    assessment = assessment_for(owner, n_skills=6)
    category, skills = category_of(assessment)
    RatingFactory(assessment=assessment, skill=skills[0], score=1)
    owner_client.post(estimate_url(assessment, category), {"score": "5"})
    owner_client.post(reverse("reports:finish", args=[assessment.uuid]))
    report = Report.objects.get()
    doc = owner_client.get(f"/reports/{report.uuid}.json").json()
    marks = {s["slug"]: (s["score"], s["estimated"]) for s in doc["skills"]}
    assert marks[skills[0].slug] == (1, False)
    assert all(marks[s.slug] == (5, True) for s in skills[1:])
    assert sorted(doc["inputs"]["estimated"]) == sorted(s.slug for s in skills[1:])
    assert doc["readiness"]["entry"] > 0  # the estimates counted
    csv = owner_client.get(f"/reports/{report.uuid}.csv").content.decode()
    header, *rows = csv.splitlines()
    assert header.endswith(",evidence,estimated")
    flagged = {r.split(",")[1]: r.rsplit(",", 1)[1] for r in rows if r.startswith("skill,")}
    assert flagged[skills[0].slug] == "no" and flagged[skills[1].slug] == "yes"
    page = owner_client.get(report.get_absolute_url()).content.decode()
    pdf = exports.pdf_html(report)
    for html_text in (page, pdf):
        assert (
            html_text.count('<span class="badge text-bg-info">estimate</span>') == len(skills) - 1
        )


def test_the_page_says_where_the_placement_may_still_land_in_words(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=6, level="senior")
    page = owner_client.get(assessment.get_absolute_url())
    lead = html.text(page, "#lead-title")
    assert lead == (
        "Your ratings so far place you below Entry; "
        "the ratings still to come could place you anywhere up to Senior."
    )


def progress_and_next(page: html.Page) -> tuple[str, str, bool]:
    """The progress line (its two ends joined by "|"), the "next" link's words and whether
    it is offered."""
    link = html.soup(page).select_one("#next-unrated")
    assert link is not None
    line = " | ".join(html.texts(page, "#progress > div > span"))
    return line, html.words(link), not link.has_attr("hidden")


def test_the_progress_line_tells_estimates_from_ratings_and_says_all_rated_only_when_all_are(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=6)
    page = owner_client.get(assessment.get_absolute_url())
    assert progress_and_next(page) == ("0 of 6 rated | 6 not rated yet", "Next unrated", True)

    skills = list(Skill.objects.filter(requirements__career=assessment.career).distinct())
    first, *others = sorted({s.category.slug for s in skills})
    fragment = owner_client.post(estimate_url(assessment, first), {"score": "3"}, **HTMX)
    assert progress_and_next(fragment) == (
        "0 of 6 rated · 2 estimated | 4 not rated or estimated yet",
        "Next unrated",
        True,
    )
    for category in others:
        owner_client.post(estimate_url(assessment, category), {"score": "3"})
    page = owner_client.get(assessment.get_absolute_url())
    assert progress_and_next(page) == (
        "0 of 6 rated · 6 estimated | 6 estimates to confirm",
        "Next to confirm",
        True,
    )

    Rating.objects.filter(skill__in=skills[:-1]).update(score=4, estimated=False)
    Rating.objects.filter(skill=skills[-1]).delete()
    page = owner_client.get(assessment.get_absolute_url())
    assert progress_and_next(page) == ("5 of 6 rated | 1 not rated yet", "Next unrated", True)

    # The last rating's autosave says so out of band: all rated, nothing left to go to.
    rate = reverse("assessments:rate_skill", args=[assessment.uuid, skills[-1].slug])
    fragment = owner_client.post(rate, {"score": "2"}, **HTMX)
    assert progress_and_next(fragment) == ("6 of 6 rated | All rated", "Next unrated", False)
    assert progress_and_next(owner_client.get(assessment.get_absolute_url()))[2] is False


def category_boxes(page: html.Page) -> dict[str, str]:
    """Each category's estimate box as the page draws it: the chosen option's words (its
    first text: the page leaves <option> unclosed, which html.parser nests)."""
    boxes = html.soup(page).select(".cat-panel select")
    chosen = {box["name"]: box.select_one("option[selected]") or box.option for box in boxes}
    return {
        str(name).removeprefix("cat-"): str(opt.find(string=True)).strip()
        for name, opt in chosen.items()
        if opt is not None
    }


def test_after_a_reload_each_category_box_shows_the_estimate_given(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=9)  # three skills a category
    category, skills = category_of(assessment)
    RatingFactory(assessment=assessment, skill=skills[0], score=5)  # own: not an estimate
    owner_client.post(estimate_url(assessment, category), {"score": "3"})
    boxes = category_boxes(owner_client.get(assessment.get_absolute_url()))
    assert boxes.pop(category) == "3"
    assert set(boxes.values()) == {"–"}  # the others were never estimated

    # "Save all" sends the box as drawn: that asks for nothing, and a skill with no estimate
    # (one that came in since, with a level changed) is left alone.
    Rating.objects.filter(skill=skills[2]).delete()
    owner_client.post(assessment.get_absolute_url(), {f"cat-{category}": "3"})
    assert skills[2].slug not in scores(assessment)

    # Estimates that differ (one estimated again by "Save all" of an older page) say so.
    RatingFactory(assessment=assessment, skill=skills[2], score=3, estimated=True)
    Rating.objects.filter(skill=skills[1]).update(score=1)
    assert category_boxes(owner_client.get(assessment.get_absolute_url()))[category] == "mixed"
