"""Progress along a report's plan and learning path: which steps are done, hours left,
weeks left, what comes next.

Pure: no Django. The plan and path are the report's own (its document); the statuses come
from StepProgress rows, keyed (stage, skill) as the document names a step, the plan's
steps under the stage "plan". A step marked done counts as reached (its `to`) everywhere
(DESIGN.md, rule 5): another step of that skill up to there is done too, and one further
up starts from there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

TODO, DOING, DONE = "todo", "doing", "done"
PLAN = "plan"  # the stage the plan's steps are marked under (no level is named so)
NEXT_STEPS = 3
Key = tuple[str, str]  # (stage, skill)


def reached_by_marks(
    steps: Sequence[Mapping[str, Any]], statuses: Mapping[Key, str]
) -> dict[str, int]:
    """Per skill, the highest `to` of its steps marked done (plan and path alike)."""
    reached: dict[str, int] = {}
    for step in steps:
        if statuses.get((step["stage"], step["skill"])) == DONE:
            reached[step["skill"]] = max(step["to"], reached.get(step["skill"], 0))
    return reached


def hours_left(step: Mapping[str, Any], reached: int) -> int:
    """The step's hours for the points still to climb, once `reached` is taken as reached."""
    points = step["to"] - step["from"]
    left = step["to"] - max(step["from"], reached)
    return 0 if left <= 0 or points <= 0 else step["hours"] * left // points


@dataclass(frozen=True)
class StepState:
    stage: str
    skill: str
    hours: int
    status: str
    step: Mapping[str, Any]  # the document's own step: name, from, to, resources…
    number: int  # its place in its stage, from 1
    left: int = -1  # hours still to climb; -1: all of them

    @property
    def key(self) -> Key:
        return (self.stage, self.skill)

    @property
    def hours_left(self) -> int:
        return self.hours if self.left < 0 else self.left

    @property
    def done(self) -> bool:
        """Marked done, or reached through another step of the skill marked done."""
        return self.status == DONE or self.hours_left == 0

    # The plan's steps say whether they raise a must-have; the path's do not, and documents
    # before issue 24 say nothing of demand. Read here, a missing key costs the page nothing
    # (a template's failed lookup on a dict tries attributes, then lists every one).
    @property
    def must_have(self) -> bool:
        return bool(self.step.get("must_have"))

    @property
    def in_demand(self) -> bool:
        return bool(self.step.get("in_demand"))

    @property
    def hours_said(self) -> str:
        """ "done", "4 of 10 h left" or "about 10 h": the step's hours as its row says them."""
        if self.done:
            return "done"
        hours, left = self.step["hours"], self.hours_left
        return f"{left} of {hours} h left" if left < hours else f"about {hours} h"

    @property
    def resources_said(self) -> str:
        """What the step's toggle opens onto: "2 resources", or that none is listed."""
        n = len(self.step.get("resources", ()))
        return f"{n} resource{'s' if n != 1 else ''}" if n else "No resource listed"

    def as_json(self) -> dict[str, Any]:
        """As the page shows it: a step reached through another step of its skill is done
        (DESIGN.md, rule 5), whatever its own mark says."""
        status = DONE if self.done else self.status
        return {"stage": self.stage, "skill": self.skill, "status": status,
                "hours": self.hours, "hours_left": self.hours_left}  # fmt: skip


@dataclass(frozen=True)
class StageProgress:
    slug: str
    name: str
    steps: tuple[StepState, ...]

    @property
    def hours_total(self) -> int:
        return sum(s.hours for s in self.steps)

    @property
    def hours_done(self) -> int:
        return sum(s.hours - s.hours_left for s in self.steps)


@dataclass(frozen=True)
class PathProgress:
    stages: tuple[StageProgress, ...]

    @property
    def steps(self) -> list[StepState]:
        return [step for stage in self.stages for step in stage.steps]

    @property
    def hours_total(self) -> int:
        return sum(stage.hours_total for stage in self.stages)

    @property
    def hours_done(self) -> int:
        return sum(stage.hours_done for stage in self.stages)

    @property
    def hours_left(self) -> int:
        return self.hours_total - self.hours_done

    def find(self, stage: str, skill: str) -> StepState:
        return next(s for s in self.steps if s.key == (stage, skill))

    def stage(self, slug: str) -> StageProgress:
        return next(s for s in self.stages if s.slug == slug)

    def weeks_left(self, hours_per_week: int) -> int:
        return math.ceil((self.hours_total - self.hours_done) / hours_per_week)

    def as_json(self) -> dict[str, Any]:
        return {
            "steps": [s.as_json() for s in self.steps],
            "hours_done": self.hours_done,
            "hours_total": self.hours_total,
        }


def path_progress(
    path: Sequence[Mapping[str, Any]],
    statuses: Mapping[Key, str],
    reached: Mapping[str, int] | None = None,
) -> PathProgress:
    """The path's steps in order, grouped by stage, each with its status (to do if unset)
    and its hours left once the skills `reached` (by steps marked done) are taken as reached."""
    reached = reached_by_marks(path, statuses) if reached is None else reached
    stages: dict[str, tuple[str, list[StepState]]] = {}
    for step in path:
        key = (step["stage"], step["skill"])
        _, steps = stages.setdefault(step["stage"], (step["stage_name"], []))
        left = hours_left(step, reached.get(step["skill"], 0))
        status = statuses.get(key, TODO)
        steps.append(StepState(*key, step["hours"], status, step, len(steps) + 1, left))
    return PathProgress(
        tuple(StageProgress(slug, name, tuple(steps)) for slug, (name, steps) in stages.items())
    )


