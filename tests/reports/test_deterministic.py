"""The same ratings give the same report JSON on every database, key order included, with
categories and skills in the curators' order (issue 20).

The taxonomy is made in an order unlike the curators' (categories and skills inserted
backwards, names whose case and accents sort differently by collation), the ratings in
yet another; the export, less its id and dates, must equal the stored expectation
byte for byte. That file was written by this test's own code and read by hand: its
categories run People, Data, Code (display order 1, 2, 3) and, inside Data, the skills
run dbt, Éléments, SQL (by name, whatever the case or accent).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from assessments.models import Rating
from careers.models import Skill
from reports import services
from tests.factories import (
    AssessmentFactory,
    CareerFactory,
    ExternalIdFactory,
    RequirementFactory,
    ResourceFactory,
    SkillCategoryFactory,
    SkillFactory,
    standard_levels,
)

pytestmark = pytest.mark.django_db

EXPECTED = Path(__file__).parent / "expected" / "deterministic-report.json"

# (category slug, name, display order), inserted in this order: backwards.
CATEGORIES = [("code", "Code", 3), ("data", "Data", 2), ("people", "People", 1)]
# (slug, name, category, hours a point, (entry, mid, senior) targets, weight, must-have)
SKILLS = [
    ("sql", "SQL", "data", 10, (2, 3, 4), 5, True),
    ("elements", "Éléments", "data", 12, (1, 2, 3), 3, False),
    ("dbt", "dbt", "data", 8, (1, 3, 3), 4, False),
    ("python", "Python", "code", 10, (2, 3, 4), 5, False),
    ("git", "Git", "code", 5, (2, 2, 3), 2, True),
    ("mentoring", "mentoring", "people", 15, (0, 2, 4), 3, False),
    ("Writing", "Writing", "people", 10, (1, 2, 3), 1, False),
]
RATINGS = [("git", 1), ("sql", 2), ("mentoring", 1), ("dbt", 2), ("python", 3)]
ESTIMATED = [("elements", 2), ("writing", 3)]  # a category's estimates (issue 21)


def report_json(client: Client, owner: User) -> str:
    levels = standard_levels()
    career = CareerFactory(name="Data Engineer", slug="data-engineer")
    categories = {
        slug: SkillCategoryFactory(slug=slug, name=name, order=order)
        for slug, name, order in CATEGORIES
    }
    for slug, name, category, hours, targets, weight, must in SKILLS:
        skill = SkillFactory(
            slug=slug.lower(), name=name, category=categories[category], hours_per_point=hours
        )
        for level, target in zip(levels, targets, strict=True):
            if target:
                RequirementFactory(career=career, skill=skill, level=level, target=target,
                                   weight=weight, must_have=must)  # fmt: skip
        for n, title in enumerate(("b course", "A course", "a book")):  # collations differ
            ResourceFactory(skill=skill, title=f"{title} on {name}", url=f"https://ex.com/{n}")
        for code in ("b-2", "B-1", "a-3"):
            ExternalIdFactory(skill=skill, scheme="sfia", code=f"{code}-{slug.lower()}")
    Skill.objects.get(slug="sql").prerequisites.add(Skill.objects.get(slug="git"))
    assessment = AssessmentFactory(owner=owner, career=career, level=levels[1])
    for slug, score in RATINGS:
        Rating.objects.create(
            assessment=assessment, skill=Skill.objects.get(slug=slug), score=score
        )
    for slug, score in ESTIMATED:
        Rating.objects.create(
            assessment=assessment, skill=Skill.objects.get(slug=slug), score=score, estimated=True
        )
    report = services.finish_assessment(assessment=assessment)
    document = json.loads(client.get(reverse("reports:json", args=[report.uuid])).content)
    assert {document.pop("report"), document.pop("created")} == {
        str(report.uuid),
        report.created.isoformat(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_the_same_ratings_give_the_same_json_on_every_database(
    owner: User, owner_client: Client
) -> None:
    body = report_json(owner_client, owner)
    assert body == EXPECTED.read_text(encoding="utf-8")
    # Key order included: the download's own bytes list keys in the same order.
    document = json.loads(body)
    assert [c["name"] for c in document["categories"]] == ["People", "Data", "Code"]
    data = [s["name"] for s in document["inputs"]["skills"].values()]
    assert [n for n in data if n in ("dbt", "Éléments", "SQL")] == ["dbt", "Éléments", "SQL"]
