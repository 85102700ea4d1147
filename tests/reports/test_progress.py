"""Following the learning path: mark steps, see hours done and weeks left, carry it on."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from assessments.models import Rating
from reports import services
from reports.models import Report, StepProgress
from reports.progress import carried, path_progress, plan_progress, proposed_ratings
from tests import html
from tests.conftest import HTMX, finished, logged_in, shared

pytestmark = pytest.mark.django_db

PATH = [
    {"stage": "entry", "stage_name": "Entry", "skill": "python", "name": "Python", "from": 1, "to": 2, "hours": 10},
    {"stage": "entry", "stage_name": "Entry", "skill": "sql", "name": "SQL", "from": 0, "to": 2, "hours": 30},
    {"stage": "mid", "stage_name": "Mid", "skill": "python", "name": "Python", "from": 2, "to": 4, "hours": 20},
]  # fmt: skip


def test_hours_done_and_weeks_left_count_only_steps_done() -> None:
    progress = path_progress(PATH, {("entry", "python"): "done", ("entry", "sql"): "doing"})
    entry, mid = progress.stages
    assert (entry.hours_done, entry.hours_total, mid.hours_done) == (10, 40, 0)
    assert (progress.hours_done, progress.hours_total) == (10, 60)
    assert progress.weeks_left(10) == 5  # 50 hours left at 10 a week
    assert progress.weeks_left(7) == 8  # ceil(50 / 7)
    assert [s.status for s in progress.steps] == ["done", "doing", "todo"]
    assert [s.number for s in progress.steps] == [1, 2, 1]


def test_a_new_path_keeps_the_marks_of_the_steps_it_still_has() -> None:
    old = {("entry", "python"): "done", ("entry", "sql"): "doing", ("mid", "gone"): "done"}
    assert carried(old, PATH) == {("entry", "python"): "done", ("entry", "sql"): "doing"}


def test_a_step_done_proposes_its_target_as_the_new_rating() -> None:
    statuses = {("entry", "python"): "done", ("mid", "python"): "done", ("entry", "sql"): "doing"}
    assert proposed_ratings(PATH, statuses, {"python": 1, "sql": 0}) == {"python": 4}


def test_beyond_the_plan_starts_where_the_plan_stops() -> None:
    """The plan climbs Python 1 → 3: beyond it are Python's last point (its mid step's
    rest, 3 → 4) and SQL; the plan and beyond add up to the path."""
    plan = {"level": "mid", "steps": [{"skill": "python", "from": 1, "to": 3, "hours": 20}]}
    progress = plan_progress(plan, PATH, {}, {"python": "Python"})
    beyond = progress.beyond
    assert [(s.stage, s.skill, s.step["from"], s.step["to"], s.hours) for s in beyond.steps] == [
        ("entry", "sql", 0, 2, 30),
        ("mid", "python", 3, 4, 10),
    ]
    assert [s.number for s in beyond.steps] == [1, 1]
    assert progress.hours_total + beyond.hours_total == progress.path.hours_total
    done = plan_progress(plan, PATH, {("plan", "python"): "done"}, {"python": "Python"})
    assert done.beyond.steps[1].hours_left == 10 and not done.beyond.steps[1].done
    marked = plan_progress(plan, PATH, {("mid", "python"): "done"}, {"python": "Python"})
    assert marked.beyond.hours_done == 10 and marked.hours_left == 0


def first_step(report: Report) -> dict:
    """The plan's first step, named as the URL names it (stage "plan")."""
    return {**report.document["plan"]["steps"][0], "stage": "plan"}


def step_url(report: Report, step: dict) -> str:
    return reverse("reports:path_step", args=[report.uuid, step["stage"], step["skill"]])


