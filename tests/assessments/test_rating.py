"""Starting an assessment, the rating page, autosave and the no-JavaScript form."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from assessments import inputs
from assessments.models import Assessment, Rating
from assessments.sheet import build_sheet
from careers.models import Level, Skill, SkillAlias
from tests import html
from tests.conftest import HTMX, finished
from tests.factories import (
    AssessmentFactory,
    CareerFactory,
    DescriptorFactory,
    RatingFactory,
    RequirementFactory,
    SkillFactory,
    assessment_for,
    career_with_skills,
    skill_form,
    standard_levels,
)

pytestmark = pytest.mark.django_db


def rate_url(assessment: Assessment, skill: Skill | str) -> str:
    slug = skill if isinstance(skill, str) else skill.slug
    return reverse("assessments:rate_skill", args=[assessment.uuid, slug])


def skills_of(assessment: Assessment) -> list[Skill]:
    return list(
        Skill.objects.filter(requirements__career=assessment.career).distinct().order_by("name")
    )


# --- start -------------------------------------------------------------------------


def test_a_visitor_starts_an_assessment_at_the_chosen_level(client: Client) -> None:
    career = career_with_skills(3)
    response = client.post(reverse("assessments:start", args=[career.slug]), {"level": "senior"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == assessment.get_absolute_url()
    assert assessment.owner is None and assessment.level.slug == "senior"


def test_a_logged_in_user_owns_what_they_start(owner_client: Client, owner: User) -> None:
    career = career_with_skills(3)
    owner_client.post(reverse("assessments:start", args=[career.slug]), {"level": "entry"})
    assert Assessment.objects.get().owner == owner


@pytest.mark.parametrize("level", ["", "principal", "<script>"])
def test_starting_at_a_level_the_career_lacks_is_refused(client: Client, level: str) -> None:
    career = career_with_skills(3)
    Level.objects.create(name="Principal", slug="principal", rank=4)
    response = client.post(reverse("assessments:start", args=[career.slug]), {"level": level})
    assert response.status_code == 400
    assert (
        "Select a valid choice" in response.content.decode()
        or "required" in response.content.decode()
    )
    assert not Assessment.objects.exists()


def test_starting_needs_a_post(client: Client) -> None:
    career = career_with_skills(1)
    assert client.get(reverse("assessments:start", args=[career.slug])).status_code == 405


def test_starting_an_unknown_career_is_a_404(client: Client) -> None:
    assert client.post("/assessments/start/nope/", {"level": "entry"}).status_code == 404


# --- the rating page -------------------------------------------------------------------


def test_rating_page_groups_skills_by_category_with_targets_and_counts(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=4, level="mid")
    skill = skills_of(assessment)[0]
    RatingFactory(assessment=assessment, skill=skill, score=2)
    body = owner_client.get(assessment.get_absolute_url()).content.decode()
    for s in skills_of(assessment):
        assert s.name in body and s.description in body
        assert f'id="section-{s.category.slug}"' in body
    assert "3 (target)" in body  # career_with_skills: mid targets are 3
    assert "1 of 4 rated" in body
    assert [chosen(html.soup(body), s.slug) for s in skills_of(assessment)] == [
        "2",
        None,
        None,
        None,
    ]  # the others show "–" (with JavaScript, "Not rated yet")
    assert chosen(html.soup(body), skill.slug) == "2"


def test_rating_page_words_the_scale_once_and_a_skills_own_wording_only_in_its_row(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    python, other = skills_of(assessment)
    DescriptorFactory(skill=None, score=3, label="Competent", text="Works alone.")
    DescriptorFactory(skill=python, score=3, label="Competent", text="Writes tested packages.")
    body = owner_client.get(assessment.get_absolute_url()).content.decode()
    page = html.soup(body)
    assert page.get_text().count("Works alone.") == 1
    assert "3 Competent Works alone." in html.text(body, ".scale-legend")
    python_row = page.select_one(f"#row-{python.slug}")
    other_row = page.select_one(f"#row-{other.slug}")
    # The skill's own words sit behind its "?" disclosure, and describe that score's radio.
    wording = python_row.select_one("details.row-wording")
    assert wording is not None and not wording.has_attr("open")
    assert "3 Competent: Writes tested packages." in " ".join(wording.get_text(" ").split())
    # Its option says so; with JavaScript, that score's button is described by the wording.
    assert [o.contents[0][0] for o in python_row.select("option[data-own]")] == ["3"]
    assert python_row.select_one(f"#wording-{python.slug}-3") is not None
    assert other_row.select_one("details.row-wording") is None
    assert "Works alone." not in other_row.get_text()


def test_each_scale_marks_the_target_and_names_it_with_the_must_have(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=3, level="senior")  # senior targets are 4
    must_have = Skill.objects.get(requirements__must_have=True, requirements__level__slug="senior")
    page = html.soup(owner_client.get(assessment.get_absolute_url()))
    for skill in skills_of(assessment):
        row = page.select_one(f"#row-{skill.slug}")
        marked = [o for o in row.select("select option") if "target" in o.contents[0]]
        assert [(o["value"], o.contents[0]) for o in marked] == [("4", "4 (target)")]
        scale = row.select_one("select")
        assert scale["aria-labelledby"] == f"name-{skill.slug}"
        # The scale is named by the heading: the skill, its weight, whether it is a must-have.
        weight = skill.requirements.get(level__slug="senior").weight
        named = row.select_one(f"#name-{skill.slug}").get_text()
        assert named == f"{skill.name} weight {weight}" + (
            " must-have" if skill == must_have else ""
        )


def test_the_evidence_note_waits_in_a_closed_disclosure_that_says_when_a_note_is_written(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    noted, bare = skills_of(assessment)
    RatingFactory(assessment=assessment, skill=noted, score=2, evidence="Led the migration")
    page = html.soup(owner_client.get(assessment.get_absolute_url()))
    for skill, written in ((noted, True), (bare, False)):
        note = page.select_one(f"#row-{skill.slug} > details:last-child")
        assert not note.has_attr("open")
        assert note.select_one(f"textarea[name='{skill.slug}-evidence']") is not None
        assert note.summary.get_text() == ("Note ✓" if written else "Note")
        assert note.textarea["aria-label"] == f"Evidence for {skill.name}"
    note = page.select_one(f"textarea[name='{noted.slug}-evidence']")
    assert note.get_text() == "Led the migration"


def test_each_row_carries_the_words_the_filter_matches(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    page = html.soup(owner_client.get(assessment.get_absolute_url()))
    for skill in skills_of(assessment):
        row = page.select_one(f"#row-{skill.slug}")  # rate.js adds the name and slug
        assert (row.h3.contents[0].strip(), row["id"]) == (skill.name, f"row-{skill.slug}")


def test_next_unrated_leads_to_the_first_unrated_skill_without_javascript(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=3)
    first, second, _ = skills_of(assessment)
    RatingFactory(assessment=assessment, skill=first, score=2)
    page = html.soup(owner_client.get(assessment.get_absolute_url()))
    assert page.select_one("#next-unrated")["href"] == f"#row-{second.slug}"


def test_the_summary_bar_gives_the_target_levels_readiness(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)  # mid; the first skill is a must-have
    summary = html.text(owner_client.get(assessment.get_absolute_url()), "#summary")
    assert summary == "Mid: 0% ready 1 must-have below target"


def test_a_finished_assessment_shows_its_ratings_disabled_with_no_save(
    owner_client: Client, owner: User
) -> None:
    report = finished(owner, n_skills=2)
    body = owner_client.get(report.assessment.get_absolute_url()).content.decode()
    page = html.soup(body)
    assert page.select_one("fieldset.sheet").has_attr("disabled")
    assert page.select_one("#rate-actions") is None and "Save all" not in body
    assert page.select_one("#next-unrated") is None  # nothing left to rate
    assert len(page.select("#ratings-form select option[selected]")) == 2
    assert "This assessment is finished" in body


def test_rating_page_covers_skills_up_to_the_target_level_only(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2, level="entry")
    senior_only = SkillFactory(name="Leadership")
    RequirementFactory(
        career=assessment.career, skill=senior_only, level=Level.objects.get(slug="senior")
    )
    body = owner_client.get(assessment.get_absolute_url()).content.decode()
    assert "Leadership" not in body.split('id="preview"')[0]
    assert "0 of 2 rated" in body


# --- autosave ------------------------------------------------------------------------------


def test_autosave_saves_and_answers_with_the_row_and_out_of_band_updates(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=3)
    skill = skills_of(assessment)[0]
    response = owner_client.post(
        rate_url(assessment, skill), {"score": "4", "evidence": "Shipped a service"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    rating = Rating.objects.get()
    assert (rating.skill, rating.score, rating.evidence) == (skill, 4, "Shipped a service")
    assert html.text(body, f"#status-{skill.slug}") == "✓ Saved (4)"
    # The progress bar, "next unrated", the section's count, the preview and the lead (what
    # to rate next) change in place, out of band; the lead moves on from the skill just rated.
    page = html.soup(body)
    oob = {el["id"] for el in page.select("[hx-swap-oob]")}
    assert oob == {
        "progress", "next-unrated", f"count-{skill.category.slug}", "preview", "summary", "lead"
    }  # fmt: skip
    assert f'href="#row-{skill.slug}"' not in str(page.select_one("#lead"))
    assert html.text(body, "#progress").startswith("1 of 3 rated")
    assert html.text(body, "#summary").startswith("Mid: ")
    assert html.text(body, f"#count-{skill.category.slug}") == "1 / 1 rated"
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_autosave_accepts_the_rating_pages_own_field_names(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    data = {f"{skill.slug}-score": "2", f"{skill.slug}-evidence": "Course"}
    assert owner_client.post(rate_url(assessment, skill), data, **HTMX).status_code == 200
    assert Rating.objects.get().score == 2


def test_a_second_save_replaces_the_first(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    owner_client.post(rate_url(assessment, skill), {"score": "1"}, **HTMX)
    owner_client.post(rate_url(assessment, skill), {"score": "5", "evidence": "x"}, **HTMX)
    assert list(Rating.objects.values_list("score", "evidence")) == [(5, "x")]


def test_autosave_without_htmx_redirects_back_with_a_message(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    response = owner_client.post(rate_url(assessment, skill), {"score": "3"}, follow=True)
    assert response.redirect_chain == [(assessment.get_absolute_url(), 302)]
    assert f"Saved {skill.name}: 3." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "6"}, "Score must be a whole number from 0 to 5."),
        ({"score": "-1"}, "Score must be a whole number from 0 to 5."),
        ({"score": "abc"}, "Score must be a whole number from 0 to 5."),
        ({"score": "2.5"}, "Score must be a whole number from 0 to 5."),
        ({"evidence": "no score"}, "Choose a score from 0 to 5 first"),
        (
            {"score": "3", "evidence": "x" * 501},
            "Keep the evidence note to 500 characters (it has 501).",
        ),
    ],
)
def test_bad_input_is_refused_in_the_row_and_saves_nothing(
    owner_client: Client, owner: User, data: dict[str, str], message: str
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    response = owner_client.post(rate_url(assessment, skill), data, **HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert f'id="status-{skill.slug}"' in response.content.decode()
    assert not Rating.objects.exists()


def test_bad_input_without_htmx_shows_the_page_with_the_message(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    response = owner_client.post(rate_url(assessment, skill), {"score": "9"})
    assert response.status_code == 422
    assert f"{skill.name} was not saved: Score must be a whole number" in response.content.decode()
    assert not Rating.objects.exists()


def test_an_unknown_skill_is_a_404(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    response = owner_client.post(rate_url(assessment, "no-such-skill"), {"score": "3"}, **HTMX)
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_a_skill_the_career_does_not_require_is_refused(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    stranger = SkillFactory(name="Knitting")
    response = owner_client.post(rate_url(assessment, stranger), {"score": "3"}, **HTMX)
    assert response.status_code == 400
    assert "not part of this assessment" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_skill_above_the_target_level_is_refused(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=1, level="entry")
    senior_only = SkillFactory()
    RequirementFactory(
        career=assessment.career, skill=senior_only, level=Level.objects.get(slug="senior")
    )
    response = owner_client.post(rate_url(assessment, senior_only), {"score": "3"})
    assert response.status_code == 400
    assert not Rating.objects.exists()


# --- without JavaScript --------------------------------------------------------------------


def test_the_page_form_saves_every_rating_at_once(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=3)
    a, b, c = skills_of(assessment)
    data = {f"{a.slug}-score": "1", f"{b.slug}-score": "4", f"{b.slug}-evidence": "Led it"}
    response = owner_client.post(assessment.get_absolute_url(), data, follow=True)
    assert "Saved 2 ratings." in response.content.decode()
    assert dict(Rating.objects.values_list("skill__slug", "score")) == {a.slug: 1, b.slug: 4}


def test_one_bad_row_in_the_page_form_saves_nothing(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=3)
    a, b, _ = skills_of(assessment)
    RatingFactory(assessment=assessment, skill=a, score=2)
    data = {f"{a.slug}-score": "5", f"{b.slug}-score": "8"}
    response = owner_client.post(assessment.get_absolute_url(), data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved" in body and "Score must be a whole number from 0 to 5." in body
    assert list(Rating.objects.values_list("score", flat=True)) == [2]


def test_a_bare_score_in_the_page_form_is_refused_and_scores_no_row(
    owner_client: Client, owner: User
) -> None:
    # The page form names each skill's fields (`<slug>-score`); a bare `score` names no
    # skill, and once scored every row of the page at once.
    assessment = assessment_for(owner, n_skills=3)
    a, b, _ = skills_of(assessment)
    RatingFactory(assessment=assessment, skill=a, score=2)
    for data in ({"score": "5"}, {"score": "5", f"{b.slug}-score": "1"}, {"evidence": "x"}):
        response = owner_client.post(assessment.get_absolute_url(), data)
        assert response.status_code == 400
        assert "names no skill" in response.content.decode()
        assert dict(Rating.objects.values_list("skill__slug", "score")) == {a.slug: 2}


# --- level, list, delete ----------------------------------------------------------------------


def test_changing_the_target_level_keeps_the_ratings(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2, level="entry")
    RatingFactory(assessment=assessment, skill=skills_of(assessment)[0], score=4)
    response = owner_client.post(
        reverse("assessments:level", args=[assessment.uuid]), {"level": "senior"}, follow=True
    )
    assessment.refresh_from_db()
    assert assessment.level.slug == "senior"
    assert Rating.objects.filter(assessment=assessment).count() == 1
    assert "Target level is now Senior; your ratings are kept." in response.content.decode()


def test_changing_to_an_unknown_level_is_refused(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2, level="entry")
    response = owner_client.post(
        reverse("assessments:level", args=[assessment.uuid]), {"level": "galactic"}
    )
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.level.slug == "entry"


def test_my_assessments_lists_drafts_with_progress(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=4)
    RatingFactory(assessment=assessment, skill=skills_of(assessment)[0])
    assessment_for(None)  # someone else's, anonymous
    body = owner_client.get(reverse("assessments:list")).content.decode()
    assert assessment.career.name in body
    assert "1 of 4 rated" in body and "Draft" in body and "Resume" in body
    # Only mine, not the anonymous one.
    assert html.texts(body, "#assessments .career") == [assessment.career.name]


def test_my_assessments_say_a_change_of_a_moment_ago_happened_just_now(
    owner_client: Client, owner: User
) -> None:
    fresh = assessment_for(owner, n_skills=2)
    older = assessment_for(owner, n_skills=2)
    Assessment.objects.filter(pk=older.pk).update(updated=timezone.now() - timedelta(minutes=5))
    said = html.texts(owner_client.get(reverse("assessments:list")), "#assessments time")
    assert sorted(said) == ["5 minutes ago", "just now"]
    start = reverse("assessments:start", args=[fresh.career.slug])
    resume = owner_client.post(start, {"level": fresh.level.slug})  # a draft waits: resume?
    assert "last change just now" in html.text(resume, "main")


def test_deleting_a_draft_asks_first_then_deletes(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    RatingFactory(assessment=assessment, skill=skills_of(assessment)[0])
    url = reverse("assessments:delete", args=[assessment.uuid])
    confirm = owner_client.get(url)
    assert "Delete this draft?" in confirm.content.decode()
    assert Assessment.objects.exists()
    owner_client.post(url)
    assert not Assessment.objects.exists() and not Rating.objects.exists()


# --- query budgets -------------------------------------------------------------------------------


def taxonomy_reads(queries: list[dict[str, str]]) -> list[str]:
    """Queries of the taxonomy's tables, besides its version: what a cache hit must not make.
    (The assessment's own row arrives with its career and level joined; that is not one.)"""
    taxonomy = re.compile(r'FROM "careers_(?!taxonomyversion")')
    return [q["sql"] for q in queries if taxonomy.search(q["sql"])]


@pytest.mark.parametrize("n_skills", [10, 200])
def test_rating_page_queries_do_not_grow_with_skills(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    n_skills: int,
) -> None:
    assessment = assessment_for(owner, n_skills=n_skills)
    for skill in skills_of(assessment)[:5]:
        RatingFactory(assessment=assessment, skill=skill)
    # session, user, assessment, the taxonomy version, requirements, levels (the preview's
    # and the level form's), descriptors, aliases (the filter's), ratings
    with django_assert_num_queries(9) as miss:
        response = owner_client.get(assessment.get_absolute_url())
    assert response.status_code == 200
    assert len(taxonomy_reads(miss.captured_queries)) == 4  # requirements, levels, wording, aliases
    # The career's requirements, levels, wording and aliases come from the cache while the
    # taxonomy is as it was (issue 13): session, user, assessment, version, ratings.
    with django_assert_num_queries(5) as hit:
        again = owner_client.get(assessment.get_absolute_url())
    assert again.status_code == 200
    assert taxonomy_reads(hit.captured_queries) == []


@pytest.mark.parametrize("n_skills", [10, 200])
def test_autosave_queries_do_not_grow_with_skills(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    n_skills: int,
) -> None:
    assessment = assessment_for(owner, n_skills=n_skills)
    skill = skills_of(assessment)[-1]
    owner_client.get(assessment.get_absolute_url())  # the career's requirements are cached
    # session, user, assessment, the taxonomy version, ratings, then in one transaction
    # (savepoint, lock the assessment, upsert, touch, release)
    with django_assert_num_queries(10):
        response = owner_client.post(rate_url(assessment, skill), {"score": "3"}, **HTMX)
    assert response.status_code == 200


def test_the_level_change_form_marks_the_current_target(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    page = owner_client.get(assessment.get_absolute_url())
    # A select (the start page's radios weigh more: tests/test_page_weight.py).
    chosen = html.soup(page).select(".level-change select[name=level] option[selected]")
    assert [option["value"] for option in chosen] == [assessment.level.slug]
    assert not [t.name for t in page.templates if t.name.startswith("bootstrap5/")]


class CacheReads:
    """The shared cache as `assessments.inputs` sees it, noting the keys it reads."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def get_or_set(self, key: str, default: object, timeout: int) -> object:
        self.keys.append(key)
        return cache.get_or_set(key, default, timeout)


def test_a_worker_reads_a_careers_inputs_once_until_a_curator_changes_them(
    owner_client: Client, owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    assessment = assessment_for(owner, n_skills=10)
    skill = skills_of(assessment)[0]
    reads = CacheReads()
    monkeypatch.setattr(inputs, "cache", reads)
    owner_client.get(assessment.get_absolute_url())
    assert len(reads.keys) == 1
    for score in ("2", "3"):
        response = owner_client.post(rate_url(assessment, skill), {"score": score}, **HTMX)
        assert response.status_code == 200
    assert len(reads.keys) == 1  # not unpickled again for every save
    skill.name = "Renamed by a curator"
    skill.save()  # raises the taxonomy version, on every server
    page = owner_client.get(assessment.get_absolute_url())
    assert "Renamed by a curator" in html.text(page, "main")
    assert len(reads.keys) == 2


@pytest.mark.parametrize("n_assessments", [1, 15])
def test_my_assessments_queries_do_not_grow(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    n_assessments: int,
) -> None:
    for _ in range(n_assessments):
        assessment_for(owner, n_skills=3)
    # session, user, how many (for the pages), a page of them with their progress
    with django_assert_num_queries(4):
        owner_client.get(reverse("assessments:list"))


def test_rating_page_states_a_threshold_other_than_80_exactly(
    owner_client: Client, owner: User, settings: Settings
) -> None:
    settings.SKILLGAP_READY_THRESHOLD = 0.57
    assessment = assessment_for(owner, n_skills=2)
    preview = html.text(owner_client.get(assessment.get_absolute_url()), "#preview")
    assert "A level is reached at 57% readiness with no must-have below its target." in preview


def test_a_save_without_a_note_keeps_the_saved_note(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    RatingFactory(assessment=assessment, skill=skill, score=2, evidence="Led the migration")
    owner_client.post(rate_url(assessment, skill), {"score": "3"}, **HTMX)
    assert Rating.objects.values_list("score", "evidence").get() == (3, "Led the migration")
    owner_client.post(rate_url(assessment, skill), {"score": "3", "evidence": ""}, **HTMX)
    assert Rating.objects.values_list("score", "evidence").get() == (3, "")


def test_a_note_changed_without_its_score_shows_changed_on_reload(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    note = f"textarea[name={skill.slug}-evidence]"
    owner_client.post(rate_url(assessment, skill), {"score": "3", "evidence": "Led it"}, **HTMX)
    page = owner_client.get(assessment.get_absolute_url())
    assert html.soup(page).select_one(note).get_text() == "Led it"
    owner_client.post(
        rate_url(assessment, skill), {"score": "3", "evidence": "Led it twice"}, **HTMX
    )
    page = owner_client.get(assessment.get_absolute_url())
    assert html.soup(page).select_one(note).get_text() == "Led it twice"


def test_starting_a_career_again_offers_the_draft_instead_of_a_second_one(
    owner_client: Client, owner: User
) -> None:
    draft = assessment_for(owner, n_skills=3, level="mid")
    RatingFactory(assessment=draft, skill=skills_of(draft)[0])
    url = reverse("assessments:start", args=[draft.career.slug])
    page = owner_client.post(url, {"level": "senior"})
    assert page.status_code == 200 and Assessment.objects.count() == 1
    assert html.texts(page, "#drafts li")[0].startswith("Target level Mid · 1 of 3 rated")
    assert html.soup(page).select_one("#drafts a")["href"] == draft.get_absolute_url()
    started = owner_client.post(url, {"level": "senior", "again": "1"})
    assert started.status_code == 302 and Assessment.objects.count() == 2


def test_a_finished_assessment_does_not_stand_in_the_way_of_a_new_one(
    owner_client: Client, owner: User
) -> None:
    done = assessment_for(owner, n_skills=2)
    Assessment.objects.filter(pk=done.pk).update(finished=timezone.now())
    response = owner_client.post(
        reverse("assessments:start", args=[done.career.slug]), {"level": "mid"}
    )
    assert response.status_code == 302 and Assessment.objects.count() == 2


def test_the_filter_knows_a_skill_by_its_aliases(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    SkillAlias.objects.create(skill=skill, name="Structured query language")
    page = html.soup(owner_client.get(assessment.get_absolute_url()))
    aliases = owner_client.get(page.select_one("#ratings-form")["data-aliases"]).json()
    assert aliases[skill.slug] == ["Structured query language"]


def test_finish_without_javascript_saves_the_ratings_on_the_page_first(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    first, second = skills_of(assessment)
    page = owner_client.get(assessment.get_absolute_url())
    finish = html.soup(page).select_one("#finish")
    assert (finish.name, finish["type"], finish.find_parent("form")["id"]) == (
        "button", "submit", "ratings-form",
    )  # fmt: skip
    data = {f"{first.slug}-score": "3", f"{second.slug}-score": "1", "finish": "1"}
    response = owner_client.post(assessment.get_absolute_url(), data)
    assert response["Location"] == reverse("reports:finish", args=[assessment.uuid])
    assert dict(Rating.objects.values_list("skill__slug", "score")) == {
        first.slug: 3, second.slug: 1,
    }  # fmt: skip


# --- what a change shows on the next view ---------------------------------------------------


def chosen(page: Any, slug: str) -> str | None:
    """The score a row shows as chosen, as the page arrives (before JavaScript)."""
    option = page.select_one(f"select[name='{slug}-score'] option[selected]")
    return None if option is None else option.contents[0].split()[0]


def test_an_autosaved_rating_and_note_show_on_the_next_view(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=6)
    skills = skills_of(assessment)
    owner_client.get(assessment.get_absolute_url())
    data = {"score": "4", "evidence": "Ran the on-call rota"}
    owner_client.post(rate_url(assessment, skills[2]), data, **HTMX)
    page = html.soup(owner_client.get(assessment.get_absolute_url()))
    assert chosen(page, skills[2].slug) == "4"
    assert page.select_one(f"textarea[name='{skills[2].slug}-evidence']").get_text() == (
        "Ran the on-call rota"
    )
    assert [chosen(page, s.slug) for s in skills if s != skills[2]] == [None] * 5


def test_a_curators_edit_shows_on_a_rating_page_drawn_before_it(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=3)
    skill = skills_of(assessment)[0]
    owner_client.get(assessment.get_absolute_url())  # its rows are cached now

    skill.name, skill.description = "Renamed skill", "Described anew."
    skill.save()
    DescriptorFactory(skill=skill, score=4, label="Leads", text="Leads the team's work on it.")
    page = owner_client.get(assessment.get_absolute_url()).content.decode()
    assert "Renamed skill" in page and "Described anew." in page
    assert "Leads the team&#x27;s work on it." in page


def test_a_new_target_and_an_archived_skill_reach_a_rating_page_drawn_before_them(
    owner_client: Client, owner: User, curator_client: Client
) -> None:
    assessment = assessment_for(owner, n_skills=3)
    first, second = skills_of(assessment)[:2]
    owner_client.get(assessment.get_absolute_url())  # the career's requirements are cached

    requirement = first.requirements.get(level=assessment.level)
    requirement.target = 5
    requirement.save()
    changelist = reverse("admin:careers_skill_changelist")
    curator_client.post(changelist, {"action": "archive", "_selected_action": [second.pk]})

    page = html.soup(owner_client.get(assessment.get_absolute_url()))
    target = page.select_one(f"#row-{first.slug} select")
    assert target.select_one("option[value='5']").contents[0] == "5 (target)"
    assert page.select_one(f"#row-{second.slug}") is None


def test_an_alias_added_in_admin_reaches_a_rating_page_drawn_before_it(
    owner_client: Client, owner: User, curator_client: Client
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    owner_client.get(assessment.get_absolute_url())  # wording is cached
    aliases = reverse("careers:aliases", args=[assessment.career.slug])
    assert owner_client.get(aliases).json() == {}  # and the career's aliases too

    data = skill_form(skill, **{"aliases-TOTAL_FORMS": 1, "aliases-0-name": "Pandas wrangling"})
    changed = curator_client.post(reverse("admin:careers_skill_change", args=[skill.pk]), data)
    assert changed.status_code == 302

    assert owner_client.get(aliases).json()[skill.slug] == ["Pandas wrangling"]


def test_each_skill_shows_its_target_and_weight_at_the_target_level(
    owner: User, owner_client: Client
) -> None:
    # The report's words ("target", "weight", "must-have") are the rating page's too.
    entry, mid, _ = standard_levels()
    career = CareerFactory()
    skill = SkillFactory(name="Statistics")
    RequirementFactory(career=career, skill=skill, level=entry, target=2, weight=2)
    RequirementFactory(career=career, skill=skill, level=mid, target=3, weight=4, must_have=True)
    assessment = AssessmentFactory(owner=owner, career=career, level=mid)
    page = owner_client.get(assessment.get_absolute_url())
    row = html.text(page, f"#row-{skill.slug} h3")
    assert "weight 4" in row and "must-have" in row
    assert "3 (target)" in html.text(page, f"#row-{skill.slug} select")


def test_a_rating_recorded_on_a_sheet_is_scored_again_where_it_was_read(owner: User) -> None:
    # The autosave's answer reads the placement and the suggestions after the save: the
    # draft they are scored from is worked out once, and dropped when a rating is recorded.
    assessment = assessment_for(owner, n_skills=3)
    sheet = build_sheet(assessment, with_choices=False)
    suggested = [s.skill for s in sheet.suggestions]
    assert suggested and not sheet.bounds.settled
    for slug in suggested:
        _, row = sheet.find(slug) or (None, None)
        assert row is not None
        sheet.record(row, Rating(skill_id=row.skill.pk, score=5))
    assert sheet.draft.own == dict.fromkeys(suggested, 5)
    assert not set(suggested) & {s.skill for s in sheet.suggestions}
