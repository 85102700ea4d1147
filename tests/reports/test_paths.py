"""The learning path: worked examples by hand and properties for any career."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import LevelInfo, Requirement
from reports.paths import ResourceInfo, SkillInfo, learning_path

ENTRY = LevelInfo("entry", "Entry", 1)
MID = LevelInfo("mid", "Mid", 2)
SENIOR = LevelInfo("senior", "Senior", 3)
LEVELS = [ENTRY, MID, SENIOR]


def req(skill: str, level: str, target: int, weight: int = 3) -> Requirement:
    return Requirement(skill, skill.title(), "c", "C", level, target, weight)


SKILLS = {
    "python": SkillInfo("python", "Python", 10),
    "algebra": SkillInfo("algebra", "Algebra", 20),
    "deep": SkillInfo("deep", "Deep learning", 30, ("algebra", "python")),
    "sql": SkillInfo("sql", "SQL", 5),
}


def test_worked_example_stages_steps_hours_and_weeks() -> None:
    reqs = [
        req("python", "entry", 2), req("python", "mid", 3), req("python", "senior", 4),
        req("deep", "mid", 2, weight=5), req("deep", "senior", 3, weight=5),
        req("algebra", "mid", 2), req("sql", "entry", 2, weight=1),
    ]  # fmt: skip
    ratings = {"python": 3, "sql": 0}
    path = learning_path(LEVELS, reqs, ratings, SKILLS, {}, MID)
    assert [stage.level for stage in path.stages] == [ENTRY, MID]
    # Entry: python is already 3 (above 2); SQL 0 -> 2 at 5 h a point.
    assert [(s.skill, s.start, s.end, s.hours) for s in path.stages[0].steps] == [("sql", 0, 2, 10)]
    # Mid: algebra before deep learning (its prerequisite), python already at 3.
    assert [(s.skill, s.start, s.end, s.hours) for s in path.stages[1].steps] == [
        ("algebra", 0, 2, 40),
        ("deep", 0, 2, 60),
    ]
    assert path.total_hours == 110
    assert path.weeks(10) == 11 and path.weeks(30) == 4


def test_a_skill_climbs_again_in_a_later_stage_from_where_the_last_left_it() -> None:
    reqs = [req("python", "mid", 3), req("python", "senior", 4)]
    path = learning_path(LEVELS, reqs, {"python": 2}, SKILLS, {}, SENIOR)
    assert [(s.stage, s.start, s.end) for s in path.steps] == [("mid", 2, 3), ("senior", 3, 4)]


def test_ready_steps_go_best_return_first_then_by_name() -> None:
    # priority = weight * points / hours = weight / hours_per_point
    reqs = [
        req("algebra", "entry", 1, weight=4),
        req("sql", "entry", 1, weight=1),
        req("python", "entry", 1, weight=2),
    ]
    path = learning_path(LEVELS, reqs, {}, SKILLS, {}, ENTRY)
    # python 2/10 = 0.2, algebra 4/20 = 0.2, sql 1/5 = 0.2: a tie, so by name.
    assert [s.name for s in path.steps] == ["Algebra", "Python", "SQL"]
    reqs[0] = req("algebra", "entry", 1, weight=5)  # 0.25 now leads
    assert learning_path(LEVELS, reqs, {}, SKILLS, {}, ENTRY).steps[0].skill == "algebra"


def test_each_step_lists_resources_overlapping_its_climb() -> None:
    beginner = ResourceInfo("Intro", "https://a", "course", 5, 0, 2)
    advanced = ResourceInfo("Deep dive", "https://b", "book", 20, 3, 5)
    path = learning_path(
        LEVELS,
        [req("python", "entry", 3)],
        {"python": 1},
        SKILLS,
        {"python": [beginner, advanced]},
        ENTRY,
    )
    assert [r.title for r in path.steps[0].resources] == [
        "Intro"
    ]  # climb (1, 3]: only the first overlaps
    path = learning_path(
        LEVELS,
        [req("python", "entry", 4)],
        {"python": 2},
        SKILLS,
        {"python": [beginner, advanced]},
        ENTRY,
    )
    assert [r.title for r in path.steps[0].resources] == ["Deep dive"]  # (2, 4]


def test_nothing_to_learn_is_an_empty_path() -> None:
    path = learning_path(LEVELS, [req("python", "entry", 2)], {"python": 5}, SKILLS, {}, SENIOR)
    assert path.steps == [] and path.total_hours == 0 and path.weeks(10) == 0


# --- properties -------------------------------------------------------------------

SLUGS = [f"s{i}" for i in range(8)]


@st.composite
def careers(draw: st.DrawFn) -> tuple[dict[str, SkillInfo], list[Requirement], dict[str, int]]:
    # Prerequisites only point to lower-numbered skills: always a DAG.
    skills = {
        slug: SkillInfo(
            slug,
            slug.upper(),
            draw(st.integers(1, 40)),
            tuple(draw(st.lists(st.sampled_from(SLUGS[:i]), unique=True, max_size=3)) if i else ()),
        )
        for i, slug in enumerate(SLUGS)
    }
    reqs = []
    for slug in draw(st.lists(st.sampled_from(SLUGS), unique=True, min_size=1)):
        start = draw(st.integers(0, 2))
        target = draw(st.integers(1, 3))
        for level in LEVELS[start:]:
            reqs.append(req(slug, level.slug, target, draw(st.integers(1, 5))))
            target = min(5, target + draw(st.integers(0, 1)))
    ratings = draw(st.dictionaries(st.sampled_from(SLUGS), st.integers(0, 5)))
    return skills, reqs, ratings


@given(careers(), st.sampled_from(LEVELS))
def test_prerequisites_come_first_inside_every_stage(career: tuple, target: LevelInfo) -> None:
    skills, reqs, ratings = career
    for stage in learning_path(LEVELS, reqs, ratings, skills, {}, target).stages:
        seen: set[str] = set()
        in_stage = {s.skill for s in stage.steps}
        for step in stage.steps:
            for before in skills[step.skill].prerequisites:
                if before in in_stage:
                    assert before in seen, (before, step.skill)
            seen.add(step.skill)


@given(careers(), st.sampled_from(LEVELS))
def test_the_path_covers_exactly_the_missing_points_up_to_the_target(
    career: tuple, target: LevelInfo
) -> None:
    skills, reqs, ratings = career
    path = learning_path(LEVELS, reqs, ratings, skills, {}, target)
    # Missing points per skill: the highest target up to the target level minus the rating.
    needed: dict[str, int] = {}
    ranks = {lv.slug: lv.rank for lv in LEVELS}
    for r in reqs:
        if ranks[r.level] <= target.rank:
            needed[r.skill] = max(needed.get(r.skill, 0), r.target)
    missing = {s: t - ratings.get(s, 0) for s, t in needed.items() if t > ratings.get(s, 0)}
    climbed: dict[str, int] = {}
    for step in path.steps:
        assert step.end > step.start
        climbed[step.skill] = climbed.get(step.skill, 0) + step.points
    assert climbed == missing


@given(careers(), st.sampled_from(LEVELS), st.integers(1, 80))
def test_hours_add_up(career: tuple, target: LevelInfo, per_week: int) -> None:
    skills, reqs, ratings = career
    path = learning_path(LEVELS, reqs, ratings, skills, {}, target)
    for step in path.steps:
        assert step.hours == step.points * skills[step.skill].hours_per_point
    assert (
        path.total_hours == sum(s.hours for s in path.steps) == sum(st.hours for st in path.stages)
    )
    assert (path.weeks(per_week) - 1) * per_week < path.total_hours <= path.weeks(
        per_week
    ) * per_week or path.total_hours == 0
