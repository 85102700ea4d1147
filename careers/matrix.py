"""A career's skill matrix: skills grouped by category × levels, in two queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import rules
from .models import Career, CareerLevel, Level, Requirement, Skill, SkillCategory


@dataclass
class MatrixRow:
    skill: Skill
    cells: list[Requirement | None]
    levels: Sequence[Level] = ()  # the matrix's columns, which the cells follow

    @property
    def columns(self) -> list[tuple[Level, Requirement | None]]:
        return list(zip(self.levels, self.cells, strict=True))


@dataclass
class MatrixGroup:
    category: SkillCategory
    rows: list[MatrixRow] = field(default_factory=list)


@dataclass
class Matrix:
    career: Career
    levels: list[Level]
    career_levels: list[CareerLevel | None]  # aligned with levels
    groups: list[MatrixGroup]
    requirement_count: int

    @property
    def skill_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)

    def columns(self) -> list[tuple[Level, CareerLevel | None]]:
        return list(zip(self.levels, self.career_levels, strict=True))

    def page(self, number: int, per_page: int) -> Matrix:
        """The same matrix cut to one page of skill rows (groups split where a page ends)."""
        start, end = (number - 1) * per_page, number * per_page
        groups, seen = [], 0
        for group in self.groups:
            rows = group.rows[max(0, start - seen) : max(0, end - seen)]
            seen += len(group.rows)
            if rows:
                groups.append(MatrixGroup(group.category, rows))
        return Matrix(self.career, self.levels, self.career_levels, groups, self.requirement_count)

    def only(self, category: str) -> Matrix:
        """The rows of one category (a slug); every row when it is empty."""
        groups = [g for g in self.groups if not category or g.category.slug == category]
        return Matrix(self.career, self.levels, self.career_levels, groups, self.requirement_count)

    def categories(self) -> list[SkillCategory]:
        return [g.category for g in self.groups]

    def warnings(self) -> list[str]:
        """Rule breaks worth a curator's attention (skills missing at higher levels)."""
        level_names = {lv.rank: lv.name for lv in self.levels if self.offers(lv)}
        targets = [
            rules.LevelTarget(row.skill.name, lv.name, lv.rank, req.target)
            for group in self.groups
            for row in group.rows
            for lv, req in zip(self.levels, row.cells, strict=True)
            if req is not None
        ]
        return rules.missing_at_higher_levels(targets, level_names)

    def offers(self, level: Level) -> bool:
        """The career requires something at the level, so people can aim at it.

        A level described for years and pay only (the guide's 10+ years expert band) is no
        target: a skill is not "missing" there.
        """
        i = self.levels.index(level)
        return any(row.cells[i] for group in self.groups for row in group.rows)


def career_matrix(
    career: Career,
    *,
    levels: Sequence[Level] | None = None,
    archived: bool = False,
) -> Matrix:
    """The career's requirements as a matrix.

    `levels`: the columns (by default the levels the career describes or requires);
    `archived`: include archived skills (left out of what people see by default).
    """
    career_levels = {cl.level_id: cl for cl in career.career_levels.select_related("level")}
    requirements = Requirement.objects.for_career(career)
    if not archived:
        requirements = requirements.current()
    found = list(requirements)
    if levels is None:
        by_pk = {cl.level.pk: cl.level for cl in career_levels.values()}
        by_pk.update({r.level.pk: r.level for r in found})
        levels = sorted(by_pk.values(), key=lambda lv: lv.rank)
    ordered_levels = list(levels)
    column = {lv.pk: i for i, lv in enumerate(ordered_levels)}

    rows: dict[int, MatrixRow] = {}
    for req in found:
        if req.level_id not in column:
            continue
        row = rows.setdefault(
            req.skill_id, MatrixRow(req.skill, [None] * len(ordered_levels), ordered_levels)
        )
        row.cells[column[req.level_id]] = req

    groups: dict[int, MatrixGroup] = {}
    for row in sorted(rows.values(), key=lambda r: r.skill.name.lower()):
        cat = row.skill.category
        groups.setdefault(cat.pk, MatrixGroup(cat)).rows.append(row)
    return Matrix(
        career=career,
        levels=ordered_levels,
        career_levels=[career_levels.get(lv.pk) for lv in ordered_levels],
        groups=sorted(groups.values(), key=lambda g: (g.category.order, g.category.name)),
        requirement_count=len(found),
    )
