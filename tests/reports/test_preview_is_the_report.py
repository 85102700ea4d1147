"""The rating page's readiness preview is what the report made from the same ratings says.

Both now reach scoring through one path (`assessments.inputs.Refs`: requirement -> Need ->
`scoring.Requirement`); this checks it end to end on the seed taxonomy, per level: the
percent shown, whether the level is reached, and how many must-haves block it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse

from assessments.models import Assessment, Rating
from assessments.scoring import percent
from careers.models import Career, Level, Requirement
from reports import services
from tests import html
from tests.conftest import logged_in

Shown = dict[str, tuple[int, bool, int]]  # level slug -> (percent, reached, must-haves below)
Profile = Callable[[random.Random, Requirement], int | None]  # a score, or None: not rated


def anything(rng: random.Random, need: Requirement) -> int | None:
    return rng.randint(0, 5)


def half_rated(rng: random.Random, need: Requirement) -> int | None:
    return rng.randint(0, 5) if rng.random() < 0.5 else None


def near_target(rng: random.Random, need: Requirement) -> int | None:
    return max(0, min(5, need.target + rng.choice((-1, 0, 0, 1))))


def must_haves_missed(rng: random.Random, need: Requirement) -> int | None:
    return 0 if need.must_have else 5


PROFILES: list[tuple[str, Profile]] = [
    ("nothing rated", lambda rng, need: None),
    ("any score", anything),
    ("half rated", half_rated),
    ("near the top level's targets", near_target),
    ("must-haves missed", must_haves_missed),
    ("any score again", anything),
]


def rate(assessment: Assessment, profile: Profile, rng: random.Random) -> None:
    """One score a skill, drawn against its requirement at the career's top level."""
    top: dict[int, Requirement] = {}
    rows = Requirement.objects.filter(career=assessment.career, skill__archived=False)
    for need in rows.select_related("level").order_by("skill_id", "level__rank"):
        top[need.skill_id] = need
    scores = {skill_id: profile(rng, need) for skill_id, need in top.items()}
    Rating.objects.bulk_create(
        Rating(assessment=assessment, skill_id=skill_id, score=score)
        for skill_id, score in scores.items()
        if score is not None
    )


def preview_shown(page: HttpResponse) -> Shown:
    shown = {}
    for item in html.soup(page).select("#preview .level-readiness"):
        value = item.select_one(".readiness-value")
        bar = item.select_one(".progress-bar")
        assert value is not None and bar is not None
        blocked = item.select_one(".text-danger")
        shown[str(item["data-level"])] = (
            int(html.words(value).rstrip("%")),
            "bg-success" in (bar.get("class") or []),
            int(html.words(blocked).split()[0]) if blocked else 0,
        )
    return shown


def report_says(document: dict[str, Any]) -> Shown:
    return {
        lv["slug"]: (percent(Fraction(str(lv["readiness"]))), lv["reached"], len(lv["blocked"]))
        for lv in document["levels"]
    }


@pytest.mark.parametrize("n", range(len(PROFILES)), ids=[name for name, _ in PROFILES])
def test_the_rating_pages_preview_is_the_report_of_the_same_ratings(
    seed: None, owner: User, n: int
) -> None:
    rng = random.Random(n)
    careers = list(Career.objects.order_by("slug"))
    career = careers[n % len(careers)]
    levels = list(Level.objects.assessable_for(career))
    level = rng.choice(levels)
    assessment = Assessment.objects.create(owner=owner, career=career, level=level)
    rate(assessment, PROFILES[n][1], rng)

    page = logged_in(owner).get(assessment.get_absolute_url())
    assert page.status_code == 200
    shown = preview_shown(page)
    report = services.finish_assessment(assessment=assessment)

    assert shown == report_says(report.document)
    assert set(shown) == {lv.slug for lv in levels}  # every level, not an empty preview
