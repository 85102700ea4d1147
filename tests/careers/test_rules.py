"""The pure taxonomy rules, without a database."""

from __future__ import annotations

from careers.rules import (
    FallingTarget,
    LevelTarget,
    falling_targets,
    find_cycle,
    format_cycle,
    missing_at_higher_levels,
    rotate_cycle,
)


def test_a_dag_has_no_cycle() -> None:
    assert find_cycle({"dl": ["la", "py"], "la": [], "torch": ["py", "dl"]}) is None


def test_a_two_skill_cycle_is_found_as_a_closed_walk() -> None:
    cycle = find_cycle({"dl": ["la"], "la": ["dl"]})
    assert cycle is not None
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"dl", "la"}


def test_a_skill_that_needs_itself_is_a_cycle() -> None:
    assert find_cycle({"py": ["py"]}) == ["py", "py"]


def test_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    chain = {i: [i + 1] for i in range(5000)}
    assert find_cycle(chain) is None
    chain[5000] = [0]
    assert len(find_cycle(chain) or []) == 5002


def test_a_cycle_reads_from_the_skill_being_edited() -> None:
    cycle = rotate_cycle(["a", "b", "c", "a"], "b")
    assert format_cycle(cycle) == "b → c → a → b"


def test_a_target_falling_at_a_higher_level_is_reported() -> None:
    rows = [
        LevelTarget("Python", "Entry", 1, 3),
        LevelTarget("Python", "Mid", 2, 2),
        LevelTarget("SQL", "Entry", 1, 2),
        LevelTarget("SQL", "Mid", 2, 2),
    ]
    (fall,) = falling_targets(rows)
    assert fall == FallingTarget(rows[0], rows[1])
    assert str(fall) == (
        "Python: target 2 at Mid is lower than 3 at Entry; a higher level needs at least as much."
    )


def test_a_fall_points_back_at_the_rows_it_came_from() -> None:
    entry = LevelTarget("python", "entry", 1, 3, source="requirements.csv, line 2")
    mid = LevelTarget("python", "mid", 2, 2, source="requirements.csv, line 3")
    (fall,) = falling_targets([mid, entry])
    assert (fall.lower.source, fall.higher.source) == (entry.source, mid.source)


def test_a_skill_missing_at_a_higher_level_is_reported() -> None:
    rows = [LevelTarget("Python", "Entry", 1, 3), LevelTarget("Python", "Senior", 3, 4)]
    levels = {1: "Entry", 2: "Mid", 3: "Senior"}
    assert missing_at_higher_levels(rows, levels) == [
        "Python is required from Entry but missing at Mid."
    ]


def test_a_skill_starting_at_a_higher_level_is_fine() -> None:
    rows = [LevelTarget("Mentoring", "Mid", 2, 2), LevelTarget("Mentoring", "Senior", 3, 4)]
    assert missing_at_higher_levels(rows, {1: "Entry", 2: "Mid", 3: "Senior"}) == []
