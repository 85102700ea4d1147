"""The rating sheet: what the rating page and an autosave show, in a fixed number of queries.

It reads the career's requirements (every level, for the live preview), the assessment's
ratings and, for the full page only, the descriptors; everything else is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from careers.models import Descriptor, Requirement, Skill, SkillCategory

from . import scoring
from .models import Assessment, Rating


@dataclass(frozen=True)
class Choice:
    score: int
    label: str
    text: str


@dataclass
class Row:
    skill: Skill
    target: int
    must_have: bool
    rating: Rating | None
    choices: list[Choice] = field(default_factory=list)
    error: str = ""
    just_saved: bool = False

    @property
    def rated(self) -> bool:
        return self.rating is not None

    @property
    def score(self) -> int | None:
        return self.rating.score if self.rating else None

    @property
    def evidence(self) -> str:
        return self.rating.evidence if self.rating else ""


@dataclass
class Section:
    category: SkillCategory
    rows: list[Row] = field(default_factory=list)

    @property
    def rated_count(self) -> int:
        return sum(1 for r in self.rows if r.rated)


@dataclass(frozen=True)
class Readiness:
    level: scoring.LevelInfo
    readiness: float
    blocked: int
    is_target: bool
    reached: bool

    @property
    def percent(self) -> int:
        return int(self.readiness * 100)


@dataclass
class Sheet:
    assessment: Assessment
    sections: list[Section]
    requirements: list[Requirement]  # every level of the career, for the preview
    ratings: dict[int, Rating]  # by skill id

    @property
    def preview(self) -> list[Readiness]:
        return preview(self.assessment, self.requirements, self.ratings)

    def record(self, row: Row, rating: Rating) -> None:
        """Show a rating just saved without reading the sheet again."""
        row.rating = rating
        row.just_saved = True
        self.ratings[row.skill.pk] = rating

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    @property
    def total(self) -> int:
        return sum(len(s.rows) for s in self.sections)

    @property
    def rated_count(self) -> int:
        return sum(s.rated_count for s in self.sections)

    @property
    def unrated_count(self) -> int:
        return self.total - self.rated_count

    @property
    def percent_rated(self) -> int:
        return round(100 * self.rated_count / self.total) if self.total else 100

    @property
    def threshold_percent(self) -> int:
        return int(settings.SKILLGAP_READY_THRESHOLD * 100)

    def find(self, skill_slug: str) -> tuple[Section, Row] | None:
        for section in self.sections:
            for row in section.rows:
                if row.skill.slug == skill_slug:
                    return section, row
        return None


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


def levels_of(requirements: list[Requirement]) -> list[scoring.LevelInfo]:
    """The levels a career has requirements at, in rank order."""
    found = {r.level.slug: r.level for r in requirements}
    return [
        scoring.LevelInfo(lv.slug, lv.name, lv.rank)
        for lv in sorted(found.values(), key=lambda lv: lv.rank)
    ]


def career_requirements(assessment: Assessment) -> list[Requirement]:
    return list(
        Requirement.objects.filter(career_id=assessment.career_id).select_related(
            "skill__category", "level"
        )
    )


def build_sheet(assessment: Assessment, *, with_choices: bool = True) -> Sheet:
    requirements = career_requirements(assessment)
    ratings = {r.skill_id: r for r in Rating.objects.filter(assessment=assessment)}
    target_rank = assessment.level.rank

    # Per skill, the requirement at the highest level not above the target.
    in_scope: dict[int, Requirement] = {}
    for req in requirements:
        if req.level.rank <= target_rank:
            held = in_scope.get(req.skill_id)
            if held is None or req.level.rank > held.level.rank:
                in_scope[req.skill_id] = req

    choices = scale_for([r.skill for r in in_scope.values()]) if with_choices else {}
    sections: dict[int, Section] = {}
    ordered = sorted(
        in_scope.values(),
        key=lambda r: (r.skill.category.order, r.skill.category.name, r.skill.name.lower()),
    )
    for req in ordered:
        section = sections.setdefault(req.skill.category_id, Section(req.skill.category))
        section.rows.append(
            Row(
                skill=req.skill,
                target=req.target,
                must_have=req.must_have,
                rating=ratings.get(req.skill_id),
                choices=choices.get(req.skill_id, []),
            )
        )
    return Sheet(assessment, list(sections.values()), requirements, ratings)


def preview(
    assessment: Assessment, requirements: list[Requirement], ratings: dict[int, Rating]
) -> list[Readiness]:
    levels = levels_of(requirements)
    scores = {
        r.skill.slug: ratings[r.skill_id].score for r in requirements if r.skill_id in ratings
    }
    results = scoring.evaluate(levels, map(as_scoring, requirements), scores)
    bar = scoring.as_fraction(settings.SKILLGAP_READY_THRESHOLD)
    return [
        Readiness(
            level=res.level,
            readiness=float(res.readiness),
            blocked=len(res.blocked),
            is_target=res.level.slug == assessment.level.slug,
            reached=res.passes(bar),
        )
        for res in results
    ]


def scale_for(skills: list[Skill]) -> dict[int, list[Choice]]:
    """Per skill, the six choices 0–5 in the skill's own words where it has them."""
    descriptors = Descriptor.objects.filter(
        Q(skill__isnull=True) | Q(skill__in=[s.pk for s in skills])
    )
    default: dict[int, Descriptor] = {}
    own: dict[tuple[int, int], Descriptor] = {}
    for d in descriptors:
        if d.skill_id is None:
            default[d.score] = d
        else:
            own[(d.skill_id, d.score)] = d
    fallback = dict(enumerate(["None", "Awareness", "Beginner", "Competent", "Advanced", "Expert"]))

    def choice(skill_id: int, score: int) -> Choice:
        d = own.get((skill_id, score)) or default.get(score)
        if d is None:
            return Choice(score, fallback[score], "")
        return Choice(score, d.label or fallback[score], d.text)

    return {s.pk: [choice(s.pk, score) for score in range(6)] for s in skills}
