"""A career's guide as its page reads it: what the role does, levels with pay, pay by place
and by employer, demand with its sources, skills in demand, trends, practices, challenges.

Only what curators stored from the guide is shown: a section with nothing in it is left
out, and so is a level's years or pay that the guide does not give.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from .matrix import Matrix
from .models import (
    Career,
    CareerLevel,
    CareerNote,
    DemandFigure,
    NoteSection,
    PlaceKind,
    SalaryBand,
    Skill,
)


@dataclass(frozen=True)
class NoteGroup:
    heading: str
    texts: list[str]


@dataclass(frozen=True)
class LevelPay:
    """A level as the guide gives it, and whether people can aim at it here."""

    career_level: CareerLevel
    assessable: bool


@dataclass
class CareerGuide:
    levels: list[LevelPay] = field(default_factory=list)
    market: list[SalaryBand] = field(default_factory=list)  # across the market
    places: list[SalaryBand] = field(default_factory=list)  # cities and remote
    employers: list[SalaryBand] = field(default_factory=list)
    demand: list[DemandFigure] = field(default_factory=list)
    in_demand: list[Skill] = field(default_factory=list)
    sections: dict[str, list[NoteGroup]] = field(default_factory=dict)

    def section(self, name: str) -> list[NoteGroup]:
        return self.sections.get(name, [])

    @property
    def responsibilities(self) -> list[NoteGroup]:
        return self.section(NoteSection.RESPONSIBILITY)

    @property
    def degrees(self) -> list[NoteGroup]:
        return self.section(NoteSection.DEGREE)

    @property
    def skills_in_demand(self) -> list[NoteGroup]:
        return self.section(NoteSection.SKILLS_IN_DEMAND)

    @property
    def trends(self) -> list[NoteGroup]:
        return self.section(NoteSection.TREND)

    @property
    def practices(self) -> list[NoteGroup]:
        return self.section(NoteSection.PRACTICE)

    @property
    def challenges(self) -> list[NoteGroup]:
        return self.section(NoteSection.CHALLENGE)

    @property
    def level_sources(self) -> list[str]:
        return sorted({lp.career_level.source for lp in self.levels if lp.career_level.source})


def grouped(notes: list[CareerNote]) -> dict[str, list[NoteGroup]]:
    """Notes by section, then by heading in the curators' order."""
    sections: dict[str, list[NoteGroup]] = {}
    for note in notes:
        groups = sections.setdefault(note.section, [])
        if not groups or groups[-1].heading != note.heading:
            groups.append(NoteGroup(note.heading, []))
        groups[-1].texts.append(note.text)
    return sections


def career_guide(career: Career, matrix: Matrix) -> CareerGuide:
    """Four queries, whatever the career holds: the levels people can aim at and the skills
    in demand are the matrix's (its columns and rows)."""
    assessable = {lv.pk for lv in matrix.levels}
    levels = [
        LevelPay(cl, cl.level_id in assessable)
        for cl in career.career_levels.select_related("level").order_by("level__rank")
    ]
    bands = list(career.salary_bands.select_related("level"))
    in_demand = sorted(
        (row.skill for group in matrix.groups for row in group.rows if row.skill.in_demand),
        key=lambda skill: skill.name.lower(),
    )
    return CareerGuide(
        levels=levels,
        market=[b for b in bands if b.place_kind == PlaceKind.MARKET],
        places=[b for b in bands if b.place_kind in (PlaceKind.CITY, PlaceKind.REMOTE)],
        employers=[b for b in bands if b.place_kind == PlaceKind.EMPLOYER],
        demand=list(career.demand.all()),
        in_demand=in_demand,
        sections=grouped(list(career.notes.all())),
    )


def pay_by_place(career_id: int, level_id: int) -> list[SalaryBand]:
    """The pay by place for a report's level context: the career's city and remote figures
    that hold for that level or for no one level."""
    return list(
        SalaryBand.objects.filter(
            career_id=career_id, place_kind__in=[PlaceKind.CITY, PlaceKind.REMOTE]
        )
        .filter(Q(level_id=level_id) | Q(level__isnull=True))
        .select_related("level")
    )
