"""Finishing, the report page, exports, comparison, re-assessment and immutability."""

from __future__ import annotations

import csv
import io
import json
import re
import zlib

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from accounts.services import delete_account
from assessments.models import Assessment, Rating
from careers.models import Requirement, Skill, SkillCategory
from reports import display, exports, services
from reports.models import DrawnPdf, Report
from tests import html, sheets
from tests.conftest import BASE, HTMX, finished, logged_in, rate_all, shared
from tests.factories import (
    RatingFactory,
    ResourceFactory,
    assessment_for,
    with_ids,
)
from tests.tasks import drain, pdf_response

pytestmark = pytest.mark.django_db


def export(client: Client, report: Report, ext: str) -> str:
    return reverse(f"reports:{ext}", args=[report.uuid])


# --- finishing --------------------------------------------------------------------------------


def test_the_finish_page_says_how_many_skills_are_unrated(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=4)
    RatingFactory(assessment=assessment, skill=Skill.objects.first())
    body = owner_client.get(reverse("reports:finish", args=[assessment.uuid])).content.decode()
    assert "3 of 4 skills are not rated yet." in body and "counts as 0" in body


def test_finishing_saves_a_report_and_locks_the_assessment(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=3)
    url = reverse("reports:finish", args=[assessment.uuid])
    response = owner_client.post(url)
    report = Report.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert (report.owner, report.assessment, report.career_name) == (
        owner,
        assessment,
        assessment.career.name,
    )
    assert report.readiness == 0.0 and report.placement == "Below Entry"
    # A second click does not make a second report.
    assert owner_client.post(url)["Location"] == report.get_absolute_url()
    assert Report.objects.count() == 1
    skill = Skill.objects.first()
    refused = owner_client.post(
        reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug]),
        {"score": "5"},
        **HTMX,
    )
    assert refused.status_code == 409 and "Re-assess" in refused.content.decode()
    assert not Rating.objects.exists()


def test_an_anonymous_visitor_is_asked_to_sign_up_to_keep_the_report(client: Client) -> None:
    assessment = assessment_for(None, n_skills=2)
    session = client.session
    session["anonymous_assessments"] = [str(assessment.uuid)]
    session.save()
    url = reverse("reports:finish", args=[assessment.uuid])
    body = client.get(url).content.decode()
    assert "Sign up to keep it" in body and f"signup/?next={url}" in body
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Report.objects.exists()


def test_a_report_cannot_be_changed_once_saved(owner: User) -> None:
    report = finished(owner)
    report.placement = "Senior"
    with pytest.raises(ValueError, match="immutable"):
        report.save()


# --- the report page ------------------------------------------------------------------------


def test_report_page_shows_headline_levels_radar_gaps_and_path(
    owner_client: Client, owner: User
) -> None:
    report = finished(owner, n_skills=4, score=2)  # mid targets are 3: every skill 1 short
    ResourceFactory(skill=Skill.objects.first(), title="Read the manual", from_score=0, to_score=3)
    body = owner_client.get(report.get_absolute_url()).content.decode()
    assert 'id="target-readiness">66%' in body  # 1 − 4·w/… : every gap is 1 of 3 → 2/3
    assert 'id="placement-sentence">You place at Entry.' in body
    assert 'role="img" aria-labelledby="radar-title radar-desc"' in body
    assert "<polygon" in body and 'id="category-table"' in body
    for level in ("Entry", "Mid (target)", "Senior"):
        assert level in body
    assert 'id="plan-sentence">Plan to Mid: ' in body and "2 → 3" in body
    assert "The whole path to Mid, plan included: <strong>" in body


def test_report_page_shows_the_skills_by_weighted_gap(owner_client: Client, owner: User) -> None:
    report = finished(owner, n_skills=5)
    gaps = [s["weighted_gap"] for s in report.document["skills"]]
    assert gaps == sorted(gaps, reverse=True)
    body = owner_client.get(report.get_absolute_url()).content.decode()
    positions = [body.index(f'id="skill-{s["slug"]}"') for s in report.document["skills"]]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("hours", "weeks"), [("1", None), ("7", None), ("80", None)])
