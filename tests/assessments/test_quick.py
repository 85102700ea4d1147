"""The quick assessment's pure model: the placement's bounds, settled, and what to rate next."""

from __future__ import annotations

from fractions import Fraction

import pytest

from assessments import quick
from assessments.scoring import LevelInfo, Requirement

ENTRY, MID = LevelInfo("entry", "Entry", 1), LevelInfo("mid", "Mid", 2)
BAR = Fraction(8, 10)


def req(
    skill: str, level: LevelInfo, target: int, weight: int = 1, must: bool = False
) -> Requirement:
    return Requirement(skill, skill.title(), "cat", "Cat", level.slug, target, weight, must)


# a, b at entry (2, 2) and mid (3, 3); c only at mid, a must-have there.
REQS = (
    req("a", ENTRY, 2, 3), req("b", ENTRY, 2, 1),
    req("a", MID, 3, 3), req("b", MID, 3, 1), req("c", MID, 3, 2, must=True),
)  # fmt: skip


def draft(
    own: dict[str, int] | None = None, estimates: dict[str, int] | None = None
) -> quick.Draft:
    return quick.Draft((ENTRY, MID), REQS, own or {}, estimates or {}, {"a", "b", "c"}, BAR)


def test_unrated_skills_run_from_0_to_their_highest_target() -> None:
    assert quick.ranges(draft()) == {"a": (0, 3), "b": (0, 3), "c": (0, 3)}
    assert quick.bounds(draft()) == quick.Bounds(None, MID)
    assert not quick.bounds(draft()).settled


def test_an_estimate_is_a_point_either_way_and_an_own_rating_exact() -> None:
    spans = quick.ranges(draft(own={"a": 4}, estimates={"b": 0, "c": 5}))
    assert spans == {"a": (4, 4), "b": (0, 1), "c": (4, 5)}


def test_a_skill_the_draft_cannot_rate_holds_what_it_has() -> None:
    fixed = quick.Draft((ENTRY, MID), REQS, {}, {}, {"a", "b"}, BAR)
    assert quick.ranges(fixed)["c"] == (0, 0)
    assert quick.bounds(fixed).high == ENTRY  # c, a must-have at mid, can never be met


def test_the_placement_is_settled_once_no_rating_in_range_can_move_it() -> None:
    # a and c met for sure; b estimated 3 may be 2, short of mid's 3 by a point of weight 1.
    loose = draft(own={"a": 3, "c": 3}, estimates={"b": 3})
    assert quick.bounds(loose) == quick.Bounds(MID, MID)  # b at 2 still leaves mid at 17/18
    assert quick.bounds(loose).settled
    tight = draft(own={"a": 1, "c": 3}, estimates={"b": 2})
    assert quick.bounds(tight) == quick.Bounds(None, None) and quick.bounds(tight).settled
    open_ = draft(own={"c": 3}, estimates={"a": 2, "b": 2})
    assert quick.bounds(open_) == quick.Bounds(None, MID)
    assert quick.undecided_levels(open_) == [ENTRY, MID]


def test_must_haves_near_their_target_lead_then_the_biggest_share_of_an_open_level() -> None:
    # c (must-have at mid) estimated 3, its target: it leads; a's weight 3 before b's 1.
    suggestions = quick.next_skills(draft(estimates={"a": 2, "b": 2, "c": 3}), "mid")
    assert [s.skill for s in suggestions] == ["c", "a", "b"]
    assert suggestions[0].reason == "must-have for Mid, estimate 3, needs 3"
    assert suggestions[1].reason == "weight 3 for Entry, estimate 2, needs 2"
    unrated = quick.next_skills(draft(own={"a": 3}), "mid")
    assert [s.skill for s in unrated] == ["c", "b"]  # an own rating is never suggested
    assert unrated[0].reason == "must-have for Mid, not rated, needs 3"


def test_once_settled_the_target_levels_skills_are_left_to_refine_the_plan() -> None:
    settled = draft(own={"a": 3, "c": 3}, estimates={"b": 3})
    assert [s.skill for s in quick.next_skills(settled, "mid")] == ["b"]
    assert quick.next_skills(draft(own={"a": 3, "b": 3, "c": 3}), "mid") == []


def test_at_most_the_limit_and_each_skill_once() -> None:
    many = quick.next_skills(draft(), "mid", limit=2)
    assert len(many) == 2 and len({s.skill for s in many}) == 2


SENIOR = LevelInfo("senior", "Senior", 3)
SO_FAR, TO_COME = "Your ratings so far place you", "the ratings still to come could place you"
SETTLED = "more ratings refine your plan, not your placement."


@pytest.mark.parametrize(
    ("low", "high", "sentence"),
    [
        pytest.param(MID, MID, f"You are placed at Mid; {SETTLED}", id="settled"),
        pytest.param(None, None, f"You are placed below Entry; {SETTLED}", id="settled-below"),
        pytest.param(
            None, SENIOR, f"{SO_FAR} below Entry; {TO_COME} anywhere up to Senior.", id="open-below"
        ),
        pytest.param(
            ENTRY, SENIOR, f"{SO_FAR} at Entry; {TO_COME} anywhere up to Senior.", id="open-at"
        ),
        # One level wide: that level alone, not "anywhere up to Entry".
        pytest.param(None, ENTRY, f"{SO_FAR} below Entry; {TO_COME} at Entry.", id="below-or-1st"),
        pytest.param(MID, SENIOR, f"{SO_FAR} at Mid; {TO_COME} at Senior.", id="one-level-wide"),
    ],
)
def test_the_placement_sentence_says_where_you_are_and_how_far_up_it_may_still_go(
    low: LevelInfo | None, high: LevelInfo | None, sentence: str
) -> None:
    assert quick.placement_sentence((ENTRY, MID, SENIOR), quick.Bounds(low, high)) == sentence
