"""Retiring a skill (issue 11, capability 9): archived skills leave new assessments, the
career page and the matrix's default view; drafts show them as retired and do not count
them; saved reports stay as they were; an import can archive and restore."""

from __future__ import annotations

import csv
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Rating
from careers.models import Career, Level, Skill
from careers.transfer.importer import import_taxonomy
from reports import services
from tests import html
from tests.careers.importing import bundle
from tests.conftest import HTMX, rate_all
from tests.factories import (
    AssessmentFactory,
    RatingFactory,
    RequirementFactory,
    SkillFactory,
    career_with_skills,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def career() -> Career:
    """Three skills (weights 1, 2, 3) at entry, mid and senior, targets 2, 3, 4."""
    return career_with_skills(3, n_categories=1)


def skills(career: Career) -> list[Skill]:
    return list(Skill.objects.filter(requirements__career=career).distinct().order_by("name"))


def archive(skill: Skill) -> Skill:
    Skill.objects.filter(pk=skill.pk).update(archived=True)
    skill.refresh_from_db()
    return skill


# --- what people see --------------------------------------------------------------------------


def test_the_career_page_and_the_career_list_leave_an_archived_skill_out(
    client: Client, career: Career
) -> None:
    retired = archive(skills(career)[0])
    page = client.get(career.get_absolute_url())
    assert retired.name not in html.text(page, "#matrix")
    assert len([r for r in html.rows(page, "#matrix") if len(r) > 1]) == 2
    assert "2 skills · 3 levels" in html.text(client.get("/"))


def test_a_level_only_archived_skills_needed_is_not_offered(client: Client) -> None:
    career = career_with_skills(2)
    senior = Level.objects.get(slug="senior")
    career.requirements.exclude(level=senior).delete()
    for skill in skills(career):
        archive(skill)
    RequirementFactory(career=career, level=Level.objects.get(slug="entry"))
    body = client.get(career.get_absolute_url()).content.decode()
    assert 'value="entry"' in body and 'value="senior"' not in body


def test_a_new_assessment_leaves_an_archived_skill_out(client: Client, career: Career) -> None:
    retired = archive(skills(career)[0])
    client.post(reverse("assessments:start", args=[career.slug]), {"level": "mid"})
    page = client.get(Assessment.objects.get().get_absolute_url())
    assert retired.name not in html.text(page, "#ratings-form")
    assert html.text(page, "#progress").startswith("0 of 2 rated")


def test_a_draft_shows_a_rated_archived_skill_as_retired_and_does_not_count_it(
    owner_client: Client, owner: User, career: Career
) -> None:
    first, second, _ = skills(career)
    assessment = AssessmentFactory(owner=owner, career=career, level=Level.objects.get(slug="mid"))
    RatingFactory(assessment=assessment, skill=first, score=5)
    RatingFactory(assessment=assessment, skill=second, score=1)
    archive(first)
    page = owner_client.get(assessment.get_absolute_url())
    assert "retired: not counted" in html.text(page, f"#row-{first.slug}")
    assert html.soup(page).select_one(f"#row-{first.slug} select").has_attr("disabled")
    assert html.text(page, "#progress").startswith("1 of 2 rated")
    category = first.category.slug
    assert html.text(page, f"#count-{category}") == "1 / 2 rated"
    # Mid readiness over the two current skills (weights 2 and 3, targets 3, rated 1 and 0):
    # 1 − (2·2 + 3·3) / (2·3 + 3·3) = 2/15, 13%; the retired skill's 5 would make it 27%.
    assert html.text(page, "[data-level=mid] .readiness-value") == "13%"
    listed = owner_client.get(reverse("assessments:list"))
    assert "1 of 2 rated" in html.text(listed)


def test_a_retired_skill_takes_no_new_rating(
    owner_client: Client, owner: User, career: Career
) -> None:
    first = skills(career)[0]
    assessment = AssessmentFactory(owner=owner, career=career, level=Level.objects.get(slug="mid"))
    RatingFactory(assessment=assessment, skill=first, score=2)
    archive(first)
    url = reverse("assessments:rate_skill", args=[assessment.uuid, first.slug])
    response = owner_client.post(url, {"score": "4"}, **HTMX)
    assert response.status_code == 400
    assert "retired" in response.content.decode()
    # The page form, without JavaScript, leaves it as it was too.
    owner_client.post(assessment.get_absolute_url(), {f"{first.slug}-score": "4"})
    assert Rating.objects.get(skill=first).score == 2


def test_finishing_leaves_the_archived_skill_out_and_a_saved_report_stays_as_it_was(
    owner: User, career: Career
) -> None:
    mid = Level.objects.get(slug="mid")
    before = AssessmentFactory(owner=owner, career=career, level=mid)
    rate_all(before, 2)
    saved = services.finish_assessment(assessment=before)
    document = json.dumps(saved.document, sort_keys=True)
    retired = archive(skills(career)[0])
    saved.refresh_from_db()
    assert json.dumps(saved.document, sort_keys=True) == document
    assert retired.slug in {s["slug"] for s in saved.document["skills"]}
    after = AssessmentFactory(owner=owner, career=career, level=mid)
    rate_all(after, 2)
    report = services.finish_assessment(assessment=after)
    assert retired.slug not in {s["slug"] for s in report.document["skills"]}
    assert retired.slug not in report.document["inputs"]["skills"]


# --- the matrix and the admin -----------------------------------------------------------------


def test_the_matrix_hides_archived_skills_unless_asked(
    curator_client: Client, career: Career
) -> None:
    retired = archive(skills(career)[0])
    url = reverse("admin:careers_career_matrix", args=[career.pk])
    shown = [row[0] for row in html.rows(curator_client.get(url), "#matrix") if len(row) > 1]
    assert retired.name not in shown and len(shown) == 2
    with_archived = curator_client.get(url, {"archived": "1"})
    rows = [row[0] for row in html.rows(with_archived, "#matrix") if len(row) > 1]
    assert f"{retired.name} archived" in rows


def test_the_admin_archives_and_restores_skills_and_logs_it(
    curator_client: Client, career: Career
) -> None:
    first, second, _ = skills(career)
    url = reverse("admin:careers_skill_changelist")
    chosen = {"_selected_action": [first.pk, second.pk]}
    response = curator_client.post(url, {"action": "archive", **chosen}, follow=True)
    assert "Archived 2 skills." in html.text(response)
    assert set(Skill.objects.filter(archived=True)) == {first, second}
    curator_client.post(url, {"action": "restore", "_selected_action": [first.pk]})
    assert list(Skill.objects.filter(archived=True)) == [second]
    assert [e.change_message for e in LogEntry.objects.order_by("pk")] == [
        "Archived.", "Archived.", "Restored.",
    ]  # fmt: skip
    filtered = curator_client.get(url, {"archived__exact": "1"})
    assert filtered.context["cl"].result_count == 1


# --- import -----------------------------------------------------------------------------------


def test_an_import_archives_and_restores(career: Career) -> None:
    first = skills(career)[0]
    plan = import_taxonomy(bundle(skills=[{"slug": first.slug, "archived": True}]), dry_run=False)
    assert plan.applied
    assert plan.warnings == [
        f"{first.slug}: archived, so it leaves new assessments of {career.slug}"
    ]
    assert [str(c) for c in plan.changes] == [f"{first.slug}: archived no → yes"]
    assert Skill.objects.get(pk=first.pk).archived
    csv = f"slug,archived\n{first.slug},no\n"
    plan = import_taxonomy({"skills.csv": csv.encode()}, dry_run=False)
    assert plan.applied and not Skill.objects.get(pk=first.pk).archived


def test_an_archived_skill_is_exported_as_archived_and_round_trips() -> None:
    SkillFactory(slug="cobol", name="COBOL", archived=True)
    from careers.transfer.exporter import export_csv, export_json

    data = json.loads(export_json())
    assert data["skills"][0]["archived"] is True
    header, row = csv.reader(export_csv()["skills.csv"].decode().splitlines())
    assert dict(zip(header, row, strict=True))["archived"] == "yes"
