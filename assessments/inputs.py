"""A career's requirements as scoring reads them, loaded once for a page or a snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field

from careers.models import Career, Level, Requirement

from . import scoring


def as_scoring(req: Requirement) -> scoring.Requirement:
    return scoring.Requirement(
        skill=req.skill.slug,
        name=req.skill.name,
        category=req.skill.category.slug,
        category_name=req.skill.category.name,
        level=req.level.slug,
        target=req.target,
        weight=req.weight,
        must_have=req.must_have,
    )


@dataclass(frozen=True)
class CareerInputs:
    """Every requirement of a career (all levels, with their joins) and its levels.

    Requirements of archived skills are kept apart: they no longer count (scoring, new
    assessments, reports), but a draft that rated them shows them as retired.
    """

    rows: list[Requirement]
    levels: list[Level]  # the levels it can be assessed at, in rank order
    retired: list[Requirement] = field(default_factory=list)  # of archived skills

    @classmethod
    def load(cls, career: Career | int) -> CareerInputs:
        every = list(Requirement.objects.for_career(career))  # one query, split here
        return cls(
            rows=[r for r in every if not r.skill.archived],
            levels=list(Level.objects.assessable_for(career)),
            retired=[r for r in every if r.skill.archived],
        )

    def scoring(self) -> list[scoring.Requirement]:
        return [as_scoring(r) for r in self.rows]

    def scoring_levels(self) -> list[scoring.LevelInfo]:
        return [scoring.LevelInfo(lv.slug, lv.name, lv.rank) for lv in self.levels]
