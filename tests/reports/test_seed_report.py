"""The report for the seed's Systems ML Engineer, against numbers computed by hand.

Its own module: the seed is loaded once per module and stays for the module's tests.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.contrib.auth.models import User

from assessments.models import Rating
from careers.models import Career, Level, Requirement, Skill
from reports import services
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_seed_report_reads_as_computed_by_hand(seed: None, owner: User) -> None:
    """Rate every skill at its mid target, then: Java 0, Kubernetes 1, Python 5.

    Sums of weight × target over the seed (fixtures/taxonomy.json): entry 348
    (56 skills), mid 560 (67), senior 763 (67).
    - entry gaps: Java 1 → 0 (w2) = 2            → 1 − 2/348   = 99.4%
    - mid gaps: Java 2 (w2) 4 + Kubernetes 1 (w3) 3 → 1 − 7/560 = 98.7%
    - senior: weighted gaps add up to 205          → 1 − 205/763 = 73.1%, and ten
      must-haves sit below their senior target.
    """
    career = Career.objects.get(slug="systems-ml-engineer")
    mid = Level.objects.get(slug="mid")
    assessment = AssessmentFactory(owner=owner, career=career, level=mid)
    scores = dict(
        Requirement.objects.filter(career=career, level=mid).values_list("skill__slug", "target")
    )
    scores.update({"java": 0, "kubernetes": 1, "python": 5})
    skills = Skill.objects.in_bulk(list(scores), field_name="slug")
    Rating.objects.bulk_create(
        Rating(assessment=assessment, skill=skills[slug], score=score)
        for slug, score in scores.items()
    )
    doc = services.finish_assessment(assessment=assessment).document

    # Four decimals, rounded down like every percent shown: 553/560 = 0.98750
    assert doc["readiness"] == {"entry": 0.9942, "mid": 0.9875, "senior": 0.7313}
    exact = {"entry": Fraction(346, 348), "mid": Fraction(553, 560), "senior": Fraction(558, 763)}
    for level, value in exact.items():
        assert 0 <= value - Fraction(str(doc["readiness"][level])) < Fraction(1, 10_000)
    assert doc["placement"] == {"slug": "mid", "name": "Mid"}
    assert doc["reasons"] == [
        "Senior: readiness 73% (needs 80%); blocked by "
        "Communication (must-have, 3 of 4), Distributed systems (must-have, 2 of 4), "
        "Machine learning fundamentals (must-have, 4 of 5), Mentoring (must-have, 2 of 4), "
        "Model deployment and serving (must-have, 3 of 5), "
        "Model monitoring and observability (must-have, 3 of 4), "
        "Probability and statistics (must-have, 3 of 4), Project management (must-have, 2 of 4), "
        "Strategic thinking and leadership (must-have, 1 of 4), "
        "System design and architecture (must-have, 3 of 5)"
    ]
    top = [(s["slug"], s["gap"], s["weighted_gap"]) for s in doc["skills"][:3]]
    # Ties follow by name: "Accountability and ownership" comes first.
    assert top == [("java", 2, 4), ("kubernetes", 1, 3), ("accountability", 0, 0)]
    assert doc["strengths"] == [{"slug": "python", "name": "Python", "score": 5, "target": 4}]
    # Entry: Java 0 → 1; mid: Kubernetes (3·1/25) before Java (2·1/25); 25 h a point each.
    path = [(p["stage"], p["skill"], p["from"], p["to"], p["hours"]) for p in doc["path"]]
    assert path == [
        ("entry", "java", 0, 1, 25),
        ("mid", "kubernetes", 1, 2, 25),
        ("mid", "java", 1, 2, 25),
    ]
    assert doc["total_hours"] == 75
    assert doc["career_level"]["salary_band"] == "USD 112,962 – 144,000"
    assert doc["path"][1]["resources"][0]["title"] == "Kubernetes Basics tutorial"
