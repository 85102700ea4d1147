"""Import a taxonomy: check everything against the database, preview, then upsert by slug.

One transaction: any issue means nothing is saved. Bulk writes, so thousands of skills
import in seconds (bench/import_bench.py). Prerequisite edges are written to the through
table directly, after this module has checked the whole graph for cycles itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from . import rules
from .bundle import Bundle, Issue, Item, read_files
from .models import (
    Career,
    CareerLevel,
    Descriptor,
    Level,
    Requirement,
    Resource,
    Skill,
    SkillCategory,
)

KINDS = [
    "levels", "categories", "skills", "descriptors", "resources", "careers", "career levels",
    "requirements",
]  # fmt: skip
NEW_SKILL_HOURS = 20


@dataclass
class Plan:
    counts: dict[str, Counter[str]] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, key, action)
    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.issues

    def note(self, kind: str, key: str, action: str) -> None:
        self.counts[kind][action] += 1
        if action != "unchanged":
            self.changes.append((kind, key, action))

    def summary(self) -> str:
        parts = []
        for kind in KINDS:
            c = self.counts[kind]
            if c:
                parts.append(
                    f"{kind}: {c['create']} new, {c['update']} changed, {c['unchanged']} unchanged"
                )
        return "; ".join(parts) or "nothing to import"


def import_taxonomy(files: dict[str, bytes], *, dry_run: bool) -> Plan:
    bundle = read_files(files)
    state = State.load()
    plan = Plan(issues=list(bundle.issues))
    Checker(bundle, state, plan).run()
    if plan.ok and not dry_run:
        with transaction.atomic():
            Writer(bundle, state).run()
        plan.applied = True
    return plan


# --- the database as it is ----------------------------------------------------------------------


@dataclass
class State:
    levels: dict[str, Level]
    categories: dict[str, SkillCategory]
    skills: dict[str, Skill]
    careers: dict[str, Career]
    career_levels: dict[tuple[str, str], CareerLevel]
    requirements: dict[tuple[str, str, str], Requirement]
    edges: dict[str, list[str]]  # skill slug -> prerequisite slugs
    descriptors: dict[tuple[str | None, int], Descriptor]
    resources: dict[tuple[str, str], Resource]

    @classmethod
    def load(cls) -> State:
        levels = {lv.slug: lv for lv in Level.objects.all()}
        categories = {c.slug: c for c in SkillCategory.objects.all()}
        skills = {s.slug: s for s in Skill.objects.select_related("category")}
        careers = {c.slug: c for c in Career.objects.all()}
        by_id = {s.pk: s.slug for s in skills.values()}
        level_by_id = {lv.pk: lv.slug for lv in levels.values()}
        career_by_id = {c.pk: c.slug for c in careers.values()}
        edges: dict[str, list[str]] = {}
        for a, b in Skill.prerequisites.through.objects.values_list("from_skill_id", "to_skill_id"):
            edges.setdefault(by_id[a], []).append(by_id[b])
        return cls(
            levels=levels,
            categories=categories,
            skills=skills,
            careers=careers,
            career_levels={
                (career_by_id[cl.career_id], level_by_id[cl.level_id]): cl
                for cl in CareerLevel.objects.all()
            },
            requirements={
                (career_by_id[r.career_id], by_id[r.skill_id], level_by_id[r.level_id]): r
                for r in Requirement.objects.all()
            },
            edges=edges,
            descriptors={
                (by_id.get(d.skill_id) if d.skill_id else None, d.score): d
                for d in Descriptor.objects.all()
            },
            resources={(by_id[r.skill_id], r.url): r for r in Resource.objects.all()},
        )


def changed(obj: Any, fields: dict[str, Any]) -> bool:
    return any(getattr(obj, k) != v for k, v in fields.items())


def action(old: Any | None, fields: dict[str, Any]) -> str:
    """What an upsert of `fields` does to `old`: create, update or nothing."""
    if old is None:
        return "create"
    return "update" if changed(old, fields) else "unchanged"


# --- checking ---


class Checker:
    def __init__(self, bundle: Bundle, state: State, plan: Plan) -> None:
        self.b, self.s, self.plan = bundle, state, plan
        self.level_ranks = {slug: lv.rank for slug, lv in state.levels.items()}
        self.level_ranks.update({i.fields["slug"]: i.fields["rank"] for i in bundle.levels})
        self.categories = set(state.categories) | {i.fields["slug"] for i in bundle.categories}
        # Rows whose fields could not all be read carry None there (an issue is recorded, so
        # nothing is written); they are still checked for everything else.
        self.skill_items = {i.fields["slug"]: i for i in bundle.skills if i.fields["slug"]}
        self.skills = set(state.skills) | set(self.skill_items)
        self.careers = set(state.careers) | {
            i.fields["slug"] for i in bundle.careers if i.fields["slug"]
        }

    def issue(self, item: Item, field_name: str, reason: str) -> None:
        self.plan.issues.append(item.issue(field_name, reason))

    def run(self) -> None:
        self.duplicates()
        self.levels_and_categories()
        self.skills_()
        self.prerequisite_cycles()
        self.descriptors_and_resources()
        self.careers_()
        self.requirements()

    def duplicates(self) -> None:
        keyed = {
            "levels": (self.b.levels, lambda f: f["slug"]),
            "categories": (self.b.categories, lambda f: f["slug"]),
            "skills": (self.b.skills, lambda f: f["slug"]),
            "descriptors": (self.b.descriptors, lambda f: (f["skill"], f["score"])),
            "resources": (self.b.resources, lambda f: (f["skill"], f["url"])),
            "careers": (self.b.careers, lambda f: f["slug"]),
            "career levels": (self.b.career_levels, lambda f: (f["career"], f["level"])),
            "requirements": (self.b.requirements, lambda f: (f["career"], f["skill"], f["level"])),
        }
        for kind, (items, key) in keyed.items():
            first: dict[Any, Item] = {}
            for item in items:
                k = key(item.fields)
                if k in first:
                    seen = first[k]
                    self.issue(
                        item,
                        "",
                        f"duplicate row: the same {kind[:-1]} as {seen.file}, {seen.where}",
                    )
                else:
                    first[k] = item

    def levels_and_categories(self) -> None:
        ranks: dict[int, str] = {lv.rank: slug for slug, lv in self.s.levels.items()}
        for item in self.b.levels:
            f = item.fields
            holder = ranks.get(f["rank"])
            if (
                holder
                and holder != f["slug"]
                and holder not in {i.fields["slug"] for i in self.b.levels}
            ):
                self.issue(item, "rank", f"{f['rank']} is already the rank of level {holder!r}")
            old = self.s.levels.get(f["slug"])
            self.plan.note("levels", f["slug"], action(old, f))
        for item in self.b.categories:
            f = item.fields
            old = self.s.categories.get(f["slug"])
            self.plan.note("categories", f["slug"], action(old, f))

    def skills_(self) -> None:
        for item in self.b.skills:
            f = item.fields
            if not f["slug"]:
                continue
            old = self.s.skills.get(f["slug"])
            if f["category"] is not None and f["category"] not in self.categories:
                self.issue(item, "category", f"unknown category {f['category']!r}")
            if old is None and not f["name"]:
                self.issue(
                    item, "name", f"is missing: {f['slug']!r} is a new skill and needs a name"
                )
            for p in f["prerequisites"] or []:
                if p not in self.skills:
                    self.issue(item, "prerequisites", f"unknown skill {p!r}")
            if old is None:
                self.plan.note("skills", f["slug"], "create")
                continue
            wanted = self.skill_fields(f, old)
            same = not changed(old, wanted) and old.category.slug == f["category"]
            same = same and sorted(self.s.edges.get(f["slug"], [])) == sorted(
                f["prerequisites"] or []
            )
            self.plan.note("skills", f["slug"], "unchanged" if same else "update")

    @staticmethod
    def skill_fields(f: dict[str, Any], old: Skill | None) -> dict[str, Any]:
        """Model field values for a skill row; blanks keep what an existing skill has."""
        hours = f["hours_per_point"] or (old.hours_per_point if old else NEW_SKILL_HOURS)
        return {
            "name": f["name"] or (old.name if old else ""),
            "description": f["description"],
            "hours_per_point": hours,
            "onet_id": f["onet_id"],
            "esco_uri": f["esco_uri"],
            "sfia_code": f["sfia_code"],
        }

    def prerequisite_cycles(self) -> None:
        edges = {
            **self.s.edges,
            **{slug: i.fields["prerequisites"] or [] for slug, i in self.skill_items.items()},
        }
        cycle = rules.find_cycle(edges)
        if cycle is None:
            return
        start = next((s for s in cycle if s in self.skill_items), cycle[0])
        named = rules.format_cycle(rules.rotate_cycle(cycle, start))
        item = self.skill_items.get(start)
        reason = f"prerequisite cycle {named}"
        if item:
            self.issue(item, "prerequisites", reason)
        else:
            self.plan.issues.append(Issue("(database)", "", "prerequisites", reason))

    def descriptors_and_resources(self) -> None:
        for item in self.b.descriptors:
            f = item.fields
            if f["skill"] is not None and f["skill"] not in self.skills:
                self.issue(item, "skill", f"unknown skill {f['skill']!r}")
            old = self.s.descriptors.get((f["skill"], f["score"]))
            fields = {"label": f["label"], "text": f["text"]}
            self.plan.note(
                "descriptors", f"{f['skill'] or 'default'}:{f['score']}", action(old, fields)
            )
        for item in self.b.resources:
            f = item.fields
            if None not in (f["from_score"], f["to_score"]) and f["from_score"] >= f["to_score"]:
                self.issue(
                    item, "to_score", f"{f['to_score']} must be above from_score {f['from_score']}"
                )
            old = self.s.resources.get((f["skill"], f["url"]))
            fields = {
                k: f[k] for k in ("title", "kind", "hours", "from_score", "to_score", "is_free")
            }
            self.plan.note("resources", f"{f['skill']}:{f['url']}", action(old, fields))

    def careers_(self) -> None:
        for item in self.b.careers:
            f = item.fields
            old = self.s.careers.get(f["slug"])
            self.plan.note("careers", f["slug"], action(old, f))
        for item in self.b.career_levels:
            f = item.fields
            if f["level"] is not None and f["level"] not in self.level_ranks:
                self.issue(item, "level", f"unknown level {f['level']!r}")
            if (
                f["salary_min"] is not None
                and f["salary_max"] is not None
                and f["salary_max"] < f["salary_min"]
            ):
                self.issue(
                    item, "salary_max", f"{f['salary_max']} is below salary_min {f['salary_min']}"
                )
            if None not in (f["years_max"], f["years_min"]) and f["years_max"] < f["years_min"]:
                self.issue(
                    item, "years_max", f"{f['years_max']} is below years_min {f['years_min']}"
                )
            old = self.s.career_levels.get((f["career"], f["level"]))
            fields = {k: v for k, v in f.items() if k not in ("career", "level")}
            self.plan.note("career levels", f"{f['career']}:{f['level']}", action(old, fields))

    def requirements(self) -> None:
        merged: dict[tuple[str, str, str], tuple[int, Item | None]] = {
            key: (r.target, None) for key, r in self.s.requirements.items()
        }
        for item in self.b.requirements:
            f = item.fields
            # None marks a field that could not be read (already reported).
            ok = None not in (f["career"], f["skill"], f["level"], f["target"])
            if f["level"] is not None and f["level"] not in self.level_ranks:
                self.issue(item, "level", f"unknown level {f['level']!r}")
                ok = False
            if f["skill"] is not None and f["skill"] not in self.skills:
                reason = f"unknown skill {f['skill']!r}: add it, with a name, to a skills CSV"
                self.issue(item, "skill", reason)
                ok = False
            elif f["skill"] is not None and f["category"]:
                self.check_category(item)
            if f["career"] is not None and f["career"] not in self.careers:
                self.plan.note("careers", f["career"], "create")  # named from its slug
                self.careers.add(f["career"])
            if not ok:
                continue
            key = (f["career"], f["skill"], f["level"])
            old = self.s.requirements.get(key)
            fields = {"target": f["target"], "weight": f["weight"], "must_have": f["must_have"]}
            self.plan.note("requirements", ":".join(key), action(old, fields))
            merged[key] = (f["target"], item)
        self.level_rules(merged)

    def check_category(self, item: Item) -> None:
        f = item.fields
        actual = self.skill_category(f["skill"])
        if f["category"] not in self.categories:
            self.issue(item, "category", f"unknown category {f['category']!r}")
        elif actual is not None and actual != f["category"]:
            reason = f"{f['category']!r} is not the category of {f['skill']!r} ({actual!r})"
            self.issue(item, "category", reason)

    def skill_category(self, skill: str) -> str | None:
        item = self.skill_items.get(skill)
        return item.fields["category"] if item else self.s.skills[skill].category.slug

    def level_rules(self, merged: dict[tuple[str, str, str], tuple[int, Item | None]]) -> None:
        by_pair: dict[tuple[str, str], list[tuple[int, str, int, Item | None]]] = {}
        for (career, skill, level), (target, item) in merged.items():
            by_pair.setdefault((career, skill), []).append(
                (self.level_ranks[level], level, target, item)
            )
        career_ranks: dict[str, set[int]] = {}
        for career, _, level in merged:
            career_ranks.setdefault(career, set()).add(self.level_ranks[level])
        for (career, skill), rows in by_pair.items():
            rows.sort(key=lambda r: r[0])
            for (_, low_level, low, _), (_, high_level, high, item) in zip(
                rows, rows[1:], strict=False
            ):
                if high < low:
                    reason = (
                        f"target {high} at {high_level} is lower than {low} at {low_level} "
                        f"for {skill!r} in {career!r}"
                    )
                    if item is not None:
                        self.issue(item, "target", reason)
                    else:
                        self.plan.issues.append(Issue("(database)", "", "target", reason))
            ranks = {r[0] for r in rows}
            missing = [r for r in sorted(career_ranks[career]) if r > min(ranks) and r not in ranks]
            if missing:
                names = {rank: slug for slug, rank in self.level_ranks.items()}
                self.plan.warnings.append(
                    f"{career}: {skill} is required from {names[min(ranks)]} but missing at "
                    + ", ".join(names[r] for r in missing)
                )


# --- writing ---


def differs(obj: Any, name: str, value: Any) -> bool:
    """Compare a foreign key by id: reading obj.career would fetch the row, once per object."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def slug_of(f: dict[str, Any]) -> str:
    return f["slug"]


