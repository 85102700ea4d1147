"""Issue 21's "Done when", driven over HTTP on the seed career for many random profiles.

Each profile is a person's true scores. Over HTTP, as a person following the page would:
rate every category once with the profile's rounded category mean, then rate the skills
`next` names, first first, until the placement is `settled` or 16 of them are rated; then
finish. The report's placement must be the full profile's (scored by the scoring module
itself) in at least 95% of profiles, with at most 25 rating requests each.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from assessments import scoring
from assessments.inputs import CareerInputs
from careers.models import Career
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

CAREER = "systems-ml-engineer"
PROFILES, AGREEING, MAX_REQUESTS, MAX_SKILLS = 200, Fraction(95, 100), 25, 16


def random_profile(rng: random.Random, categories: dict[str, list[str]]) -> dict[str, int]:
    """A person's overall level, each category's own level around it, each skill around
    its category's (one point's spread each): skills of a category differ, as people's do."""
    overall = rng.uniform(0.5, 4.5)
    profile = {}
    for skills in categories.values():
        level = overall + rng.gauss(0, 1)
        for skill in skills:
            profile[skill] = max(0, min(5, round(level + rng.gauss(0, 1))))
    return profile


def rounded_mean(scores: list[int]) -> int:
    return math.floor(Fraction(sum(scores), len(scores)) + Fraction(1, 2))  # half up


class Person:
    """One profile rated over HTTP; counts the rating requests it sends."""

    def __init__(self, client: Client, level: str) -> None:
        self.client = client
        started = client.post(f"/assessments/start/{CAREER}/", {"level": level, "again": "1"})
        self.url = started["Location"]
        self.requests = 0

    def post(self, path: str, score: int) -> None:
        response = self.client.post(f"{self.url}{path}", {"score": score})
        assert response.status_code == 302, response.content[:300]
        self.requests += 1

    def draft(self) -> dict[str, object]:
        return self.client.get(f"{self.url.rstrip('/')}.json").json()  # type: ignore[no-any-return]

    def finish(self) -> str | None:
        report = self.client.post(f"{self.url}finish/")["Location"]
        return self.client.get(f"{report.rstrip('/')}.json").json()["placement"]["slug"]  # type: ignore[no-any-return]


def test_categories_then_the_next_skills_place_as_the_full_profile_does(
    seed: None, owner: User
) -> None:
    career = CareerInputs.load(Career.objects.get(slug=CAREER))
    requirements, levels = career.scoring(), career.scoring_levels()
    categories: dict[str, list[str]] = {}
    for r in requirements:
        if r.skill not in categories.setdefault(r.category, []):
            categories[r.category].append(r.skill)
    threshold = settings.SKILLGAP_READY_THRESHOLD
    top = levels[-1].slug  # the level that requires every skill: all of them rateable
    client = logged_in(owner)
    rng = random.Random(21)
    agreeing, most_requests, settled_wrong = 0, 0, 0
    for _ in range(PROFILES):
        profile = random_profile(rng, categories)
        full = scoring.placement(scoring.evaluate(levels, requirements, profile), threshold)
        person = Person(client, top)
        for category, skills in categories.items():
            person.post(f"categories/{category}/", rounded_mean([profile[s] for s in skills]))
        rated: list[str] = []
        while len(rated) < MAX_SKILLS:
            draft = person.draft()
            if draft["placement"]["settled"]:  # type: ignore[index]
                break
            skill = draft["next"][0]  # type: ignore[index]
            assert skill not in rated  # a rated skill is never suggested again
            person.post(f"ratings/{skill}/", profile[skill])
            rated.append(skill)
        settled = person.draft()["placement"]  # type: ignore[index]
        placed = person.finish()
        expected = full.level.slug if full.level else None
        agreeing += placed == expected
        settled_wrong += bool(settled["settled"] and settled["low"] != expected)  # type: ignore[index]
        most_requests = max(most_requests, person.requests)
    print(f"agree {agreeing}/{PROFILES}, settled wrong {settled_wrong}, requests ≤ {most_requests}")
    assert Fraction(agreeing, PROFILES) >= AGREEING
    assert most_requests <= MAX_REQUESTS
    assert most_requests > len(categories)  # some profiles did need their skills rated