def test_the_owner_marks_a_step_done_and_sees_the_hours_left_change(
    owner: User, owner_client: Client
) -> None:
    report = finished(owner, n_skills=2, score=1)
    step = first_step(report)
    total, planned = report.document["total_hours"], report.document["plan"]["hours"]
    response = owner_client.post(step_url(report, step), {"status": "done", "hours": "5"}, **HTMX)
    assert response.status_code == 200
    assert StepProgress.objects.get().status == "done"
    row = html.soup(response).select_one(f"#step-plan-{step['skill']}")
    assert row.select_one("input[value=done]").has_attr("checked")
    assert "is-done" in row["class"] and "Done:" in html.text(
        response, f"#step-plan-{step['skill']}"
    )
    # The plan's and the whole path's figures change in place, at the hours a week chosen.
    assert html.text(response, "#plan-hours-left") == f"{planned - step['hours']} hours"
    assert "1 done" in html.text(response, "#plan-sentence")
    left = -(-(total - step["hours"]) // 5)
    assert f"{step['hours']} done: about {left} week" in html.text(response, "#weeks-text")
    # A done step is never a next step.
    name = report.document["inputs"]["skills"][step["skill"]]["name"]
    assert all(name not in line for line in html.texts(response, "#next-steps li"))
    page = owner_client.get(report.get_absolute_url())
    assert "Done:" in html.text(page, f"#step-plan-{step['skill']}")
    page = owner_client.get(f"{report.get_absolute_url()}?step=plan.{step['skill']}")  # opened
    assert html.soup(page).select_one(f"#status-plan-{step['skill']}-done").has_attr("checked")


def test_marking_a_step_without_javascript_returns_to_it(owner: User, owner_client: Client) -> None:
    report = finished(owner, n_skills=2, score=1)
    step = first_step(report)
    response = owner_client.post(step_url(report, step), {"status": "doing"})
    assert (
        response["Location"] == f"{report.get_absolute_url()}#step-{step['stage']}-{step['skill']}"
    )
    assert StepProgress.objects.get().status == "doing"


def test_a_step_status_that_is_not_one_is_refused(owner: User, owner_client: Client) -> None:
    report = finished(owner, n_skills=2, score=1)
    response = owner_client.post(step_url(report, first_step(report)), {"status": "finished"})
    assert response.status_code == 400
    assert "A step is to do, doing or done." in html.text(response, "#plan")
    assert not StepProgress.objects.exists()


def test_a_step_that_is_not_on_the_path_is_a_404(owner: User, owner_client: Client) -> None:
    report = finished(owner, n_skills=2, score=1)
    url = reverse("reports:path_step", args=[report.uuid, "senior", "knitting"])
    assert owner_client.post(url, {"status": "done"}).status_code == 404


def test_only_the_owner_marks_steps(owner: User, mentor: User) -> None:
    report = finished(owner, n_skills=2, score=1)
    shared(report, mentor)
    response = logged_in(mentor).post(step_url(report, first_step(report)), {"status": "done"})
    assert response.status_code == 404 and not StepProgress.objects.exists()
    # The mentor sees the owner's progress, but no way to change it.
    services.set_step_status(
        report=report,
        stage=first_step(report)["stage"],
        skill=first_step(report)["skill"],
        status="done",
    )
    page = logged_in(mentor).get(report.get_absolute_url())
    assert not html.soup(page).select(".path-step form.step-status")
    assert "Done" in html.texts(page, "#plan .badge")


def test_progress_json_lists_every_step_with_hours(owner: User, owner_client: Client) -> None:
    report = finished(owner, n_skills=2, score=1)
    step = report.document["path"][0]
    services.set_step_status(report=report, stage=step["stage"], skill=step["skill"], status="done")
    data = owner_client.get(reverse("reports:progress", args=[report.uuid])).json()
    assert data["hours_total"] == report.document["total_hours"]
    assert data["hours_done"] == step["hours"]
    assert data["steps"][0] == {
        "stage": step["stage"], "skill": step["skill"], "status": "done", "hours": step["hours"],
        "hours_left": 0,
    }  # fmt: skip
    assert {s["status"] for s in data["steps"][1:]} == {"todo"}


def test_progress_json_says_what_comes_next_and_the_plans_hours_left(
    owner: User, owner_client: Client
) -> None:
    report = finished(owner, n_skills=3, score=1)
    plan = report.document["plan"]
    url = reverse("reports:progress", args=[report.uuid])
    before = owner_client.get(url).json()
    assert before["plan_hours_left"] == plan["hours"]
    firsts = [{"skill": s["skill"], "from": s["from"], "to": s["to"]} for s in plan["steps"]]
    assert before["next"] == firsts[:3]
    done = plan["steps"][0]
    services.set_step_status(report=report, stage="plan", skill=done["skill"], status="done")
    after = owner_client.get(url).json()
    assert after["plan_hours_left"] == plan["hours"] - done["hours"]
    assert done["skill"] not in {s["skill"] for s in after["next"]}
    assert after["next"][: len(firsts) - 1] == firsts[1:3]


def test_a_re_assessment_carries_the_progress_to_its_report(
    owner: User, owner_client: Client
) -> None:
    report = finished(owner, n_skills=2, score=1)
    entry, *rest = report.document["path"]
    services.set_step_status(
        report=report, stage=entry["stage"], skill=entry["skill"], status="doing"
    )
    draft = services.reassess(report=report, owner=owner)
    again = services.finish_assessment(assessment=draft)
    assert again.progress.get().status == "doing"
    assert (again.progress.get().stage, again.progress.get().skill) == (
        entry["stage"],
        entry["skill"],
    )


def test_re_assessing_proposes_the_done_steps_targets_and_changes_only_what_is_ticked(
    owner: User, owner_client: Client
) -> None:
    report = finished(owner, n_skills=2, score=1)
    a, b = {s["skill"] for s in report.document["path"]}
    for step in report.document["path"]:
        services.set_step_status(
            report=report, stage=step["stage"], skill=step["skill"], status="done"
        )
    url = reverse("reports:reassess", args=[report.uuid])
    page = owner_client.get(url)
    choices = {c["value"]: c for c in html.soup(page).select("#proposals input")}
    best = max(s["to"] for s in report.document["path"] if s["skill"] == a)
    assert f"{a}:{best}" in choices and len(choices) == 2
    response = owner_client.post(url, {"adopt": [f"{a}:{best}"]})
    draft_ratings = dict(
        Rating.objects.filter(assessment__finished__isnull=True).values_list("skill__slug", "score")
    )
    assert response.status_code == 302
    assert draft_ratings == {a: best, b: 1}  # b was not ticked: unchanged


def test_a_proposal_that_was_not_offered_is_refused(owner: User, owner_client: Client) -> None:
    report = finished(owner, n_skills=2, score=1)
    url = reverse("reports:reassess", args=[report.uuid])
    response = owner_client.post(url, {"adopt": ["skill-0000:5"]})
    assert response.status_code == 400
    assert "not one of the proposals" in html.text(response)
    assert not Rating.objects.filter(assessment__finished__isnull=True).exists()


@pytest.mark.parametrize("n_skills", [3, 60])
def test_marking_a_step_costs_the_same_queries_however_long_the_path(
    owner: User,
    owner_client: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    n_skills: int,
) -> None:
    report = finished(owner, n_skills=n_skills, score=1)
    step = first_step(report)
    # session, user, report; the upsert; the path's marks for the answer
    with django_assert_num_queries(5):
        owner_client.post(step_url(report, step), {"status": "done"}, **HTMX)


def test_progress_json_says_done_wherever_the_page_ticks_a_step(
    owner: User, owner_client: Client
) -> None:
    """A plan step marked done ticks the path's steps of its skill up to there: the JSON
    lists the plan's steps too, and every step's status and hours as the page shows them."""
    report = finished(owner, n_skills=2, score=1)
    step = first_step(report)
    services.set_step_status(report=report, stage="plan", skill=step["skill"], status="done")
    data = owner_client.get(reverse("reports:progress", args=[report.uuid])).json()
    assert data["plan_steps"][0] == {
        "stage": "plan", "skill": step["skill"], "status": "done", "hours": step["hours"],
        "hours_left": 0,
    }  # fmt: skip
    climbed = [s for s in data["steps"] if s["skill"] == step["skill"] and s["hours_left"] == 0]
    assert climbed and {s["status"] for s in climbed} == {"done"}
    assert data["hours_done"] == sum(s["hours"] - s["hours_left"] for s in data["steps"])
    page = owner_client.get(f"{report.get_absolute_url()}?open=all")
    ticked = {li["id"] for li in html.soup(page).select(".path-step.is-done")}
    listed = {f"step-{s['stage']}-{s['skill']}": s for s in [*data["plan_steps"], *data["steps"]]}
    assert ticked and all(listed[i]["status"] == "done" for i in ticked)
    shown = {li["id"] for li in html.soup(page).select(".path-step")}
    assert {i for i in shown if listed[i]["status"] == "done"} == ticked
