"""A mentor's second opinion on a report: the same rules, with the mentor's scores in.

Pure: no Django. DESIGN.md, "Scoring": a mentor's view of a report is readiness and
placement over the report's ratings with every skill that mentor rated replaced by the
mentor's score; the mean difference is the mean, over the skills the mentor rated, of
mentor score − self score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from assessments import scoring
from assessments.scoring import percent

from .document import levels_of, ratio, requirements_of

APART = 2  # scores this far apart are worth a conversation


@dataclass(frozen=True)
class Apart:
    skill: str
    name: str
    own: int  # the owner's score
    mentor: int


@dataclass(frozen=True)
class MentorView:
    scores: dict[str, int]  # skill slug -> the mentor's score
    readiness: dict[str, float]  # level slug -> readiness, saved as a document saves it
    placement: dict[str, Any]  # {slug, name}, slug None for "not yet entry"
    mean_difference: Fraction | None  # None when the mentor rated nothing
    apart: tuple[Apart, ...]  # skills where the two differ by APART or more

    def as_json(self, username: str) -> dict[str, Any]:
        mean = None if self.mean_difference is None else round(float(self.mean_difference), 2)
        return {
            "username": username,
            "ratings": self.scores,
            "readiness": self.readiness,
            "placement": self.placement,
            "mean_difference": mean,
        }


def mentor_view(doc: Mapping[str, Any], scores: Mapping[str, int]) -> MentorView:
    inputs = doc["inputs"]
    own = inputs["ratings"]
    ratings = {**own, **scores}
    results = scoring.evaluate(levels_of(inputs), requirements_of(inputs), ratings)
    placed = scoring.placement(results, doc["threshold"])
    differences = [scores[s] - own.get(s, 0) for s in scores]
    names = inputs["skills"]
    return MentorView(
        scores=dict(scores),
        readiness={res.level.slug: ratio(res.readiness) for res in results},
        placement={"slug": placed.level.slug if placed.level else None, "name": placed.label},
        mean_difference=Fraction(sum(differences), len(differences)) if differences else None,
        apart=tuple(
            Apart(s, names[s]["name"], own.get(s, 0), scores[s])
            for s in sorted(scores, key=lambda s: names[s]["name"].lower())
            if abs(scores[s] - own.get(s, 0)) >= APART
        ),
    )


def signed_mean(value: Fraction) -> str:
    """A mean difference in points, to one decimal with its sign: "−0.5", "+1.0"."""
    rounded = round(float(value), 1)
    return f"+{rounded:.1f}" if rounded > 0 else f"−{abs(rounded):.1f}" if rounded < 0 else "0.0"


def said(view: MentorView, doc: Mapping[str, Any], *, who: str | None) -> tuple[str, str]:
    """What a report says of one mentor's view: what their scores change, then how far the
    two ratings are apart. `who` names the mentor to the owner; None is the mentor reading
    their own. **…** marks the words the page makes strong."""
    name, their, they = (who, f"{who}'s", who) if who else ("You", "your", "you")
    level, placed, own_placed = doc["level"], view.placement["name"], doc["placement"]["name"]
    n = len(view.scores)
    ready, own = view.readiness[level["slug"]], doc["readiness"][level["slug"]]
    changes = (
        f"**{name}** scored {n} skill{'' if n == 1 else 's'}. With {their} scores in, "
        f"readiness for {level['name']} is **{percent(ready)}%** (self-rated {percent(own)}%), "
        f"placing at **{placed}**"
        + (f" (self-rated: {own_placed})" if placed != own_placed else "")
        + "."
    )
    apart = []
    if view.mean_difference is not None:
        mean = signed_mean(view.mean_difference)
        apart.append(
            f"On the skills {they} scored, the difference from the self-rating is {mean} on average"
        )
    if view.apart:
        named = ", ".join(f"{a.name} (self {a.own}, {they} {a.mentor})" for a in view.apart)
        apart.append(f"two points or more apart: {named}")
    return changes, "; ".join(apart) + "."
