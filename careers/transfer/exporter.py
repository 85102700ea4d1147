"""Export the taxonomy as the JSON bundle or the CSV forms of docs/taxonomy-format.md.

Deterministic: every list is sorted by slug (levels by rank), so exporting, importing into
an empty database and exporting again gives the same bytes. The CSVs go through the one
CSV writer (lib/spreadsheet.py): a cell that starts like a formula gets an apostrophe in
front, which the importer takes off again (bundle.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Prefetch

from lib import spreadsheet

from ..models import (
    Career,
    CareerLevel,
    CareerNote,
    DemandFigure,
    Descriptor,
    ExternalId,
    Level,
    Requirement,
    Resource,
    SalaryBand,
    Skill,
    SkillAlias,
    SkillCategory,
)
from .bundle import (
    FORMAT,
    GUIDE_COLUMNS,
    ID_COLUMNS,
    REQUIREMENT_COLUMNS,
    SKILL_COLUMNS,
    VERSION,
)


def _careers(slugs: Iterable[str] | None) -> list[Career]:
    careers = Career.objects.order_by("slug").prefetch_related(
        Prefetch(
            "career_levels",
            queryset=CareerLevel.objects.select_related("level").order_by("level__rank"),
        ),
        Prefetch(
            "requirements",
            queryset=Requirement.objects.select_related("skill__category", "level").order_by(
                "skill__slug", "level__rank"
            ),
        ),
        Prefetch("salary_bands", queryset=SalaryBand.objects.select_related("level")),
        Prefetch("demand", queryset=DemandFigure.objects.all()),
        Prefetch("notes", queryset=CareerNote.objects.all()),
    )
    if slugs is not None:
        careers = careers.filter(slug__in=list(slugs))
    return list(careers)


# Skills are read this many at a time, their sets prefetched per batch: the export's memory
# stays bounded, and a background export says how far it is after each batch.
BATCH = 1_000

Progress = Callable[[int, int], None]  # (skills written, skills in all)


def _skill_ids(careers: list[Career] | None) -> list[int]:
    """Every skill, or those the careers require plus their prerequisites, transitively;
    by slug."""
    ordered = Skill.objects.order_by("slug").values_list("pk", flat=True)
    if careers is None:
        return list(ordered)
    wanted = {r.skill_id for c in careers for r in c.requirements.all()}
    edges: dict[int, list[int]] = {}
    for a, b in Skill.prerequisites.through.objects.values_list("from_skill_id", "to_skill_id"):
        edges.setdefault(a, []).append(b)
    frontier = list(wanted)
    while frontier:
        for b in edges.get(frontier.pop(), []):
            if b not in wanted:
                wanted.add(b)
                frontier.append(b)
    return [pk for pk in ordered if pk in wanted]


def _skills(ids: list[int], progress: Progress | None) -> Iterator[Skill]:
    """The skills, in the order of `ids`, a batch at a time; `progress` after each batch."""
    skills = Skill.objects.select_related("category").prefetch_related(
        Prefetch("prerequisites", queryset=Skill.objects.order_by("slug")),
        Prefetch("descriptors", queryset=Descriptor.objects.order_by("score")),
        Prefetch("resources", queryset=Resource.objects.order_by("url")),
        Prefetch("aliases", queryset=SkillAlias.objects.order_by("name")),
        Prefetch("external_ids", queryset=ExternalId.objects.order_by("code")),
    )
    for start in range(0, len(ids), BATCH):
        yield from skills.filter(pk__in=ids[start : start + BATCH]).order_by("slug")
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))


def skill_count(career_slugs: Iterable[str] | None) -> int:
    """How many skills an export of these careers (None: the whole taxonomy) holds."""
    return len(_skill_ids(None if career_slugs is None else _careers(career_slugs)))


def bundle_data(
    career_slugs: Iterable[str] | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    careers = _careers(career_slugs)
    ids = _skill_ids(None if career_slugs is None else careers)
    skills = [_skill(s) for s in _skills(ids, progress)]
    categories = SkillCategory.objects.order_by("slug")
    if career_slugs is not None:
        categories = categories.filter(
            pk__in=Skill.objects.filter(pk__in=ids).values("category_id").distinct()
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "levels": [
            {"slug": lv.slug, "name": lv.name, "rank": lv.rank}
            for lv in Level.objects.order_by("rank")
        ],
        "categories": [{"slug": c.slug, "name": c.name, "order": c.order} for c in categories],
        "default_scale": [
            {"score": d.score, "label": d.label, "text": d.text}
            for d in Descriptor.objects.filter(skill__isnull=True).order_by("score")
        ],
        "skills": skills,
        "careers": [_career(c) for c in careers],
    }


def _skill(s: Skill) -> dict[str, Any]:
    return {
        "slug": s.slug,
        "name": s.name,
        "category": s.category.slug,
        "description": s.description,
        "hours_per_point": s.hours_per_point,
        "prerequisites": [p.slug for p in s.prerequisites.all()],
        "aliases": s.alias_names(),
        # Every scheme, empty ones too: importing the file back clears ids it does not list.
        "external_ids": s.codes(),
        "archived": s.archived,
        "in_demand": s.in_demand,
        "descriptors": [
            {"score": d.score, "label": d.label, "text": d.text} for d in s.descriptors.all()
        ],
        "resources": [
            {
                "title": r.title,
                "url": r.url,
                "kind": r.kind,
                "hours": r.hours,
                "from_score": r.from_score,
                "to_score": r.to_score,
                "is_free": r.is_free,
            }
            for r in s.resources.all()
        ],
    }


def _career(c: Career) -> dict[str, Any]:
    return {
        "slug": c.slug,
        "name": c.name,
        "summary": c.summary,
        "description": c.description,
        "order": c.order,
        "levels": [
            {
                "level": cl.level.slug,
                "years_min": cl.years_min,
                "years_max": cl.years_max,
                "salary_min": cl.salary_min,
                "salary_max": cl.salary_max,
                "currency": cl.currency,
                "source": cl.source,
                "description": cl.description,
            }
            for cl in c.career_levels.all()
        ],
        "requirements": [
            {
                "skill": r.skill.slug,
                "level": r.level.slug,
                "target": r.target,
                "weight": r.weight,
                "must_have": r.must_have,
            }
            for r in c.requirements.all()
        ],
        # The guide's lists, in the curators' order (the models' ordering).
        "salary_bands": [
            {
                "level": b.level.slug if b.level else None,
                "label": b.label,
                "place_kind": b.place_kind,
                "place": b.place,
                "salary_min": b.salary_min,
                "salary_max": b.salary_max,
                "approximate": b.approximate,
                "open_ended": b.open_ended,
                "currency": b.currency,
                "source": b.source,
                "year": b.year,
            }
            for b in c.salary_bands.all()
        ],
        "demand": [
            {"text": d.text, "source": d.source, "period": d.period} for d in c.demand.all()
        ],
        "notes": [
            {"section": n.section, "heading": n.heading, "text": n.text} for n in c.notes.all()
        ],
    }


def export_json(
    career_slugs: Iterable[str] | None = None, progress: Progress | None = None
) -> bytes:
    text = json.dumps(bundle_data(career_slugs, progress), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    return spreadsheet.text([header, *rows], lineterminator="\n").encode("utf-8")


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


def _guide_rows(careers: list[Career]) -> list[list[Any]]:
    """Each entry of the careers' guide lists, in order, in the guide CSV's columns."""
    rows = []
    for c in careers:
        data = _career(c)
        for key in ("salary_bands", "demand", "notes"):
            for entry in data[key]:
                row = {"career": c.slug, "list": key, **entry}
                rows.append([_cell(row.get(column)) for column in GUIDE_COLUMNS])
    return rows


def export_csv(
    career_slugs: Iterable[str] | None = None, progress: Progress | None = None
) -> dict[str, bytes]:
    """{"requirements.csv": …, "skills.csv": …, "guide.csv": …}: the three CSV forms."""
    careers = _careers(career_slugs)
    skills = _skills(_skill_ids(None if career_slugs is None else careers), progress)
    requirements = [
        [c.slug, r.level.slug, r.skill.category.slug, r.skill.slug, r.target, r.weight,
         "yes" if r.must_have else "no"]
        for c in careers
        for r in c.requirements.all()
    ]  # fmt: skip
    skill_rows = [
        [s.slug, s.name, s.category.slug, s.description, s.hours_per_point,
         ";".join(p.slug for p in s.prerequisites.all()),
         *(";".join(s.codes()[scheme]) for scheme in ID_COLUMNS.values()),
         ";".join(s.alias_names()), "yes" if s.archived else "no",
         "yes" if s.in_demand else "no"]
        for s in skills
    ]  # fmt: skip
    return {
        "requirements.csv": _csv(REQUIREMENT_COLUMNS, requirements),
        "skills.csv": _csv(SKILL_COLUMNS, skill_rows),
        "guide.csv": _csv(GUIDE_COLUMNS, _guide_rows(careers)),
    }
