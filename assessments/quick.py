"""Pure: how far a draft's placement can still move, and which skill to rate next.

DESIGN.md, "Quick assessment". The uncertainty model, per skill the draft can rate:

- rated by the person: exactly that score;
- estimated (its category rated at once): the estimate, one point either way (clipped to
  0–5): a category's score is not a rating of each of its skills;
- not rated at all: anywhere from 0 to the highest target any level sets it.

Skills the draft cannot rate (required only above its target level) stay at what they
hold, 0 when nothing. Readiness only grows and must-haves only unblock as scores rise, so
the placement with every skill at its lowest is the lowest possible and with every skill
at its highest the highest: `low` and `high`. Once they are equal the placement is
settled: no rating inside the model's ranges can change it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from . import scoring
from .scoring import LevelInfo, Requirement

ESTIMATE_SPREAD = 1  # points either way a category's estimate may be off for one skill
NEXT = 5  # suggestions offered at once
SCORE_TOP = 5  # careers.models.SCORE_MAX, which this pure module does not import


@dataclass(frozen=True)
class Draft:
    """What a draft holds, as scoring sees it."""

    levels: Sequence[LevelInfo]
    requirements: Sequence[Requirement]  # every level's
    own: Mapping[str, int]  # skill slug -> the person's own rating
    estimates: Mapping[str, int]  # skill slug -> a category's estimate
    rateable: Collection[str]  # the skills the draft's page offers
    threshold: Fraction

    # Worked out once a draft: the bounds, the open levels and the suggestions of one
    # autosave's answer all read them (each once scored every requirement twice anew).
    @cached_property
    def spans(self) -> dict[str, tuple[int, int]]:
        return ranges(self)

    @cached_property
    def extremes(self) -> tuple[list[scoring.LevelResult], list[scoring.LevelResult]]:
        """Every level's result with each skill at its lowest, and at its highest."""
        lows = _results(self, {s: lo for s, (lo, _) in self.spans.items()})
        highs = _results(self, {s: hi for s, (_, hi) in self.spans.items()})
        return lows, highs


@dataclass(frozen=True)
class Bounds:
    low: LevelInfo | None  # None: below the first level
    high: LevelInfo | None

    @property
    def settled(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class Suggestion:
    skill: str  # slug
    name: str
    reason: str  # "must-have for Mid, estimate 3, needs 3"


def score_range(draft: Draft, skill: str, top: int) -> tuple[int, int]:
    """The lowest and highest score `skill` may turn out to have (see the module's model)."""
    if skill in draft.own:
        return draft.own[skill], draft.own[skill]
    if skill in draft.estimates:
        estimate = draft.estimates[skill]
        return max(0, estimate - ESTIMATE_SPREAD), min(SCORE_TOP, estimate + ESTIMATE_SPREAD)
    return (0, top) if skill in draft.rateable else (0, 0)


def ranges(draft: Draft) -> dict[str, tuple[int, int]]:
    tops: dict[str, int] = {}
    for r in draft.requirements:
        tops[r.skill] = max(tops.get(r.skill, 0), r.target)
    return {skill: score_range(draft, skill, top) for skill, top in tops.items()}


def _results(draft: Draft, scores: Mapping[str, int]) -> list[scoring.LevelResult]:
    return scoring.evaluate(draft.levels, draft.requirements, scores)


def bounds(draft: Draft) -> Bounds:
    lows, highs = draft.extremes
    low = scoring.placement(lows, draft.threshold)
    high = scoring.placement(highs, draft.threshold)
    return Bounds(low.level, high.level)


def placement_sentence(levels: Sequence[LevelInfo], bounds: Bounds) -> str:
    """The lead's heading: where the ratings so far place the person and, while the ratings
    still to come can move it, how far up."""

    def where(level: LevelInfo | None) -> str:
        return f"at {level.name}" if level else f"below {levels[0].name}"

    if bounds.settled or bounds.high is None:  # high is None only with low: settled
        settled = f"You are placed {where(bounds.low)}"
        return f"{settled}; more ratings refine your plan, not your placement."
    next_up = levels[levels.index(bounds.low) + 1] if bounds.low else levels[0]
    reach = where(next_up) if bounds.high == next_up else f"anywhere up to {bounds.high.name}"
    return (
        f"Your ratings so far place you {where(bounds.low)}; "
        f"the ratings still to come could place you {reach}."
    )


def undecided_levels(draft: Draft) -> list[LevelInfo]:
    """Levels reached at the highest scores but not at the lowest: the ones still open."""
    lows, highs = draft.extremes
    return [
        lo.level
        for lo, hi in zip(lows, highs, strict=True)
        if lo.passes(draft.threshold) != hi.passes(draft.threshold)
    ]


def next_skills(draft: Draft, target: str, limit: int = NEXT) -> list[Suggestion]:
    """The unrated or estimated skills whose own rating would most likely move the placement,
    most decisive first: must-haves whose range straddles their target at a level still open
    (the nearest to it first), then by the share of an open level's weighted targets their
    range spans (weight × target for a skill not rated at all). Once the placement is
    settled, the target level is the one left to refine: the plan."""
    open_levels = undecided_levels(draft) or [lv for lv in draft.levels if lv.slug == target]
    opened = {lv.slug: lv for lv in open_levels}
    totals: dict[str, int] = {}
    for r in draft.requirements:
        totals[r.level] = totals.get(r.level, 0) + r.weight * r.target
    spans = draft.spans
    ranked: list[tuple[tuple[int, Fraction, Fraction, str], Suggestion]] = []
    for r in draft.requirements:
        if r.level not in opened or r.skill not in draft.rateable or r.skill in draft.own:
            continue
        lo, hi = spans[r.skill]
        swing = Fraction(r.weight * (min(hi, r.target) - min(lo, r.target)), totals[r.level] or 1)
        if swing == 0:
            continue
        guess = draft.estimates.get(r.skill)
        middle = Fraction(lo + hi, 2) if guess is None else Fraction(guess)
        straddles = r.must_have and lo < r.target <= hi
        near = abs(middle - r.target) if straddles else Fraction(0)
        key = (0 if straddles else 1, near, -swing, r.name)
        ranked.append((key, Suggestion(r.skill, r.name, reason(r, opened[r.level], guess))))
    seen: set[str] = set()
    chosen = []
    for _, suggestion in sorted(ranked, key=lambda item: item[0]):
        if suggestion.skill not in seen:
            seen.add(suggestion.skill)
            chosen.append(suggestion)
    return chosen[:limit]


def reason(r: Requirement, level: LevelInfo, estimate: int | None) -> str:
    why = "must-have" if r.must_have else f"weight {r.weight}"
    held = "not rated" if estimate is None else f"estimate {estimate}"
    return f"{why} for {level.name}, {held}, needs {r.target}"
