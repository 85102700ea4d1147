"""The top of a report, read from its document: the plan to the level the person chose
and how long it takes, what blocks that level, where they place now and why, and what to
do next.

Pure: no Django. Everything comes from the saved document (its results, its plan, and its
inputs for the scores and targets of blocking skills) and the owner's progress, so an old
report reads the same later. The sentences are built here, not in templates, and speak to
their reader: "you" to the report's owner, the owner's name to anyone else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessments.scoring import percent

from .progress import NEXT_STEPS, PlanProgress


def plural(n: int, word: str, many: str = "") -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


@dataclass(frozen=True)
class Voice:
    """Who a report speaks to: its owner ("you"), or a mentor or link holder (name=owner's)."""

    name: str = ""  # empty: the owner reads; "this person" where a link hides the name

    @property
    def owner(self) -> bool:
        return not self.name

    @property
    def possessive(self) -> str:
        return "your" if self.owner else f"{self.name}'s"

    @property
    def short(self) -> str:
        """In a skill row: "you 1 · target 3" or "Jordan 1 · target 3"."""
        return "you" if self.owner else self.name

    @property
    def title(self) -> str:
        """A column heading or a sentence's start: "You" or "Jordan Lee"."""
        return "You" if self.owner else self.name[0].upper() + self.name[1:]

    @property
    def possessive_title(self) -> str:
        return "Your" if self.owner else f"{self.title}'s"

    @property
    def own(self) -> str:
        """ "(yours 2)" or "(Jordan Lee's 2)" beside a mentor's score."""
        return "yours" if self.owner else f"{self.name}'s"

    def says(self, you: str, they: str, *, first: bool = True) -> str:
        """`You place` / `Jordan places`: the subject and its verb (`you place` inside a
        sentence, when not `first`)."""
        subject = "you" if self.owner else self.name
        if first:
            subject = subject[0].upper() + subject[1:]
        return f"{subject} {you if self.owner else they}"


OWNER = Voice()
ANONYMOUS_OWNER = "this person"  # a link that hides its owner's name


@dataclass(frozen=True)
class Blocker:
    """A must-have skill below its target at a level."""

    name: str
    score: int
    target: int


@dataclass(frozen=True)
class LevelVerdict:
    slug: str
    name: str
    percent: int  # readiness, whole percent rounded down
    threshold: int  # the percent a level needs
    reached: bool
    blockers: tuple[Blocker, ...]

    @property
    def short_by(self) -> int:
        """Percentage points of readiness still missing (0 when readiness is enough)."""
        return max(0, self.threshold - self.percent)

    @property
    def reason(self) -> str:
        """Why the level is or isn't reached, in the words a job seeker reads."""
        if self.reached:
            return f"reached: readiness {self.percent}%, no must-have below its target"
        parts = []
        if self.short_by:
            parts.append(
                f"readiness {self.percent}%, "
                f"{plural(self.short_by, 'percentage point')} short of {self.threshold}%"
            )
        else:
            parts.append(f"readiness {self.percent}% is enough")
        if self.blockers:
            named = ", ".join(f"{b.name} ({b.score} of {b.target})" for b in self.blockers)
            parts.append(f"must-have{'s' if len(self.blockers) > 1 else ''} below target: {named}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Headline:
    target: LevelVerdict
    placement: str  # a level's name, or "Below Entry"
    placed: bool  # at any level at all
    levels: tuple[LevelVerdict, ...]  # every level up to and including the target
    next_steps: tuple[Mapping[str, Any], ...]  # the first steps not done, plan first
    plan: PlanProgress | None = None
    hours_per_week: int = 10
    voice: Voice = OWNER

    @property
    def glossary(self) -> tuple[tuple[str, str], ...]:
        """The report's words, the same on the rating page: one meaning each."""
        bar = self.target.threshold
        return (
            ("Readiness", "how much of a level is there: the targets' points reached, each "
             f"skill counted by its weight. A level is reached at {bar}% readiness with no "
             "must-have below its target."),
            ("Target", "the score, 0 to 5, a level asks of a skill."),
            ("Weight", "how much a skill counts at a level, from 1 to 5."),
            ("Must-have", "a skill that holds its level back while below its target, "
             "whatever the readiness."),
            ("Points", "steps on the 0–5 scale: rising from 2 to 3 is one point. Readiness "
             "moves in percentage points."),
            ("Plan", f"the fewest steps that reach {self.target.name}: must-haves first, then "
             "the points that add the most readiness an hour."),
        )  # fmt: skip

    @property
    def below_target(self) -> bool:
        return not self.target.reached or any(not lv.reached for lv in self.levels)

    @property
    def first_gap(self) -> LevelVerdict | None:
        """The first level not reached: where the work is."""
        return next((lv for lv in self.levels if not lv.reached), None)

    @property
    def plan_sentence(self) -> str:
        """ "Plan to Mid: 7 steps, 95 hours, about 10 weeks at 10 h a week." """
        name, plan = self.target.name, self.plan
        if plan is None or not plan.steps:
            return (f"Plan to {name}: nothing to do. "
                    f"{self.voice.says('already place', 'already places')} at {name}.")  # fmt: skip
        steps = plural(len(plan.steps), "step")
        weeks = plural(plan.weeks_left(self.hours_per_week), "week")
        pace = f"about {weeks} at {self.hours_per_week} h a week"
        if not plan.done:
            return f"Plan to {name}: {steps}, {plural(plan.hours_left, 'hour')}, {pace}."
        if plan.done == len(plan.steps):
            return f"Plan to {name}: all {steps} done."
        return (f"Plan to {name}: {steps}, {plan.done} done; "
                f"{plural(plan.hours_left, 'hour')} left, {pace}.")  # fmt: skip

    @property
    def placement_sentence(self) -> str:
        if not self.placed:
            first = self.levels[0].name if self.levels else "any level"
            return f"{self.voice.says('do', 'does')} not reach {first} yet."
        return f"{self.voice.says('place', 'places')} at {self.placement}."

    @property
    def short_sentence(self) -> str:
        t = self.target
        return (f"Readiness is {plural(t.short_by, 'percentage point')} short of the "
                f"{t.threshold}% {t.name} needs.")  # fmt: skip

    @property
    def blocker_sentences(self) -> list[str]:
        at, name = self.voice.says("are", "is", first=False), self.target.name
        return [
            f"Must-have {b.name}: {at} at {b.score}, {name} needs {b.target}."
            for b in self.target.blockers
        ]

    @property
    def aim(self) -> str:
        """ "ready for Mid, the level you aim at" """
        aims = self.voice.says("aim", "aims", first=False)
        return f"ready for {self.target.name}, the level {aims} at"

    @property
    def between(self) -> str:
        return f"What stands between {self.voice.short} and {self.target.name}"

    @property
    def stand(self) -> str:
        return f"Where {self.voice.says('stand', 'stands', first=False)} now"

    @property
    def next_title(self) -> str:
        n = len(self.next_steps)
        return f"{self.voice.possessive_title} next {'step' if n == 1 else plural(n, 'step')}"

    @property
    def obstacles(self) -> tuple[str, ...]:
        """What stands between the person and their target, one sentence each."""
        t = self.target
        said = [self.short_sentence] if t.short_by else []
        said += self.blocker_sentences
        if t.reached:
            said.append(
                f"Nothing at {t.name} itself: its readiness is enough and every must-have "
                "meets its target."
            )
        elif not t.short_by and not t.blockers:
            said.append(f"Nothing at {t.name} itself.")
        said += [
            f"{lv.name} comes first, and it isn't reached yet (below)."
            for lv in self.levels
            if lv.slug != t.slug and not lv.reached
        ]
        return tuple(said)


def _blockers(doc: Mapping[str, Any], level: Mapping[str, Any]) -> tuple[Blocker, ...]:
    inputs = doc["inputs"]
    targets = {
        r["skill"]: r["target"] for r in inputs["requirements"] if r["level"] == level["slug"]
    }
    return tuple(
        Blocker(
            name=inputs["skills"][slug]["name"],
            score=inputs["ratings"].get(slug, 0),
            target=targets[slug],
        )
        for slug in level["blocked"]
    )


def headline(
    doc: Mapping[str, Any],
    plan: PlanProgress | None = None,
    *,
    hours_per_week: int = 10,
    voice: Voice = OWNER,
) -> Headline:
    threshold = percent(doc["threshold"])
    target_rank = doc["level"]["rank"]
    levels = tuple(
        LevelVerdict(
            slug=lv["slug"],
            name=lv["name"],
            percent=percent(lv["readiness"]),
            threshold=threshold,
            reached=lv["reached"],
            blockers=_blockers(doc, lv),
        )
        for lv in sorted(doc["levels"], key=lambda lv: lv["rank"])
        if lv["rank"] <= target_rank
    )
    return Headline(
        target=next(lv for lv in levels if lv.slug == doc["level"]["slug"]),
        placement=doc["placement"]["name"],
        placed=doc["placement"]["slug"] is not None,
        levels=levels,
        next_steps=plan.next if plan is not None else tuple(doc["path"][:NEXT_STEPS]),
        plan=plan,
        hours_per_week=hours_per_week,
        voice=voice,
    )
