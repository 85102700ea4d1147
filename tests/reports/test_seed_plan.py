"""jordan's demo report (fixtures/demo.json on the seed): its plan to Mid worked by hand,
and the page that opens with it, for jordan and for morgan, the mentor.

Its own module: the seed is loaded once per module and stays for the module's tests.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from reports.models import Report
from tests import html
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def jordans(seed: None, settings: Settings) -> Report:
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", verbosity=0)
    return Report.objects.get(owner__username="jordan")


def test_jordans_plan_to_mid_as_worked_by_hand(jordans: Report) -> None:
    """Mid: Σ w·t = 560 and Σ w·gap = 136 (readiness 75.71%); 80% allows a gap of 112.

    (Of the gap, 5 is the guide's skills added in issue 24: R 0 of 2 (w1), AutoML 0 of 1
    (w1), full-stack 1 of 2 (w2).)
    1. Must-haves below their Mid target, one point each: Model deployment 2→3 (w5),
       ML fundamentals 3→4 (w5), Model evaluation 3→4 (w4), System design 2→3 (w5),
       Deep learning 2→3 (w4): 23 off, the gap is 113, still 1 too many.
    2. The most weight per hour among the rest: Experiment tracking, w3 at 12 h a point
       (1/4; CI/CD, Data quality and more follow at 1/5): the gap is 110, Mid is reached.
    3. Nothing spare: without that point the gap is 113 again.
    Hours: 25 + 30 + 20 + 35 + 35 + 12 = 157, 16 weeks at 10 h a week. Entry is reached and
    nothing blocks it, so no step is for Entry alone.
    """
    plan = jordans.document["plan"]
    assert plan["level"] == "mid"
    assert [
        (s["skill"], s["from"], s["to"], s["hours"], s["must_have"]) for s in plan["steps"]
    ] == [
        ("model-deployment", 2, 3, 25, True),
        ("ml-fundamentals", 3, 4, 30, True),
        ("model-evaluation", 3, 4, 20, True),
        ("system-design", 2, 3, 35, True),
        ("deep-learning", 2, 3, 35, True),
        ("experiment-tracking", 2, 3, 12, False),
    ]
    assert plan["hours"] == 157 and plan["weeks_at"] == {"hours_per_week": 10, "weeks": 16}
    # The whole path: 984 h, and 95 for the new skills (R 2 × 25, AutoML 15, full-stack 30).
    assert plan["hours"] < jordans.document["total_hours"] == 1079
    mid = next(lv for lv in jordans.document["levels"] if lv["slug"] == "mid")
    assert {s["skill"] for s in plan["steps"] if s["must_have"]} == set(mid["blocked"])


def test_jordans_report_opens_with_the_plan_and_its_next_steps_are_its_must_haves(
    jordans: Report,
) -> None:
    client = Client()
    client.force_login(jordans.owner)
    page = client.get(jordans.get_absolute_url())
    assert html.text(page, "#plan-sentence") == (
        "Plan to Mid: 6 steps, 157 hours, about 16 weeks at 10 h a week."
    )
    body = page.content.decode()
    assert (
        body.index('id="plan-sentence"')
        < body.index('id="plan-steps"')
        < body.index("Beyond the plan")
    )
    assert html.texts(page, "#next-steps li") == [
        "Raise Model deployment and serving from 2 to 3 (about 25 h)",
        "Raise Machine learning fundamentals from 3 to 4 (about 30 h)",
        "Raise Model evaluation and validation from 3 to 4 (about 20 h)",
    ]
    assert html.text(page, "#placement-sentence") == "You place at Entry."


def test_morgan_reads_jordans_report_by_jordans_name(jordans: Report) -> None:
    page = logged_in(User.objects.get(username="morgan")).get(jordans.get_absolute_url())
    assert html.text(page, "#placement-sentence") == "Jordan Lee places at Entry."
    assert html.text(page, "#next-box h3") == "Jordan Lee's next 3 steps"


def test_beyond_the_plan_lists_only_what_the_plan_does_not_climb(jordans: Report) -> None:
    """The plan first, then what comes after it, without repeating it: a skill the plan
    climbs all the way is not listed again, and the path's hours are the plan's and the
    rest's."""
    page = logged_in(jordans.owner).get(jordans.get_absolute_url())
    plan = {s["skill"]: s["to"] for s in jordans.document["plan"]["steps"]}
    beyond = html.soup(page).select("#path .path-step")
    assert beyond
    for row in beyond:
        skill = row["id"].split("-", 2)[2]  # step-<stage>-<skill>
        points = next(s.get_text() for s in row.select("span") if "→" in s.get_text())
        start, _, to = points.partition(" → ")
        assert int(to) > plan.get(skill, -1) and int(start) >= plan.get(skill, 0), row["id"]
    assert "step-mid-model-deployment" not in {row["id"] for row in beyond}
    hours = sum(int(h.split()[0]) for h in html.texts(page, "#path .stage-progress"))
    assert hours == 1079 - 157
    assert "The plan alone: 157 hours, about 16 weeks; beyond it: 922 hours." in html.text(
        page, "#weeks-text"
    )


def test_marking_the_plans_step_done_is_what_progress_json_says(jordans: Report) -> None:
    """The walk's case: the plan's "Model deployment and serving" done; the path's step of
    it, which the plan climbs, is done in progress.json too."""
    client = logged_in(jordans.owner)
    url = reverse("reports:path_step", args=[jordans.uuid, "plan", "model-deployment"])
    client.post(url, {"status": "done"})
    data = client.get(reverse("reports:progress", args=[jordans.uuid])).json()
    [step] = [s for s in data["steps"] if s["skill"] == "model-deployment"]
    assert (step["stage"], step["status"], step["hours_left"]) == ("mid", "done", 0)
    assert data["hours_done"] == 25


def test_the_radar_names_each_category_in_full(jordans: Report) -> None:
    page = logged_in(jordans.owner).get(jordans.get_absolute_url())
    labels = [
        " ".join(t.get_text(" ", strip=True).split())
        for t in html.soup(page).select("svg.radar .radar-name")
    ]
    assert labels == [c["name"] for c in jordans.document["categories"]]