def carried(old: Mapping[Key, str], path: Sequence[Mapping[str, Any]]) -> dict[Key, str]:
    """The statuses of a new report's steps that the report it was re-assessed from had.

    A step is the same step when its stage and skill are; a step done before but still on
    the new path (the rating wasn't raised) stays done.
    """
    keys = {(step["stage"], step["skill"]) for step in path}
    return {key: status for key, status in old.items() if key in keys and status != TODO}


def proposed_ratings(
    path: Sequence[Mapping[str, Any]], statuses: Mapping[Key, str], ratings: Mapping[str, int]
) -> dict[str, int]:
    """For each skill with a step marked done, the `to` it reached (the highest, if several),
    where that is above the report's rating: what a re-assessment may start from."""
    proposals: dict[str, int] = {}
    for step in path:
        if statuses.get((step["stage"], step["skill"])) == DONE:
            best = max(step["to"], proposals.get(step["skill"], 0))
            if best > ratings.get(step["skill"], 0):
                proposals[step["skill"]] = best
    return proposals


@dataclass(frozen=True)
class PlanProgress:
    """The plan to the target with the owner's marks: its steps (stage "plan"), the hours
    left and what to do next, plan first, then the rest of the path."""

    level: str  # the target's slug
    steps: tuple[StepState, ...]
    path: PathProgress
    next: tuple[Mapping[str, Any], ...]  # {"skill", "name", "from", "to", "hours"}

    @property
    def hours_total(self) -> int:
        return sum(s.hours for s in self.steps)

    @property
    def hours_left(self) -> int:
        return sum(s.hours_left for s in self.steps)

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.done)

    def weeks_left(self, hours_per_week: int) -> int:
        return math.ceil(self.hours_left / hours_per_week)

    def find(self, skill: str) -> StepState:
        return next(s for s in self.steps if s.skill == skill)

    @property
    def beyond(self) -> PathProgress:
        """The rest of the path, what comes after the plan without repeating it: its steps
        that climb above what the plan climbs to, each from where the plan stops (a step
        the plan takes part of the way keeps only the rest, and the rest's hours)."""
        planned = {s.skill: s.step["to"] for s in self.steps}
        stages = []
        for stage in self.path.stages:
            kept = [rest_of(s, planned[s.skill]) if s.skill in planned else s for s in stage.steps]
            numbered = tuple(
                replace(s, number=n) for n, s in enumerate((s for s in kept if s.hours), start=1)
            )
            if numbered:
                stages.append(StageProgress(stage.slug, stage.name, numbered))
        return PathProgress(tuple(stages))

    def as_json(self) -> dict[str, Any]:
        """progress.json (DESIGN.md): the path's steps and hours, the plan's steps, the next
        steps, the plan's hours left."""
        return {
            **self.path.as_json(),
            "plan_steps": [s.as_json() for s in self.steps],
            "next": [{"skill": s["skill"], "from": s["from"], "to": s["to"]} for s in self.next],
            "plan_hours_left": self.hours_left,
        }

    def of_skill(self, skill: str) -> list[StepState]:
        """Every step of one skill the page shows, plan and beyond: what marking one of them
        changes."""
        return [s for s in [*self.steps, *self.beyond.steps] if s.skill == skill]


def rest_of(state: StepState, planned: int) -> StepState:
    """A path step once the plan has climbed its skill to `planned`: from there on, with
    those hours (none: the plan climbs it all)."""
    step = state.step
    start = max(step["from"], planned)
    if start == step["from"]:
        return state
    rest = hours_left(step, start)
    return replace(state, hours=rest, step={**step, "from": start, "hours": rest},
                   left=min(state.hours_left, rest))  # fmt: skip


def plan_steps(
    plan: Mapping[str, Any], path: Sequence[Mapping[str, Any]], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The plan's steps as path-like steps for marking and drawing: stage "plan", a name,
    and the resources of the path's steps of the skill (the plan climbs the same points)."""
    resources: dict[str, list[Mapping[str, Any]]] = {}
    for step in path:
        found = resources.setdefault(step["skill"], [])
        found.extend(r for r in step.get("resources", ()) if r not in found)
    return [
        {**s, "stage": PLAN, "name": names.get(s["skill"], s["skill"]),
         "resources": resources.get(s["skill"], [])}
        for s in plan["steps"]
    ]  # fmt: skip


def plan_progress(
    plan: Mapping[str, Any],
    path: Sequence[Mapping[str, Any]],
    statuses: Mapping[Key, str],
    names: Mapping[str, str],
) -> PlanProgress:
    steps = plan_steps(plan, path, names)
    reached = reached_by_marks([*steps, *path], statuses)
    states = tuple(
        StepState(PLAN, s["skill"], s["hours"], statuses.get((PLAN, s["skill"]), TODO), s, n,
                  hours_left(s, reached.get(s["skill"], 0)))
        for n, s in enumerate(steps, start=1)
    )  # fmt: skip
    progress = path_progress(path, statuses, reached)
    return PlanProgress(plan["level"], states, progress, next_steps(states, progress, reached))


def next_steps(
    plan: Sequence[StepState], path: PathProgress, reached: Mapping[str, int]
) -> tuple[Mapping[str, Any], ...]:
    """The first steps not done, plan first, each from where its skill stands now; a path
    step the plan already climbs is not repeated."""
    found: list[Mapping[str, Any]] = []
    after_plan = dict(reached)
    for state in [*plan, *path.steps]:
        step, skill = state.step, state.skill
        start = max(step["from"], after_plan.get(skill, 0))
        if not state.done and start < step["to"]:
            found.append({"skill": skill, "name": step["name"], "from": start,
                          "to": step["to"], "hours": hours_left(step, start)})  # fmt: skip
        after_plan[skill] = max(after_plan.get(skill, 0), step["to"])
    return tuple(found[:NEXT_STEPS])
