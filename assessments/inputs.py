"""A career's requirements as scoring reads them, loaded once for a page or a snapshot."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import cast

from django.core.cache import cache
from django.db.models import Q

from careers import versions
from careers.models import Career, Descriptor, Level, Requirement, SkillAlias

from . import scoring
from .scoring import LevelInfo


def curators_order(req: Requirement) -> tuple[int, str, str, str, str, int]:
    """The order curators set: categories by display order (then name), then skills by
    name, as the rating page lists them; then level by rank. Slugs break case ties."""
    skill, category = req.skill, req.skill.category
    return (category.order, category.name.lower(), category.slug, skill.name.lower(),
            skill.slug, req.level.rank)  # fmt: skip


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
        # One query, split here; sorted here, not in SQL: names order by the database's
        # collation, and a report must read the same on SQLite and PostgreSQL.
        every = sorted(Requirement.objects.for_career(career), key=curators_order)
        return cls(
            rows=[r for r in every if not r.skill.archived],
            levels=list(Level.objects.assessable_for(career)),
            retired=[r for r in every if r.skill.archived],
        )

    def scoring(self) -> list[scoring.Requirement]:
        """As the report scores them: through the same Needs as the rating page's preview."""
        return [need.scoring() for need in map(Refs().need, self.rows)]

    def scoring_levels(self) -> list[LevelInfo]:
        return [LevelInfo(lv.slug, lv.name, lv.rank) for lv in self.levels]


# --- what the rating page and autosave read, as plain data kept per taxonomy version ---------


# Not slotted: a frozen slotted dataclass unpickles three times slower, field by field.
@dataclass(frozen=True)
class CategoryRef:
    pk: int
    slug: str
    name: str
    order: int


@dataclass(frozen=True)
class SkillRef:
    """A skill as a rating row shows and saves it."""

    pk: int
    slug: str
    name: str
    description: str
    archived: bool
    category: CategoryRef
    in_demand: bool = False  # the career guide calls it in demand: marked on its row


@dataclass(frozen=True)
class Need:
    """One requirement: a skill's target at one level."""

    skill: SkillRef
    level_slug: str
    level_rank: int
    target: int
    weight: int
    must_have: bool

    def scoring(self) -> scoring.Requirement:
        s = self.skill
        return scoring.Requirement(
            s.slug, s.name, s.category.slug, s.category.name,
            self.level_slug, self.target, self.weight, self.must_have,
        )  # fmt: skip


@dataclass
class Refs:
    """Requirements (their skill, category and level joined) as Needs: the one way from the
    taxonomy to scoring, for the rating page and the report alike. One SkillRef a skill and
    one CategoryRef a category, however many levels need it."""

    categories: dict[int, CategoryRef] = field(default_factory=dict)
    skills: dict[int, SkillRef] = field(default_factory=dict)

    def need(self, req: Requirement) -> Need:
        s, c = req.skill, req.skill.category
        category = self.categories.setdefault(c.pk, CategoryRef(c.pk, c.slug, c.name, c.order))
        ref = self.skills.setdefault(
            s.pk,
            SkillRef(s.pk, s.slug, s.name, s.description, s.archived, category, s.in_demand),
        )
        level = req.level
        return Need(ref, level.slug, level.rank, req.target, req.weight, req.must_have)


# Of the cached SheetInputs: raised when its fields change (2: tuples, 3: in_demand).
FORMAT = 3


@dataclass(frozen=True)
class SheetInputs:
    """A career's requirements at every level, for the rating sheet and its preview.

    Plain records, not model instances: building ~900 requirements with their skills,
    categories and levels was most of a 300-skill autosave, and unpickling model instances
    costs nearly as much, so the cache keeps these instead (issue 13).
    """

    # Tuples: one worker's requests share these (SheetInputs.load), so none may change them.
    needs: tuple[Need, ...]  # of current skills
    retired: tuple[Need, ...]  # of archived skills
    levels: tuple[Level, ...]  # the levels it can be assessed at, in rank order
    scoring_levels: tuple[scoring.LevelInfo, ...]
    # The scale's wording, score -> (label, text): the default under None, else a skill's own.
    worded: dict[int | None, dict[int, tuple[str, str]]] = field(default_factory=dict)
    aliases: dict[int, tuple[str, ...]] = field(default_factory=dict)  # other names, by skill

    @functools.cached_property
    def scoring(self) -> tuple[scoring.Requirement, ...]:
        """As scoring reads them; made after a cache read, as the cache keeps plain records."""
        return tuple(need.scoring() for need in self.needs)

    @classmethod
    def of(cls, inputs: CareerInputs) -> SheetInputs:
        refs = Refs()
        needs, retired = tuple(map(refs.need, inputs.rows)), tuple(map(refs.need, inputs.retired))
        ids = list(refs.skills)
        worded: dict[int | None, dict[int, tuple[str, str]]] = {}
        for skill_id, score, label, text in Descriptor.objects.filter(
            Q(skill__isnull=True) | Q(skill__in=ids)
        ).values_list("skill_id", "score", "label", "text"):
            worded.setdefault(skill_id, {})[score] = (label, text)
        named: dict[int, list[str]] = {}
        found = SkillAlias.objects.filter(skill__in=ids).order_by("name")
        for skill_id, name in found.values_list("skill_id", "name"):
            named.setdefault(skill_id, []).append(name)
        aliases = {skill_id: tuple(names) for skill_id, names in named.items()}
        levels, scoring_levels = tuple(inputs.levels), tuple(inputs.scoring_levels())
        return cls(needs, retired, levels, scoring_levels, worded, aliases)

    @classmethod
    def load(cls, career_id: int) -> SheetInputs:
        """From this process's last read, or the cache, while the taxonomy is unchanged
        (one query for its version)."""
        key = f"sheet-inputs:{FORMAT}:{career_id}:{versions.current()}"
        held = _held.get(career_id)
        if held is not None and held[0] == key:
            return held[1]
        found = cast(
            SheetInputs,
            cache.get_or_set(key, lambda: cls.of(CareerInputs.load(career_id)), 60 * 60 * 24),
        )
        _held[career_id] = (key, found)
        return found


# The inputs this process read last, one per career, under the key they were read with.
# Unpickling them from the cache was a sixth of a 300-skill autosave (bench/profile_pages.py),
# and they cannot go stale here: the key holds the taxonomy version, read from the database
# on every request, which a curator's edit on any server raises in the same transaction. So
# every server still answers alike; this only saves re-reading what has not changed.
_held: dict[int, tuple[str, SheetInputs]] = {}


def forget() -> None:
    """Drop what this process holds: with the cache, when the database starts over (tests;
    a restored backup, whose taxonomy version may repeat a number: docs/deploy.md)."""
    _held.clear()
