"""Numbers for the report's charts; the SVG itself is drawn by a template.

Pure: no Django imports. The radar shows, per category, the weighted mean of your
scores against the weighted mean of the targets, on the 0–5 proficiency scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessments.scoring import Requirement

SCALE_MAX = 5
LABEL_ROOM = 190  # units beside the chart for category names (LABEL_LINE characters wide)
LABEL_LINE = 22  # characters a line of a category's name holds there
LABEL_LINES = 2  # lines a name may take; past them it is cut with an ellipsis
LINE_HEIGHT = 15  # units between a name's lines (the names are 12–13 px)


def category_profile(
    requirements: Iterable[Requirement], ratings: Mapping[str, int], category: str
) -> dict[str, float]:
    """Weighted mean score ("you") and target ("target") of one category's skills."""
    members = [r for r in requirements if r.category == category]
    weights = sum(r.weight for r in members) or 1
    you = sum(r.weight * ratings.get(r.skill, 0) for r in members) / weights
    target = sum(r.weight * r.target for r in members) / weights
    return {"you": round(you, 2), "target": round(target, 2)}


@dataclass(frozen=True)
class Axis:
    label: str
    lines: tuple[str, ...]  # the label as drawn, broken between words
    x: float  # end of the axis
    y: float
    label_x: float
    label_y: float  # the first line's baseline
    anchor: str  # text-anchor for the label
    number_x: float  # where the axis's number stands in for the label on a phone
    number_y: float


@dataclass(frozen=True)
class Radar:
    size: int
    pad: int  # room left and right for category labels
    center: float
    radius: float
    axes: list[Axis]
    rings: list[str]  # polygon points of the 1..5 grid rings
    you: str  # polygon points
    target: str

    @property
    def view_box(self) -> str:
        return f"{-self.pad} 0 {self.size + 2 * self.pad} {self.size}"

    @property
    def line_height(self) -> int:
        return LINE_HEIGHT

    @property
    def width(self) -> int:
        return self.size + 2 * self.pad


def label_lines(label: str) -> tuple[str, ...]:
    """A category's name in lines of up to LABEL_LINE characters, broken between words,
    so the chart names it whole; only past LABEL_LINES lines is the rest cut ("…")."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= LABEL_LINE:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > LABEL_LINES:
        lines[LABEL_LINES - 1 :] = [" ".join(lines[LABEL_LINES - 1 :])]
    return tuple(
        line if len(line) <= LABEL_LINE else line[: LABEL_LINE - 1].rstrip() + "…" for line in lines
    )


def _point(center: float, radius: float, i: int, n: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n  # first axis points up
    r = radius * max(0.0, min(value, SCALE_MAX)) / SCALE_MAX
    return center + r * math.cos(angle), center + r * math.sin(angle)


def _polygon(center: float, radius: float, values: Sequence[float]) -> str:
    n = len(values)
    return " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in (_point(center, radius, i, n, v) for i, v in enumerate(values))
    )


def radar(
    labels: Sequence[str], you: Sequence[float], target: Sequence[float], size: int = 360
) -> Radar:
    center, radius = size / 2, size / 2 - 70  # room for labels
    n = max(len(labels), 1)
    axes = []
    for i, label in enumerate(labels):
        x, y = _point(center, radius, i, n, SCALE_MAX)
        lx, ly = _point(center, radius + 14, i, n, SCALE_MAX)
        anchor = "middle" if abs(lx - center) < 1 else ("start" if lx > center else "end")
        nx, ny = _point(center, radius + 24, i, n, SCALE_MAX)
        lines = label_lines(label)
        # A name above the centre grows upwards, one beside it about its middle, so its
        # lines stay off the chart.
        lift = 1.0 if ly < center - 1 else (0.5 if ly <= center + 1 else 0.0)
        top = ly + 4 - lift * LINE_HEIGHT * (len(lines) - 1)
        axes.append(Axis(label, lines, x, y, lx, top, anchor, nx, ny + 9))
    rings = [_polygon(center, radius, [level] * n) for level in range(1, SCALE_MAX + 1)]
    return Radar(
        size,
        LABEL_ROOM,
        center,
        radius,
        axes,
        rings,
        _polygon(center, radius, you),
        _polygon(center, radius, target),
    )
