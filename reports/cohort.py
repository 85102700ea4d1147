"""A mentor's cohort: their mentees as rows, categories as columns, from each mentee's
latest report shared with the mentor (pure: plain rows in, the table out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assessments.scoring import percent

SORTS = {"readiness": "most ready first", "-readiness": "least ready first", "name": "by name"}


@dataclass(frozen=True)
class Shared:
    """One report shared with the mentor, as the cohort reads it."""

    mentee: str  # the owner's display name
    mentee_id: int
    report_url: str
    created: datetime
    career: Mapping[str, str]  # {slug, name}
    level: str  # the target level's name
    readiness: float  # at the target level
    placement: str
    categories: Sequence[Mapping[str, Any]]  # {slug, name, readiness} at the target level


@dataclass(frozen=True)
class Row:
    report: Shared
    cells: list[int | None]  # whole percent per column; None: not in that career


@dataclass(frozen=True)
class Cohort:
    columns: list[tuple[str, str]]  # (category slug, name)
    rows: list[Row]
    careers: list[tuple[str, str]]  # (slug, name) of every career shared, for the filter


def cohort(shared: Iterable[Shared], *, career: str = "", sort: str = "readiness") -> Cohort:
    shared = list(shared)
    careers = sorted({(s.career["slug"], s.career["name"]) for s in shared}, key=lambda c: c[1])
    latest: dict[int, Shared] = {}
    for s in shared:
        if career and s.career["slug"] != career:
            continue
        held = latest.get(s.mentee_id)
        if held is None or s.created > held.created:
            latest[s.mentee_id] = s
    columns: dict[str, str] = {}
    for s in sorted(latest.values(), key=lambda s: s.created, reverse=True):
        for c in s.categories:
            columns.setdefault(c["slug"], c["name"])
    rows = [Row(s, [_cell(s, slug) for slug in columns]) for s in _sorted(latest.values(), sort)]
    return Cohort(list(columns.items()), rows, careers)


def _cell(s: Shared, slug: str) -> int | None:
    found = next((c for c in s.categories if c["slug"] == slug), None)
    return None if found is None else percent(found["readiness"])


def _sorted(reports: Iterable[Shared], sort: str) -> list[Shared]:
    by_name = sorted(reports, key=lambda s: s.mentee.lower())
    if sort == "name":
        return by_name
    return sorted(by_name, key=lambda s: s.readiness, reverse=sort != "-readiness")
