"""Progress along a report's learning path: which steps are done, hours done, weeks left.

Pure: no Django. The path is the report's own (its document); the statuses come from
StepProgress rows, keyed (stage, skill) as the document names a step.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

TODO, DOING, DONE = "todo", "doing", "done"
Key = tuple[str, str]  # (stage, skill)


@dataclass(frozen=True)
class StepState:
    stage: str
    skill: str
    hours: int
    status: str
    step: Mapping[str, Any]  # the document's own step: name, from, to, resources…
    number: int  # its place in its stage, from 1

    @property
    def key(self) -> Key:
        return (self.stage, self.skill)


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
        return sum(s.hours for s in self.steps if s.status == DONE)


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

    def find(self, stage: str, skill: str) -> StepState:
        return next(s for s in self.steps if s.key == (stage, skill))

    def stage(self, slug: str) -> StageProgress:
        return next(s for s in self.stages if s.slug == slug)

    def weeks_left(self, hours_per_week: int) -> int:
        return math.ceil((self.hours_total - self.hours_done) / hours_per_week)

    def as_json(self) -> dict[str, Any]:
        return {
            "steps": [
                {"stage": s.stage, "skill": s.skill, "status": s.status, "hours": s.hours}
                for s in self.steps
            ],
            "hours_done": self.hours_done,
            "hours_total": self.hours_total,
        }


def path_progress(path: Sequence[Mapping[str, Any]], statuses: Mapping[Key, str]) -> PathProgress:
    """The path's steps in order, grouped by stage, each with its status (to do if unset)."""
    stages: dict[str, tuple[str, list[StepState]]] = {}
    for step in path:
        key = (step["stage"], step["skill"])
        _, steps = stages.setdefault(step["stage"], (step["stage_name"], []))
        steps.append(StepState(*key, step["hours"], statuses.get(key, TODO), step, len(steps) + 1))
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
