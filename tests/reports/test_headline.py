"""The top of a report answers "how far am I from the level I chose", read by hand.

Each case is a small career worked out on paper: entry and mid, weights and targets
chosen so the sums are easy to check.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from careers.models import Skill
from reports import services
from reports.headline import headline
from reports.models import Report
from tests import html
from tests.factories import (
    AssessmentFactory,
    CareerFactory,
    RatingFactory,
    RequirementFactory,
    SkillFactory,
    standard_levels,
)

pytestmark = pytest.mark.django_db


Targets = dict[str, tuple[int, int, int, bool]]


def report_of(owner: User, targets: Targets, scores: dict[str, int]) -> Report:
    """A career with entry and mid: skill -> (entry target, mid target, weight, must-have)."""
    entry, mid, _ = standard_levels()
    career = CareerFactory()
    for name, (at_entry, at_mid, weight, must) in targets.items():
        skill = SkillFactory(name=name, slug=name.lower())
        for level, target in ((entry, at_entry), (mid, at_mid)):
            RequirementFactory(
                career=career,
                skill=skill,
                level=level,
                target=target,
                weight=weight,
                must_have=must,
            )
    assessment = AssessmentFactory(owner=owner, career=career, level=mid)
    for slug, score in scores.items():
        RatingFactory(assessment=assessment, skill=Skill.objects.get(slug=slug), score=score)
    return services.finish_assessment(assessment=assessment)


def test_placed_below_the_target_says_what_blocks_the_target_and_where_they_stand(
    owner: User, owner_client: Client
) -> None:
    # Mid: Σ w·t = 3·4 + 1·4 = 16; gaps 3·1 + 1·2 = 5 → 11/16 = 68.75% → 68%, 12 points short.
    # Entry: Σ w·t = 3·2 + 1·2 = 8; no gap → 100%, reached.
    report = report_of(
        owner, {"Python": (2, 4, 3, False), "SQL": (2, 4, 1, False)}, {"python": 3, "sql": 2}
    )
    h = headline(report.document)
    assert (h.target.percent, h.target.short_by, h.target.blockers) == (68, 12, ())
    assert (h.placement, [lv.reached for lv in h.levels]) == ("Entry", [True, False])
    assert h.obstacles == ("Readiness is 12 percentage points short of the 80% Mid needs.",)
    page = owner_client.get(report.get_absolute_url())
    assert html.text(page, "#target-readiness") == "68%"
    assert html.texts(page, "#blockers li") == [
        "Readiness is 12 percentage points short of the 80% Mid needs."
    ]
    assert html.text(page, "#placement-sentence") == "You place at Entry."
    assert html.texts(page, "#level-reasons li") == [
        "✓ Entry: reached: readiness 100%, no must-have below its target.",
        "✗ Mid (target): readiness 68%, 12 percentage points short of 80%.",
    ]
    assert html.texts(page, "#next-steps li") == [
        "Raise Python from 3 to 4 (about 10 h)",
        "Raise SQL from 2 to 4 (about 20 h)",
    ]


def test_exactly_at_the_threshold_is_reached(owner: User, owner_client: Client) -> None:
    # Mid: one skill, target 5 at weight 2, rated 4: 1 − 2·1 / 2·5 = 80%, the threshold.
    report = report_of(owner, {"Python": (4, 5, 2, False)}, {"python": 4})
    h = headline(report.document)
    assert (h.target.percent, h.target.short_by, h.target.reached) == (80, 0, True)
    assert h.placement == "Mid"
    page = owner_client.get(report.get_absolute_url())
    assert html.texts(page, "#blockers li") == [
        "Nothing at Mid itself: its readiness is enough and every must-have meets its target."
    ]
    assert html.text(page, "#placement-sentence") == "You place at Mid."


def test_blocked_only_by_a_must_have(owner: User, owner_client: Client) -> None:
    # Mid: Python 5 of 5 (w 4), Statistics 2 of 3 (w 1, must-have): 1 − 1/23 = 95%, blocked.
    report = report_of(
        owner,
        {"Python": (3, 5, 4, False), "Statistics": (2, 3, 1, True)},
        {"python": 5, "statistics": 2},
    )
    h = headline(report.document)
    assert (h.target.percent, h.target.short_by) == (95, 0)
    assert [(b.name, b.score, b.target) for b in h.target.blockers] == [("Statistics", 2, 3)]
    assert h.obstacles == ("Must-have Statistics: you are at 2, Mid needs 3.",)
    assert h.placement == "Entry"
    page = owner_client.get(report.get_absolute_url())
    assert html.texts(page, "#blockers li") == ["Must-have Statistics: you are at 2, Mid needs 3."]
    assert html.texts(page, "#level-reasons li")[1] == (
        "✗ Mid (target): readiness 95% is enough; must-have below target: Statistics (2 of 3)."
    )


def test_the_target_reached_but_a_lower_level_not_says_the_lower_one_comes_first(
    owner: User,
) -> None:
    # Python carries mid (5 of 5 at weight 5: 25/27 = 92%), but the must-have Git (1 of 2)
    # blocks entry and mid alike: no level is reached.
    report = report_of(
        owner,
        {"Python": (1, 5, 5, False), "Git": (2, 2, 1, True)},
        {"python": 5, "git": 1},
    )
    h = headline(report.document)
    assert h.placement == "Below Entry" and not h.placed
    assert [lv.reached for lv in h.levels] == [False, False]
    assert h.first_gap is not None and h.first_gap.slug == "entry"


def test_the_report_says_what_its_words_mean_in_one_place(
    owner: User, owner_client: Client
) -> None:
    report = report_of(owner, {"Python": (2, 4, 3, False)}, {"python": 3})
    page = owner_client.get(report.get_absolute_url())
    terms = html.texts(page, "#glossary dt")
    assert terms == ["Readiness", "Target", "Weight", "Must-have", "Points", "Plan"]
    assert "80% readiness" in html.text(page, "#glossary")
    assert (
        "1 percentage point short"
        in headline(
            {
                **report.document,
                "levels": [{**lv, "readiness": 0.79} for lv in report.document["levels"]],
            }
        ).short_sentence
    )
