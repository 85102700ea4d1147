"""Pure scoring: worked examples computed by hand, and properties that hold for any input."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import (
    LevelInfo,
    Requirement,
    evaluate,
    percent,
    placement,
    skill_gaps,
    strengths,
)

ENTRY = LevelInfo("entry", "Entry", 1)
MID = LevelInfo("mid", "Mid", 2)
SENIOR = LevelInfo("senior", "Senior", 3)
LEVELS = [ENTRY, MID, SENIOR]


def req(
    skill: str, level: str, target: int, weight: int, must: bool = False, cat: str = "c"
) -> Requirement:
    return Requirement(skill, skill.title(), cat, cat.upper(), level, target, weight, must)


# Python weight 3, Statistics weight 2 (must-have from mid), SQL weight 1.
CAREER = [
    req("python", "entry", 2, 3),
    req("statistics", "entry", 2, 2),
    req("sql", "entry", 2, 1, cat="d"),
    req("python", "mid", 3, 3),
    req("statistics", "mid", 3, 2, must=True),
    req("sql", "mid", 3, 1, cat="d"),
    req("python", "senior", 4, 3),
    req("statistics", "senior", 4, 2, must=True),
    req("sql", "senior", 4, 1, cat="d"),
]


def test_worked_example_readiness_per_level() -> None:
    ratings = {"python": 3, "statistics": 2, "sql": 3}
    entry, mid, senior = evaluate(LEVELS, CAREER, ratings)
    # Entry: no gaps -> 1.
    assert entry.readiness == 1
    # Mid: gaps python 0, statistics 1 (w2), sql 0 -> 1 - 2 / (9 + 6 + 3) = 16/18.
    assert mid.readiness == Fraction(16, 18)
    # Senior: gaps python 1 (w3), statistics 2 (w2), sql 1 (w1) -> 1 - 8/24 = 2/3.
    assert senior.readiness == Fraction(2, 3)
    assert [g.skill for g in mid.blocked] == ["statistics"]


def test_worked_example_placement_and_its_reason() -> None:
    results = evaluate(LEVELS, CAREER, {"python": 3, "statistics": 2, "sql": 3})
    result = placement(results, 0.8)
    assert result.label == "Entry"
    # Mid reaches 88% but Statistics is a must-have below target.
    assert result.reasons == ("Mid: blocked by Statistics (must-have, 2 of 3)",)


def test_reason_names_readiness_and_blockers_together() -> None:
    results = evaluate(LEVELS, CAREER, {"python": 3, "statistics": 2, "sql": 0})
    # Mid: gaps statistics 1 (w2) + sql 3 (w1) = 5 of 18 -> 72.2%.
    assert placement(results, 0.8).reasons == (
        "Mid: readiness 72% (needs 80%); blocked by Statistics (must-have, 2 of 3)",
    )


def test_nothing_rated_is_not_yet_entry() -> None:
    result = placement(evaluate(LEVELS, CAREER, {}), 0.8)
    assert result.level is None and result.label == "Below Entry"
    assert result.reasons == ("Entry: readiness 0% (needs 80%)",)


def test_exactly_the_threshold_passes() -> None:
    # 1 - 1/5 = 0.8 exactly: a float comparison could fail it, a Fraction does not.
    reqs = [req("a", "entry", 5, 1)]
    (entry,) = evaluate([ENTRY], reqs, {"a": 4})
    assert entry.readiness == Fraction(4, 5)
    assert placement([entry], 0.8).level == ENTRY


def test_category_readiness_uses_only_its_skills() -> None:
    _, mid, _ = evaluate(LEVELS, CAREER, {"python": 3, "statistics": 3, "sql": 0})
    by_slug = {slug: value for slug, _, value in mid.categories}
    assert by_slug == {"c": Fraction(1), "d": Fraction(0)}


def test_strengths_are_skills_above_target() -> None:
    at_mid = [r for r in CAREER if r.level == "mid"]
    found = strengths(at_mid, {"python": 5, "statistics": 4, "sql": 3})
    assert [(g.skill, g.score - g.target) for g in found] == [("python", 2), ("statistics", 1)]


def test_unrated_counts_zero() -> None:
    (gap,) = skill_gaps([req("a", "entry", 3, 2)], {})
    assert (gap.score, gap.gap, gap.weighted_gap) == (0, 3, 6)


def test_percent_rounds_down() -> None:
    assert percent(Fraction(799, 1000)) == 79
    assert percent(1.0) == 100


def test_percent_reads_a_saved_float_as_its_decimal() -> None:
    # 0.57 as a binary float is just below 57/100: read naively it would show 56%.
    assert percent(0.57) == 57
    assert percent(0.5699) == 56
    assert percent(Fraction(57, 100)) == percent(0.57)


def test_a_reason_reads_readiness_and_a_threshold_other_than_80_exactly() -> None:
    # Σ w·t = 5 + 95 = 100 and Σ w·gap = 1·5 + 19·2 = 43: readiness exactly 57/100.
    reqs = [req("a", "entry", 5, 1), req("b", "entry", 5, 19)]
    (result,) = evaluate([ENTRY], reqs, {"a": 0, "b": 3})
    assert result.readiness == Fraction(57, 100)
    assert result.reason(Fraction("0.58")) == "Entry: readiness 57% (needs 58%)"
    assert placement([result], 0.57).level == ENTRY  # exactly at a 0.57 threshold passes


# --- properties -------------------------------------------------------------------

skills = st.sampled_from(["a", "b", "c", "d", "e"])
requirement_sets = st.lists(
    st.builds(
        req,
        skill=skills,
        level=st.sampled_from(["entry", "mid", "senior"]),
        target=st.integers(1, 5),
        weight=st.integers(1, 5),
        must=st.booleans(),
    ),
    max_size=15,
    unique_by=lambda r: (r.skill, r.level),
)
rating_sets = st.dictionaries(skills, st.integers(0, 5))


@given(requirement_sets, rating_sets)
def test_readiness_stays_between_zero_and_one(
    reqs: list[Requirement], ratings: dict[str, int]
) -> None:
    for result in evaluate(LEVELS, reqs, ratings):
        assert 0 <= result.readiness <= 1
        assert all(0 <= value <= 1 for _, _, value in result.categories)


@given(requirement_sets, rating_sets, skills, st.integers(1, 5))
def test_raising_a_rating_never_lowers_readiness_nor_raises_a_gap(
    reqs: list[Requirement], ratings: dict[str, int], skill: str, rise: int
) -> None:
    higher = {**ratings, skill: min(5, ratings.get(skill, 0) + rise)}
    for before, after in zip(
        evaluate(LEVELS, reqs, ratings), evaluate(LEVELS, reqs, higher), strict=True
    ):
        assert after.readiness >= before.readiness
        assert len(after.blocked) <= len(before.blocked)
    for g_before, g_after in zip(skill_gaps(reqs, ratings), skill_gaps(reqs, higher), strict=True):
        assert g_after.gap <= g_before.gap


@given(requirement_sets, rating_sets)
def test_readiness_is_one_exactly_when_no_gap_is_left(
    reqs: list[Requirement], ratings: dict[str, int]
) -> None:
    for level in LEVELS:
        at_level = [r for r in reqs if r.level == level.slug]
        (result,) = evaluate([level], at_level, ratings)
        gaps = skill_gaps(at_level, ratings)
        assert (result.readiness == 1) == all(g.gap == 0 for g in gaps)


@given(requirement_sets, rating_sets, st.sampled_from([0.5, 0.8, 1.0]))
def test_placement_never_skips_a_level(
    reqs: list[Requirement], ratings: dict[str, int], threshold: float
) -> None:
    results = evaluate(LEVELS, reqs, ratings)
    placed = placement(results, threshold).level
    bar = Fraction(str(threshold))
    reached_rank = placed.rank if placed else 0
    for result in results:
        if result.level.rank <= reached_rank:
            assert result.passes(bar)
    if placed is not SENIOR:
        next_level = results[reached_rank]  # ranks are 1..3, so index = the next rank - 1
        assert not next_level.passes(bar)
