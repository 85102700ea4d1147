"""The plan to the target (DESIGN.md rules 1–5): worked examples and properties, checked
against a second, deliberately plain implementation written from the rules alone."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import LevelInfo, Requirement
from reports.paths import Plan, SkillInfo, learning_path, plan_to_target

ENTRY = LevelInfo("entry", "Entry", 1)
MID = LevelInfo("mid", "Mid", 2)
SENIOR = LevelInfo("senior", "Senior", 3)
LEVELS = [ENTRY, MID, SENIOR]
BAR = Fraction(8, 10)


def req(skill: str, level: str, target: int, weight: int = 3, must: bool = False) -> Requirement:
    return Requirement(skill, skill.title(), "c", "C", level, target, weight, must)


def steps(plan: Plan) -> list[tuple[str, int, int, int, bool]]:
    return [(s.skill, s.start, s.end, s.hours, s.must_have) for s in plan.steps]


def test_must_haves_come_first_then_the_most_weight_per_hour() -> None:
    skills = {
        "git": SkillInfo("git", "Git", 5),
        "sql": SkillInfo("sql", "SQL", 10, ("git",)),
        "ml": SkillInfo("ml", "ML", 20),
        "time": SkillInfo("time", "Time management", 2),
    }
    # Entry: Σ w·t = 5·2 + 2·2 + 1·2 + 2·2 = 20; 80% allows a weighted gap of 4.
    reqs = [
        req("sql", "entry", 2, weight=5, must=True),
        req("ml", "entry", 2, weight=2),
        req("time", "entry", 2, weight=1),
        req("git", "entry", 2, weight=2),
    ]
    plan = plan_to_target(LEVELS, reqs, {"ml": 1}, skills, ENTRY, BAR)
    # SQL 0→2 is a must-have. Then the gap is ml 2 + time 2 + git 4 = 8, 4 too many:
    # per hour git gives 2/5, time 1/2, ml 2/20: time twice (gap 6), then git once (4).
    # SQL's prerequisite Git is not a must-have: must-have steps still come first.
    assert steps(plan) == [
        ("sql", 0, 2, 20, True),
        ("time", 0, 2, 4, False),
        ("git", 0, 1, 5, False),
    ]
    assert plan.hours == 29 and plan.weeks(10) == 3


def test_a_must_have_rises_to_its_highest_target_up_to_the_target_level() -> None:
    skills = {"sql": SkillInfo("sql", "SQL", 10)}
    reqs = [
        req("sql", "entry", 2, must=True),
        req("sql", "mid", 3, must=True),
        req("sql", "senior", 5, must=True),
    ]
    assert steps(plan_to_target(LEVELS, reqs, {"sql": 1}, skills, MID, BAR)) == [
        ("sql", 1, 3, 20, True)
    ]


def test_a_target_already_reached_has_an_empty_plan() -> None:
    skills = {"sql": SkillInfo("sql", "SQL", 10)}
    plan = plan_to_target(LEVELS, [req("sql", "entry", 2)], {"sql": 2}, skills, SENIOR, BAR)
    assert plan.steps == () and plan.hours == 0 and plan.weeks(10) == 0


def test_a_point_that_later_points_made_spare_is_dropped() -> None:
    skills = {
        "a": SkillInfo("a", "A", 1),
        "b": SkillInfo("b", "B", 10),
        "c": SkillInfo("c", "C", 10),
    }
    reqs = [req("a", "entry", 1, weight=1), req("b", "entry", 1, weight=5),
            req("c", "entry", 1, weight=4)]  # fmt: skip
    # Σ w·t = 10: 80% allows a weighted gap of 2. Per hour: a 1, b 1/2, c 2/5, so the
    # points go a (gap 9), b (4), c (0). Then, last first: without c the gap is 4, without
    # b 5, but without a only 1: a was spare.
    plan = plan_to_target(LEVELS, reqs, {}, skills, ENTRY, BAR)
    assert steps(plan) == [("b", 0, 1, 10, False), ("c", 0, 1, 10, False)]


# --- a plain second implementation, from the rules alone -----------------------------


def placed_at(reqs: list[Requirement], ratings: dict[str, int], target: LevelInfo) -> bool:
    placed = scoring.placement(scoring.evaluate(LEVELS, reqs, ratings), BAR).level
    return placed is not None and placed.rank >= target.rank


def reference(
    reqs: list[Requirement],
    ratings: dict[str, int],
    skills: dict[str, SkillInfo],
    target: LevelInfo,
) -> dict[str, tuple[int, int, bool]]:
    """skill -> (from, to, must-have), recomputing readiness from scratch at every point."""
    ranks = {lv.slug: lv.rank for lv in LEVELS}
    upto = [r for r in reqs if ranks[r.level] <= target.rank]
    now = dict(ratings)
    must = {}
    for r in upto:
        if r.must_have and now.get(r.skill, 0) < r.target:
            must[r.skill] = max(must.get(r.skill, 0), r.target)
    now.update(must)
    added = []
    while True:
        results = scoring.evaluate([lv for lv in LEVELS if lv.rank <= target.rank], upto, now)
        short = {res.level.slug for res in results if res.readiness < BAR}
        if not short:
            break
        gains: dict[str, int] = {}
        for r in upto:
            if r.level in short and now.get(r.skill, 0) < r.target:
                gains[r.skill] = gains.get(r.skill, 0) + r.weight
        best = min(gains, key=lambda s: (-Fraction(gains[s], skills[s].hours_per_point),
                                         skills[s].name.lower(), s))  # fmt: skip
        now[best] = now.get(best, 0) + 1
        added.append(best)
    for skill in reversed(added):
        now[skill] -= 1
        if not placed_at(reqs, now, target):
            now[skill] += 1
    return {s: (ratings.get(s, 0), now[s], s in must) for s in now if now[s] > ratings.get(s, 0)}


SLUGS = [f"s{i}" for i in range(7)]


@st.composite
def careers(draw: st.DrawFn) -> tuple[dict[str, SkillInfo], list[Requirement], dict[str, int]]:
    # Prerequisites only point to lower-numbered skills: always a DAG. Names may tie.
    skills = {
        slug: SkillInfo(
            slug,
            draw(st.sampled_from(["Alpha", "Beta", slug.upper()])),
            draw(st.integers(1, 30)),
            tuple(draw(st.lists(st.sampled_from(SLUGS[:i]), unique=True, max_size=3)) if i else ()),
        )
        for i, slug in enumerate(SLUGS)
    }
    reqs = []
    for slug in draw(st.lists(st.sampled_from(SLUGS), unique=True, min_size=1)):
        start = draw(st.integers(0, 2))
        target = draw(st.integers(1, 3))
        must = draw(st.booleans())
        for level in LEVELS[start:]:
            must = must or draw(st.booleans())
            reqs.append(req(slug, level.slug, target, draw(st.integers(1, 5)), must))
            target = min(5, target + draw(st.integers(0, 1)))
    ratings = draw(st.dictionaries(st.sampled_from(SLUGS), st.integers(0, 5)))
    return skills, reqs, ratings


@settings(max_examples=300)
@given(careers(), st.sampled_from(LEVELS))
def test_the_plan_is_the_rules_plan_and_keeps_its_promises(
    career: tuple, target: LevelInfo
) -> None:
    skills, reqs, ratings = career
    plan = plan_to_target(LEVELS, reqs, ratings, skills, target, BAR)
    got = {s.skill: (s.start, s.end, s.must_have) for s in plan.steps}
    assert got == reference(reqs, ratings, skills, target)
    assert len(got) == len(plan.steps)  # one step a skill

    # Applying every step places the person at the target.
    applied = {**ratings, **{s.skill: s.end for s in plan.steps}}
    assert placed_at(reqs, applied, target)
    assert (plan.steps == ()) == placed_at(reqs, ratings, target)

    # Every blocking must-have is in it, up to its highest blocking target, and comes first.
    ranks = {lv.slug: lv.rank for lv in LEVELS}
    for r in reqs:
        if ranks[r.level] <= target.rank and r.must_have and ratings.get(r.skill, 0) < r.target:
            assert got[r.skill][2] and got[r.skill][1] >= r.target
    flags = [s.must_have for s in plan.steps]
    assert flags == sorted(flags, reverse=True)

    # No point beyond a must-have's own can go with the target still reached.
    for s in plan.steps:
        floor = max(
            [s.start]
            + [r.target for r in reqs if r.skill == s.skill and r.must_have
               and ranks[r.level] <= target.rank and s.start < r.target]
        )  # fmt: skip
        if s.end > floor:
            assert not placed_at(reqs, {**applied, s.skill: s.end - 1}, target)

    # Hours are the points' and never exceed the whole path's to the target.
    for s in plan.steps:
        assert s.hours == (s.end - s.start) * skills[s.skill].hours_per_point
    assert plan.hours <= learning_path(LEVELS, reqs, ratings, skills, {}, target).total_hours

    # Prerequisites first inside each group (must-haves, then the rest).
    for group in (True, False):
        seen: set[str] = set()
        members = {s.skill for s in plan.steps if s.must_have is group}
        for s in plan.steps:
            if s.must_have is group:
                assert all(b in seen for b in skills[s.skill].prerequisites if b in members)
                seen.add(s.skill)