def same(f: dict[str, Any]) -> dict[str, Any]:
    return f


def descriptor_key(f: dict[str, Any]) -> tuple[str | None, int]:
    return (f["skill"], f["score"])


def resource_key(f: dict[str, Any]) -> tuple[str, str]:
    return (f["skill"], f["url"])


def career_level_key(f: dict[str, Any]) -> tuple[str, str]:
    return (f["career"], f["level"])


def requirement_key(f: dict[str, Any]) -> tuple[str, str, str]:
    return (f["career"], f["skill"], f["level"])


class Writer:
    """Upserts in bulk; called only when the Checker found nothing wrong."""

    def __init__(self, bundle: Bundle, state: State) -> None:
        self.b, self.s = bundle, state

    def run(self) -> None:
        b, s = self.b, self.s
        levels = self.upsert(Level, s.levels, b.levels, slug_of, same)
        categories = self.upsert(SkillCategory, s.categories, b.categories, slug_of, same)
        skills = self.upsert_skills(categories)
        self.write_prerequisites(skills)

        def descriptor(f: dict[str, Any]) -> dict[str, Any]:
            skill = skills[f["skill"]] if f["skill"] else None
            return {"skill": skill, "score": f["score"], "label": f["label"], "text": f["text"]}

        def resource(f: dict[str, Any]) -> dict[str, Any]:
            return {**f, "skill": skills[f["skill"]]}

        self.upsert(Descriptor, s.descriptors, b.descriptors, descriptor_key, descriptor)
        self.upsert(Resource, s.resources, b.resources, resource_key, resource)
        careers = self.upsert(Career, s.careers, b.careers, slug_of, same)
        for item in b.requirements:  # careers named only in a requirements CSV
            slug = item.fields["career"]
            if slug not in careers:
                careers[slug] = Career.objects.create(
                    slug=slug, name=slug.replace("-", " ").title()
                )

        def career_level(f: dict[str, Any]) -> dict[str, Any]:
            return {**f, "career": careers[f["career"]], "level": levels[f["level"]]}

        def requirement(f: dict[str, Any]) -> dict[str, Any]:
            return {
                "career": careers[f["career"]],
                "skill": skills[f["skill"]],
                "level": levels[f["level"]],
                "target": f["target"],
                "weight": f["weight"],
                "must_have": f["must_have"],
            }

        self.upsert(CareerLevel, s.career_levels, b.career_levels, career_level_key, career_level)
        self.upsert(Requirement, s.requirements, b.requirements, requirement_key, requirement)

    def upsert(
        self, model: Any, existing: dict[Any, Any], items: list[Item], key: Any, values: Any
    ) -> dict[Any, Any]:
        """Create what is new and update what changed; returns every object by key."""
        result = dict(existing)
        new, dirty, fields = [], [], set()
        for item in items:
            k, v = key(item.fields), values(item.fields)
            obj = existing.get(k)
            if obj is None:
                obj = model(**v)
                new.append(obj)
            else:
                diff = {name: value for name, value in v.items() if differs(obj, name, value)}
                if diff:
                    for name, value in diff.items():
                        setattr(obj, name, value)
                    fields.update(diff)
                    dirty.append(obj)
            result[k] = obj
        model.objects.bulk_create(new, batch_size=1000)
        if dirty:
            model.objects.bulk_update(dirty, sorted(fields), batch_size=1000)
        return result

    def upsert_skills(self, categories: dict[str, SkillCategory]) -> dict[str, Skill]:
        def values(f: dict[str, Any]) -> dict[str, Any]:
            old = self.s.skills.get(f["slug"])
            return {
                "slug": f["slug"],
                "category": categories[f["category"]],
                **Checker.skill_fields(f, old),
            }

        return self.upsert(Skill, self.s.skills, self.b.skills, lambda f: f["slug"], values)

    def write_prerequisites(self, skills: dict[str, Skill]) -> None:
        through = Skill.prerequisites.through
        listed = [skills[i.fields["slug"]] for i in self.b.skills]
        through.objects.filter(from_skill__in=[s.pk for s in listed]).delete()
        through.objects.bulk_create(
            (
                through(from_skill=skills[i.fields["slug"]], to_skill=skills[p])
                for i in self.b.skills
                for p in dict.fromkeys(i.fields["prerequisites"])
            ),
            batch_size=1000,
        )