def test_hours_per_week_recomputes_the_weeks(
    owner_client: Client, owner: User, hours: str, weeks: None
) -> None:
    report = finished(owner, n_skills=3)
    total = report.document["total_hours"]
    response = owner_client.get(report.get_absolute_url(), {"hours": hours}, **HTMX)
    expected = -(-total // int(hours))
    assert response.status_code == 200
    assert f'about <strong id="weeks-count">{expected} week' in response.content.decode()
    assert "<html" not in response.content.decode()  # the fragment only


@pytest.mark.parametrize("hours", ["0", "81", "ten", "-3", "2.5", ""])
def test_hours_per_week_outside_one_to_eighty_gets_a_message(
    owner_client: Client, owner: User, hours: str
) -> None:
    report = finished(owner, n_skills=2)
    response = owner_client.get(report.get_absolute_url(), {"hours": hours}, **HTMX)
    assert response.status_code == 400
    assert "Hours per week must be a whole number from 1 to 80." in response.content.decode()
    page = owner_client.get(report.get_absolute_url(), {"hours": hours})
    assert page.status_code == 400 and "must be a whole number" in page.content.decode()


# --- exports -----------------------------------------------------------------------------------


def test_json_export_holds_the_documented_fields(owner_client: Client, owner: User) -> None:
    report = finished(owner)
    response = owner_client.get(export(owner_client, report, "json"))
    assert response["Content-Disposition"].startswith('attachment; filename="skillgap-')
    doc = json.loads(response.content)
    for key in (
        "career", "level", "threshold", "readiness", "placement", "reasons", "categories",
        "skills", "strengths", "path", "total_hours", "scoring_version",
    ):  # fmt: skip
        assert key in doc, key
    assert set(doc["skills"][0]) >= {
        "slug", "name", "category", "score", "target", "weight", "must_have", "gap",
        "weighted_gap", "onet_id", "esco_uri", "sfia_code",
    }  # fmt: skip
    assert doc["report"] == str(report.uuid)


def test_a_report_keeps_each_schemes_first_code_and_every_external_id(owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    first, second = Skill.objects.order_by("slug")
    esco = "http://data.europa.eu/esco/skill/"
    with_ids(first, onet=["2.B.3.e", "2.A.1.b"], esco=esco + "p")
    rate_all(assessment)
    document = services.finish_assessment(assessment=assessment).document
    by_slug = {s["slug"]: s for s in document["skills"]}
    assert {k: by_slug[first.slug][k] for k in ("onet_id", "esco_uri", "sfia_code")} == {
        "onet_id": "2.A.1.b", "esco_uri": esco + "p", "sfia_code": "",
    }  # fmt: skip
    assert by_slug[first.slug]["external_ids"] == {
        "onet": ["2.A.1.b", "2.B.3.e"], "esco": [esco + "p"], "sfia": [],
    }  # fmt: skip
    assert by_slug[second.slug]["onet_id"] == ""
    assert document["inputs"]["skills"][first.slug]["external_ids"]["onet"] == [
        "2.A.1.b",
        "2.B.3.e",
    ]


def test_csv_export_has_a_row_per_skill_and_per_step(owner_client: Client, owner: User) -> None:
    report = finished(owner, n_skills=3)
    response = owner_client.get(export(owner_client, report, "csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    skills = [r for r in rows if r["row"] == "skill"]
    steps = [r for r in rows if r["row"] == "step"]
    assert len(skills) == 3 and len(steps) == len(report.document["path"])
    assert {r["skill"] for r in skills} == {s["slug"] for s in report.document["skills"]}
    assert response["Content-Type"].startswith("text/csv")


def test_evidence_notes_are_on_the_page_in_the_pdf_and_in_the_csv(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    first, second = Skill.objects.filter(requirements__career=assessment.career).distinct()
    RatingFactory(assessment=assessment, skill=first, score=1, evidence="Ran the on-call rota")
    RatingFactory(assessment=assessment, skill=second, score=5, evidence="=cmd|' /C calc'!A0")
    report = services.finish_assessment(assessment=assessment)
    page = owner_client.get(report.get_absolute_url())
    assert html.text(page, f"#skill-{first.slug} .evidence") == "Evidence: Ran the on-call rota"
    assert "Ran the on-call rota" in html.text(exports.pdf_html(report), f"#skill-{first.slug}")
    rows = list(
        csv.DictReader(
            io.StringIO(owner_client.get(export(owner_client, report, "csv")).content.decode())
        )
    )
    notes = {r["skill"]: r["evidence"] for r in rows if r["row"] == "skill"}
    assert notes == {first.slug: "Ran the on-call rota", second.slug: "'=cmd|' /C calc'!A0"}


def test_csv_export_defuses_spreadsheet_formulas(owner_client: Client, owner: User) -> None:
    """A curator's skill, category and resource names and the owner's own note, each
    starting like a formula, are text in every cell of the report's CSV."""
    assessment = assessment_for(owner, n_skills=1)
    skill = Skill.objects.get()
    Skill.objects.update(name="=HYPERLINK(1)")
    SkillCategory.objects.filter(pk=skill.category_id).update(name="＝HYPERLINK(2)")  # Excel, ja
    ResourceFactory(skill=skill, title="@SUM(3)", from_score=0, to_score=5)
    RatingFactory(assessment=assessment, skill=skill, score=1, evidence=" -4+cmd|' /C calc'!A0")
    report = services.finish_assessment(assessment=assessment)
    body = owner_client.get(export(owner_client, report, "csv")).content.decode()
    assert sheets.live_formulas(body) == []
    cells = {c for row in sheets.rows(body) for c in row}
    assert {"'=HYPERLINK(1)", "'＝HYPERLINK(2)", "' -4+cmd|' /C calc'!A0"} <= cells
    assert any(c.startswith("'@SUM(3) <https://") for c in cells)


def test_pdf_export_is_a_pdf(owner_client: Client, owner: User) -> None:
    report = finished(owner, n_skills=3)
    response = pdf_response(owner_client, report)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_pdf_is_drawn_once_and_kept(
    owner_client: Client, owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = finished(owner, n_skills=3)
    drawn = []
    draw = exports.pdf_bytes
    monkeypatch.setattr(exports, "pdf_bytes", lambda r, c: drawn.append(r.pk) or draw(r, c))
    first = pdf_response(owner_client, report).content
    second = pdf_response(owner_client, report).content
    assert first == second and first.startswith(b"%PDF")
    assert drawn == [report.pk]
    assert drain() == 0  # the second download asked for nothing


# --- access ---------------------------------------------------------------------------------


def test_another_user_gets_404_for_every_report_url(owner: User, other_client: Client) -> None:
    report = finished(owner)
    for url in (
        report.get_absolute_url(),
        export(other_client, report, "json"),
        export(other_client, report, "csv"),
        export(other_client, report, "pdf"),
        reverse("reports:compare") + f"?a={report.uuid}&b={report.uuid}",
    ):
        assert other_client.get(url).status_code == 404, url
    assert other_client.post(reverse("reports:reassess", args=[report.uuid])).status_code == 404
    assert report.career_name not in other_client.get(reverse("reports:list")).content.decode()
    assert Assessment.objects.count() == 1


def test_anonymous_visitors_get_404_for_a_report(client: Client, owner: User) -> None:
    report = finished(owner)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(export(client, report, "json")).status_code == 404


# --- immutability, re-assessment, comparison ----------------------------------------------------


def page_without_token(client: Client, report: Report) -> str:
    """The report page, less its per-request CSRF token."""
    body = client.get(report.get_absolute_url()).content.decode()
    return re.sub(r'"x-csrftoken": "[^"]+"', "", re.sub(r'value="[A-Za-z0-9]{64}"', "", body))


def test_a_taxonomy_edit_in_admin_never_changes_a_saved_report(
    owner: User, owner_client: Client, curator_client: Client
) -> None:
    assessment = assessment_for(owner, n_skills=2, level="mid")
    rate_all(assessment, 3)
    old = services.finish_assessment(assessment=assessment)
    before = page_without_token(owner_client, old)
    requirement = Requirement.objects.get(
        career=assessment.career, level__slug="mid", skill__name=old.document["skills"][0]["name"]
    )
    response = curator_client.post(
        reverse("admin:careers_requirement_change", args=[requirement.pk]),
        {
            "career": requirement.career_id,
            "skill": requirement.skill_id,
            "level": requirement.level_id,
            "target": 4,
            "weight": requirement.weight,
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert page_without_token(owner_client, old) == before
    assert old.document["readiness"]["mid"] == 1.0
    again = services.reassess(report=old, owner=owner)
    new = services.finish_assessment(assessment=again)
    assert new.document["readiness"]["mid"] < 1.0


def test_reassess_starts_a_draft_with_the_previous_ratings(
    owner_client: Client, owner: User
) -> None:
    report = finished(owner, n_skills=3, score=4)
    response = owner_client.post(reverse("reports:reassess", args=[report.uuid]))
    draft = Assessment.objects.exclude(pk=report.assessment_id).get()
    assert response["Location"] == draft.get_absolute_url()
    assert draft.is_draft and draft.owner == owner
    assert list(draft.ratings.values_list("score", flat=True)) == [4, 4, 4]


def test_compare_two_reports_of_one_career(owner_client: Client, owner: User) -> None:
    first = finished(owner, n_skills=3, score=1)
    draft = services.reassess(report=first, owner=owner)
    raised = first.document["skills"][0]
    draft.ratings.filter(skill__slug=raised["slug"]).update(score=4)
    second = services.finish_assessment(assessment=draft)
    url = reverse("reports:compare") + f"?a={second.uuid}&b={first.uuid}"
    page = owner_client.get(url)
    # Only what changed is listed; the rest is folded away.
    assert html.rows(page, "#skills") == [[raised["name"], "1", "4", "+3"]]
    assert html.text(page, "#unchanged summary") == "2 skills unchanged"
    # Both reports are of today: their times tell them apart.
    assert f"{first.created:%H:%M}" in html.text(page, "#compared")
    # The change in points is the difference of the two percents shown, not a third rounding.
    for level, before, after, change in html.rows(page, "#levels"):
        assert int(change.split()[0]) == int(after.rstrip("%")) - int(before.rstrip("%")), level


def test_compare_refuses_two_careers_with_a_message(owner_client: Client, owner: User) -> None:
    a, b = finished(owner), finished(owner)
    response = owner_client.get(reverse("reports:compare"), {"a": a.uuid, "b": b.uuid})
    assert response.status_code == 400
    assert "different careers" in response.content.decode()


def test_my_reports_lists_mine_newest_first(owner_client: Client, owner: User) -> None:
    a, b = finished(owner), finished(owner)
    body = owner_client.get(reverse("reports:list")).content.decode()
    assert body.index(b.career_name) < body.index(a.career_name)


def test_my_reports_offer_to_compare_only_once_there_are_two(
    owner_client: Client, owner: User
) -> None:
    finished(owner)
    page = owner_client.get(reverse("reports:list"))
    assert not html.soup(page).select("#compare-form button, #reports input[name=pick]")
    assert "Compare" not in html.text(page, "main")
    finished(owner)
    page = owner_client.get(reverse("reports:list"))
    assert html.text(page, "#compare-form button") == "Compare the two ticked"
    assert len(html.soup(page).select("#reports input[name=pick]")) == 2


def test_my_reports_say_with_whom_each_is_shared_who_reviewed_it_and_what_is_new(
    owner_client: Client, owner: User, mentor: User
) -> None:
    finished(owner)  # an older report, shared with nobody
    busy = finished(owner)
    shared(busy, mentor)
    services.create_link(report=busy, days=3, show_name=False)
    services.mark_reviewed(report=busy, mentor=mentor, summary="Good")
    services.add_comment(report=busy, author=mentor, body="See Python", skill="", base_url=BASE)
    page = owner_client.get(reverse("reports:list"))
    assert html.texts(page, "#reports .activity") == [
        "Shared with charlie, a link · reviewed by charlie · 1 new comment",
        "Not shared",
    ]
    owner_client.get(busy.get_absolute_url())  # reading clears the count
    assert "new comment" not in html.text(owner_client.get(reverse("reports:list")))


@pytest.mark.parametrize("n_reports", [1, 20])
def test_my_reports_queries_do_not_grow_with_reports(
    owner: User, mentor: User, django_assert_num_queries: DjangoAssertNumQueries, n_reports: int
) -> None:
    for _ in range(n_reports):
        report = finished(owner, n_skills=1)
        shared(report, mentor)
        services.mark_reviewed(report=report, mentor=mentor, summary="Ok")
    client = logged_in(owner)
    # session, user, how many reports (for the pages), a page of them (with unread counts),
    # their active shares, their reviews
    with django_assert_num_queries(6):
        assert client.get(reverse("reports:list")).status_code == 200


# --- query budgets ----------------------------------------------------------------------------


@pytest.mark.parametrize("n_skills", [10, 200])
@pytest.mark.parametrize("name", ["detail", "json", "csv", "pdf"])
def test_report_queries_do_not_grow_with_skills(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    n_skills: int,
    name: str,
) -> None:
    report = finished(owner, n_skills=n_skills)
    # session, user, report; the page adds its read-mark upsert, comments, whether it is
    # shared with a mentor yet (no comment boxes before), second opinions, reviews, path
    # progress, and whether its owner wants reminders
    # (the JSON download's first encoding reads the document on its own: it is kept after;
    # the PDF shows the owner's progress, mentors' opinions and reviews: it reads them to
    # name the state, then the drawn file; measured once the worker has drawn it)
    if name == "pdf":
        pdf_response(owner_client, report)
    expected = {"detail": 10, "json": 4, "pdf": 7}.get(name, 3)
    with django_assert_num_queries(expected):
        response = owner_client.get(reverse(f"reports:{name}", args=[report.uuid]))
    assert response.status_code == 200


@pytest.mark.parametrize("n_skills", [10, 200])
def test_the_json_download_is_encoded_once(
    owner_client: Client,
    owner: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    n_skills: int,
) -> None:
    report = finished(owner, n_skills=n_skills)
    url = reverse("reports:json", args=[report.uuid])
    first = owner_client.get(url)
    with django_assert_num_queries(3):  # session, user, report
        again = owner_client.get(url)
    assert again.content == first.content
    assert json.loads(again.content)["report"] == str(report.uuid)
    assert again["Content-Disposition"] == first["Content-Disposition"]


def test_deleting_an_account_removes_its_reports_drawn_files(
    owner_client: Client,
    owner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    report = finished(owner)
    pdf_response(owner_client, report)
    owner_client.get(reverse("reports:json", args=[report.uuid]))
    assert DrawnPdf.objects.filter(report=report).exists()
    assert cache.get(exports.json_key(report)) is not None

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=owner)
    assert not DrawnPdf.objects.exists()
    assert cache.get(exports.json_key(report)) is None


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects, its compressed streams inflated (tags live in object streams)."""
    inflated = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            inflated.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"".join(inflated)


def test_the_pdf_is_tagged_for_screen_readers(owner: User) -> None:
    report = finished(owner, n_skills=2)
    objects = pdf_objects(exports.pdf_bytes(report, display.printable(report, owner)))
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects
    assert b"/Lang (en)" in objects


def test_recomputing_hours_without_javascript_returns_to_the_path(
    owner_client: Client, owner: User
) -> None:
    report = finished(owner, n_skills=2)
    form = html.soup(owner_client.get(report.get_absolute_url())).select_one("#weeks form")
    assert form["method"] == "get" and form["action"] == f"{report.get_absolute_url()}#path"
    again = owner_client.get(report.get_absolute_url(), {"hours": "5"})
    assert "at 5 hours a week" in html.text(again, "#path")


def test_a_report_saved_before_plans_shows_one_from_its_inputs_and_is_not_rewritten(
    owner: User, owner_client: Client
) -> None:
    report = finished(owner, n_skills=3, score=1)
    plan = report.document["plan"]
    old = {key: value for key, value in report.document.items() if key != "plan"}
    old["scoring_version"] = 1  # as scoring version 1 saved it: no plan
    Report.objects.filter(pk=report.pk).update(document=old, scoring_version=1)
    report.refresh_from_db()
    page = owner_client.get(report.get_absolute_url())
    assert html.text(page, "#plan-sentence").startswith(
        f"Plan to Mid: {len(plan['steps'])} steps, {plan['hours']} hours"
    )
    assert owner_client.get(reverse("reports:json", args=[report.uuid])).json()["plan"] == plan
    progress = owner_client.get(reverse("reports:progress", args=[report.uuid])).json()
    assert progress["plan_hours_left"] == plan["hours"]
    report.refresh_from_db()
    assert "plan" not in report.document and report.document["scoring_version"] == 1


def test_a_pdf_is_named_by_the_state_it_prints_for_each_reader(
    owner: User, mentor: User, owner_client: Client
) -> None:
    """The download names its PDF from printed_context, the worker draws from printable:
    both must read the same state, for the owner and for a mentor with a second opinion."""
    report = finished(owner, n_skills=3)
    shared(report, mentor)
    skill = report.document["skills"][0]["slug"]
    services.give_opinion(report=report, mentor=mentor, skill=skill, score=4, note="",
                          base_url=BASE)  # fmt: skip
    services.mark_reviewed(report=report, mentor=mentor, summary="Fair.")
    for reader in (owner, mentor):
        full = display.printed_state(display.printable(report, reader))
        assert display.printed_state(display.printed_context(report, reader)) == full
