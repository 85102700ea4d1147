"""Import a taxonomy: check everything against the database, preview, then upsert by slug.

Read (bundle.py) → State (the database as it is) → Checker (every rule, on the taxonomy as
the import would leave it; it writes the Plan: each row to create or update, field by
field) → Writer (the Plan, in bulk, in one transaction). The Checker knows each unique
constraint of the models (limits.model_rules), so a preview that passes is a write that
passes: any database error left is reported as a message, never raised.

Bulk writes, so thousands of skills import in seconds (bench/import_bench.py).
Prerequisite edges are written to the through table directly, after this module has
checked the whole graph for cycles itself.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import DatabaseError, models, transaction

from lib.names import name_key

from .. import rules, versions
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
    Scheme,
    Skill,
    SkillAlias,
    SkillCategory,
    code_problem,
    keys_of,
)
from .bundle import CAREER_LISTS, Bundle, Issue, Item, read_files
from .limits import MODELS, Rules, model_limits, model_rules

KINDS = [
    "levels", "categories", "skills", "descriptors", "resources", "careers", "career levels",
    "requirements",
]  # fmt: skip
# Bundle kind -> (the Plan's label, the fields that say which row it is, the fields it sets).
# Set fields (prerequisites, aliases, external ids) are a skill's, written beside it.
SHAPES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "level": ("levels", ("slug",), ("name", "rank")),
    "category": ("categories", ("slug",), ("name", "order")),
    "skill": (
        "skills",
        ("slug",),
        (
            "name",
            "category",
            "description",
            "hours_per_point",
            "archived",
            "in_demand",
            "prerequisites",
            "aliases",
            "external_ids",
        ),
    ),  # fmt: skip
    "descriptor": ("descriptors", ("skill", "score"), ("label", "text")),
    "resource": (
        "resources",
        ("skill", "url"),
        ("title", "kind", "hours", "from_score", "to_score", "is_free"),
    ),
    "career": (
        "careers",
        ("slug",),
        ("name", "summary", "description", "order", *CAREER_LISTS),
    ),
    "career_level": (
        "career levels",
        ("career", "level"),
        (
            "years_min",
            "years_max",
            "salary_min",
            "salary_max",
            "currency",
            "source",
            "description",
        ),
    ),
    "requirement": (
        "requirements",
        ("career", "skill", "level"),
        ("target", "weight", "must_have"),
    ),
}
# Written beside their row, not as its columns: a skill's sets and a career's guide lists.
SET_FIELDS = ("prerequisites", "aliases", "external_ids", *CAREER_LISTS)
# Kinds whose names are compared by key (lib/names.py): the key is planned beside the name,
# so that the unique constraint on it is checked like any other, and never shown.
KEYED = ("category", "skill", "career")
KEY_FIELDS = ("name_key", "search_words")
# A career's guide lists: model, and the fields an entry has in a bundle.
LIST_MODELS: dict[str, type[models.Model]] = {
    "salary_bands": SalaryBand,
    "demand": DemandFigure,
    "notes": CareerNote,
}
SCHEME_NAMES = dict(Scheme.choices)
# A background import's "rows checked" is written this often: one UPDATE per so many rows
# costs nothing beside checking them, and the count moves every second or so at ESCO's size.
PROGRESS_EVERY = 1_000


def key_label(kind: str, key: tuple[Any, ...]) -> str:
    """How a curator names a row: 'python', 'ladder: python at mid', 'default scale 3'."""
    if kind == "descriptor":
        return f"{key[0] or 'default scale'} {key[1]}"
    if kind == "resource":
        return f"{key[0]} {key[1]}"
    if kind == "career_level":
        return f"{key[0]} at {key[1]}"
    if kind == "requirement":
        return f"{key[0]}: {key[1]} at {key[2]}"
    return str(key[0])


def noun(kind: str) -> str:
    return kind.replace("_", " ")


def show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    return str(value)


def set_details(name: str, before: Iterable[str], after: Iterable[str]) -> str:
    old, new = set(before), set(after)
    parts = [f"+{v}" for v in sorted(new - old)] + [f"−{v}" for v in sorted(old - new)]
    return f"{name} {' '.join(parts)}"


@dataclass(frozen=True)
class Change:
    """One row the import creates or changes, with what changes in it, for the preview."""

    kind: str  # a KINDS label
    key: str
    action: str  # create or update
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.action == "create":
            return f"new {self.kind[:-1] if self.kind != 'categories' else 'category'}: {self.key}"
        return f"{self.key}: {', '.join(self.details)}"


@dataclass
class Row:
    """One upsert: its key, the item it comes from and the object it changes, if any.

    `values` are model fields in bundle terms (a foreign key as its slug): the key's fields
    and the fields the item gives. `changes` maps each field of a stored row that the item
    changes to (before, after); a new row writes all its values.
    """

    kind: str
    key: tuple[Any, ...]
    item: Item | None
    old: models.Model | None
    values: dict[str, Any]
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    source: Item | None = None  # for a career named only in a requirements CSV: that row
    obj: models.Model | None = None  # what the Writer saves: `old`, changed, or a new one

    @property
    def action(self) -> str:
        if self.old is None:
            return "create"
        return "update" if self.changes else "unchanged"

    def writes(self, name: str) -> bool:
        return name in self.changes or (self.old is None and name in self.values)


@dataclass
class Plan:
    counts: dict[str, Counter[str]] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    changes: list[Change] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # rows an error names: not in changes
    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)  # "esco-python → python (same ESCO …)"
    halted: str = ""  # why the checks stopped before the meaning of the files
    rows: dict[str, list[Row]] = field(default_factory=dict)  # by bundle kind, for the Writer
    applied: bool = False
    database_error: bool = False  # the write failed in the database: worth a retry

    @property
    def ok(self) -> bool:
        return not self.issues

    def note(self, row: Row, refused: set[tuple[str, str]]) -> None:
        """Count and list a row: among the changes, or, if an error names it, the refused."""
        label = SHAPES[row.kind][0]
        at = row.item or row.source
        if at is not None and (at.file, at.where) in refused:
            self.counts[label]["refused"] += 1
            self.refused.append(f"{noun(row.kind)} {key_label(row.kind, row.key)} ({at.place})")
            return
        self.counts[label][row.action] += 1
        if row.action == "unchanged":
            return
        details: tuple[str, ...] = ()  # a new row is shown by its key; thousands of them stay cheap
        if row.action == "update":
            details = tuple(
                describe(name, old, new)
                for name, (old, new) in row.changes.items()
                if name not in KEY_FIELDS
            )
        self.changes.append(Change(label, key_label(row.kind, row.key), row.action, details))

    def summary(self) -> str:
        parts = []
        for kind in KINDS:
            c = self.counts[kind]
            if c:
                refused = f", {c['refused']} refused" if c["refused"] else ""
                parts.append(
                    f"{kind}: {c['create']} new, {c['update']} changed, {c['unchanged']} unchanged"
                    + refused
                )
        return "; ".join(parts) or "nothing to import"

    def refuse_write(self, error: DatabaseError) -> None:
        first_line = (str(error).strip().splitlines() or [""])[0][:200]
        reason = (
            f"the database refused the write ({type(error).__name__}: {first_line}); "
            "nothing was saved"
        )
        self.issues.append(Issue("(database)", "", "", reason))
        self.database_error = True


def describe(name: str, old: Any, new: Any) -> str:
    if name == "external_ids":
        return "; ".join(
            set_details(f"{SCHEME_NAMES[scheme]} ids", (old or {}).get(scheme, []), codes)
            for scheme, codes in new.items()
            if set((old or {}).get(scheme, [])) != set(codes)
        )
    if name in CAREER_LISTS:
        return f"{name.replace('_', ' ')}: {len(old or [])} → {len(new)} entries"
    if name in SET_FIELDS:
        return set_details(name, old or [], new)
    return f"{name.replace('_', ' ')} {show(old)} → {show(new)}"


def import_taxonomy(
    files: dict[str, bytes],
    *,
    dry_run: bool,
    match_external_ids: bool = False,
    progress: Callable[[str, int], None] | None = None,
    with_writes: Callable[[Plan], None] | None = None,
) -> Plan:
    """Check `files` and, unless `dry_run` or anything is wrong, write them in one go.

    `match_external_ids`: an incoming skill that shares an external id with an existing
    one is merged into it, whatever its slug (see docs/taxonomy-format.md).
    `progress(stage, rows)` is told the rows "read", then those "checked" so far, every
    PROGRESS_EVERY rows and at the end (outside the write's transaction, so another
    connection sees it); `with_writes(plan)` runs inside that
    transaction, after the writes: what it records commits with them or not at all.
    """
    bundle = read_files(files, model_limits())
    if progress is not None:
        progress("read", rows_in(bundle))
    state = State.load()
    plan = Plan(issues=list(bundle.issues))
    checked = None if progress is None else functools.partial(progress, "checked")
    Checker(bundle, state, plan, merge=match_external_ids, checked=checked).run()
    if progress is not None:
        progress("checked", rows_in(bundle))
    if plan.ok and not dry_run:
        try:
            with transaction.atomic():
                Writer(plan, state).run()
                versions.bump()  # bulk writes send no signals
                if with_writes is not None:
                    with_writes(plan)
        except DatabaseError as error:  # a rule the checker does not know yet, or a race
            plan.refuse_write(error)
        else:
            plan.applied = True
    return plan


def rows_in(bundle: Bundle) -> int:
    kinds = ("levels", "categories", "skills", "descriptors", "resources", "careers",
             "career_levels", "requirements")  # fmt: skip
    return sum(len(getattr(bundle, kind)) for kind in kinds)


# --- the database as it is ----------------------------------------------------------------------


@dataclass
class State:
    levels: dict[tuple[str], Level]
    categories: dict[tuple[str], SkillCategory]
    skills: dict[tuple[str], Skill]
    careers: dict[tuple[str], Career]
    career_levels: dict[tuple[str, str], CareerLevel]
    requirements: dict[tuple[str, str, str], Requirement]
    descriptors: dict[tuple[str | None, int], Descriptor]
    resources: dict[tuple[str, str], Resource]
    edges: dict[str, list[str]]  # skill slug -> prerequisite slugs
    aliases: dict[str, list[str]]  # skill slug -> alias names
    codes: dict[str, dict[str, list[str]]]  # skill slug -> scheme -> codes
    lists: dict[str, dict[str, list[dict[str, Any]]]]  # career slug -> guide list -> entries
    slugs: dict[type[models.Model], dict[int, str]]  # model -> id -> slug, for foreign keys

    @classmethod
    def load(cls) -> State:
        levels = {(lv.slug,): lv for lv in Level.objects.all()}
        categories = {(c.slug,): c for c in SkillCategory.objects.all()}
        skills = {(s.slug,): s for s in Skill.objects.all()}
        careers = {(c.slug,): c for c in Career.objects.all()}
        slugs: dict[type[models.Model], dict[int, str]] = {
            model: {obj.pk: key[0] for key, obj in objects.items()}
            for model, objects in (
                (Level, levels), (SkillCategory, categories), (Skill, skills), (Career, careers)
            )
        }  # fmt: skip
        skill, level, career = slugs[Skill], slugs[Level], slugs[Career]
        edges: dict[str, list[str]] = {}
        for a, b in Skill.prerequisites.through.objects.values_list("from_skill_id", "to_skill_id"):
            edges.setdefault(skill[a], []).append(skill[b])
        aliases: dict[str, list[str]] = {}
        for skill_id, name in SkillAlias.objects.values_list("skill_id", "name"):
            aliases.setdefault(skill[skill_id], []).append(name)
        codes: dict[str, dict[str, list[str]]] = {}
        for skill_id, scheme, code in ExternalId.objects.values_list("skill_id", "scheme", "code"):
            codes.setdefault(skill[skill_id], {}).setdefault(scheme, []).append(code)
        lists: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for key, list_model in LIST_MODELS.items():
            for entry in list_model._default_manager.order_by("career_id", "order", "pk"):
                owner = career[entry.career_id]  # type: ignore[attr-defined]
                lists.setdefault(owner, {}).setdefault(key, []).append(list_entry(entry, level))
        return cls(
            levels=levels,
            categories=categories,
            skills=skills,
            careers=careers,
            career_levels={
                (career[cl.career_id], level[cl.level_id]): cl for cl in CareerLevel.objects.all()
            },
            requirements={
                (career[r.career_id], skill[r.skill_id], level[r.level_id]): r
                for r in Requirement.objects.all()
            },
            descriptors={
                (skill.get(d.skill_id) if d.skill_id else None, d.score): d
                for d in Descriptor.objects.all()
            },
            resources={(skill[r.skill_id], r.url): r for r in Resource.objects.all()},
            edges=edges,
            aliases=aliases,
            codes=codes,
            lists=lists,
            slugs=slugs,
        )

    def existing(self, kind: str) -> dict[Any, models.Model]:
        return getattr(self, SHAPES[kind][0].replace(" ", "_"))

    def value(self, obj: models.Model, name: str) -> Any:
        """A field of a stored row in bundle terms: a foreign key as its slug."""
        slug = getattr(obj, "slug", "")  # the sets below are a skill's, found by its slug
        if name == "prerequisites":
            return sorted(self.edges.get(slug, []))
        if name == "aliases":
            return sorted(self.aliases.get(slug, []))
        if name == "external_ids":
            return self.codes.get(slug, {})
        if name in CAREER_LISTS:
            return self.lists.get(slug, {}).get(name, [])
        model_field = obj._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey):
            pk = getattr(obj, model_field.attname)
            return None if pk is None else self.slugs[model_field.related_model][pk]
        return getattr(obj, name)


def list_entry(entry: models.Model, level_slugs: dict[int, str]) -> dict[str, Any]:
    """A stored entry of a career's guide list in bundle terms (the exporter's shape)."""
    values: dict[str, Any] = {}
    for f in entry._meta.concrete_fields:
        if f.name in ("id", "career", "order"):
            continue
        value = getattr(entry, f.attname)
        values[f.name] = level_slugs.get(value) if f.name == "level" and value else value
    return values


def differs(name: str, before: Any, after: Any) -> bool:
    if name in CAREER_LISTS:  # ordered lists of entries: the order is shown
        return bool(before != after)
    if name == "external_ids":
        before = before or {}
        return any(set(before.get(s, [])) != set(codes) for s, codes in after.items())
    if name in SET_FIELDS:
        return set(before or []) != set(after)
    return before != after


# --- checking ---


class Checker:
    """Every rule, on the database with the files on top; fills the Plan row by row."""

    def __init__(
        self,
        bundle: Bundle,
        state: State,
        plan: Plan,
        *,
        merge: bool = False,
        checked: Callable[[int], None] | None = None,
    ) -> None:
        self.b, self.s, self.plan, self.merge = bundle, state, plan, merge
        self.rules: Rules = model_rules()
        self.rows: dict[str, dict[tuple[Any, ...], Row]] = {kind: {} for kind in SHAPES}
        self.checked, self.planned = checked, 0

    def issue(self, item: Item, field_name: str, reason: str) -> None:
        self.plan.issues.append(item.issue(field_name, reason))

    def run(self) -> None:
        if self.b.unreadable:
            self.plan.halted = (
                "A file that cannot be read stops the checks here: fix it, and the import is "
                "checked against what it holds."
            )
            return
        if self.merge:
            Merger(self.b, self.s, self.plan).run()
        self.known()
        self.duplicates()
        self.plan_kind("level", self.b.levels)
        self.plan_kind("category", self.b.categories)
        self.plan_skills()
        self.prerequisite_cycles()
        self.plan_kind("descriptor", self.b.descriptors)
        self.plan_resources()
        self.career_lists()
        self.plan_kind("career", self.b.careers)
        self.plan_career_levels()
        self.plan_requirements()
        self.unique_values()
        refused = {(issue.file, issue.where) for issue in self.plan.issues}
        for kind, rows in self.rows.items():
            self.plan.rows[kind] = list(rows.values())
            for row in rows.values():
                self.plan.note(row, refused)

    def known(self) -> None:
        """The slugs the taxonomy will hold: the database's and the files'."""

        def slugs(kind: str, items: list[Item], name: str = "slug") -> set[str]:
            existing = {key[0] for key in self.s.existing(kind)}
            return existing | {i.fields[name] for i in items if name in i.fields}

        self.levels = slugs("level", self.b.levels)
        self.categories = slugs("category", self.b.categories)
        self.skills = slugs("skill", self.b.skills)
        self.careers = slugs("career", self.b.careers)
        self.level_ranks = {key[0]: lv.rank for key, lv in self.s.levels.items()}
        self.level_ranks.update(
            {i.fields["slug"]: i.fields["rank"] for i in self.b.levels if i.has("slug", "rank")}
        )
        self.skill_items = {i.fields["slug"]: i for i in self.b.skills if i.has("slug")}

    def duplicates(self) -> None:
        kinds = {
            "level": self.b.levels,
            "category": self.b.categories,
            "skill": self.b.skills,
            "descriptor": self.b.descriptors,
            "resource": self.b.resources,
            "career": self.b.careers,
            "career_level": self.b.career_levels,
            "requirement": self.b.requirements,
        }
        # Each item with a readable key, seen first: its key (the rest are not planned).
        self.placed: dict[int, tuple[Any, ...]] = {}
        for kind, items in kinds.items():
            first: dict[tuple[Any, ...], Item] = {}
            for item in items:
                key = self.key(kind, item)
                if key is None:
                    continue
                seen = first.setdefault(key, item)
                if seen is item:
                    self.placed[id(item)] = key
                    continue
                label = key_label(kind, key)
                named = repr(label) if len(key) == 1 else label
                self.issue(
                    item, "", f"duplicate row: {noun(kind)} {named} is already at {seen.place}"
                )

    @staticmethod
    def key(kind: str, item: Item) -> tuple[Any, ...] | None:
        try:
            return tuple([item.fields[n] for n in SHAPES[kind][1]])
        except KeyError:  # left out, or unreadable
            return None

    # --- planning rows ---

    def plan_row(self, kind: str, item: Item, extra: dict[str, Any] | None = None) -> Row | None:
        """The upsert an item asks for (None when its key is unreadable or a duplicate)."""
        key = self.placed.get(id(item))
        if key is None:
            return None
        old = self.s.existing(kind).get(key)
        _, key_fields, value_fields = SHAPES[kind]
        values = dict(zip(key_fields, key, strict=True))
        values.update({n: item.fields[n] for n in value_fields if n in item.fields})
        values.update(extra or {})
        row = Row(kind, key, item, old, values)
        if old is None:
            self.required(row)
        else:
            for name in value_fields:
                if name in values:
                    before = self.s.value(old, name)
                    if differs(name, before, values[name]):
                        row.changes[name] = (before, values[name])
        plan_key(row)
        self.rows[kind][key] = row
        self.planned += 1
        if self.checked is not None and self.planned % PROGRESS_EVERY == 0:
            self.checked(self.planned)
        return row

    def required(self, row: Row) -> None:
        """A new row must give every field its model requires (a new skill needs a name)."""
        assert row.item is not None
        unreadable = row.item.unreadable
        missing = [n for n in self.rules.required[row.kind] if n not in row.values]
        for name in sorted(n for n in missing if n not in unreadable):
            label = key_label(row.kind, row.key)
            reason = f"is missing: {label!r} is a new {noun(row.kind)} and needs a {name}"
            self.issue(row.item, name, reason)

    def final(self, row: Row, name: str) -> Any:
        """A field as the import leaves it: given, else stored, else the model's default."""
        if name in row.values:
            return row.values[name]
        if row.old is not None:
            return self.s.value(row.old, name)
        # A field the bundle names is a column, never a reverse relation.
        field = MODELS[row.kind]._meta.get_field(name)
        return cast("models.Field[Any, Any]", field).get_default()

    def plan_kind(self, kind: str, items: list[Item]) -> None:
        for item in items:
            self.plan_row(kind, item)
        if kind == "descriptor":
            for item in items:
                skill = item.fields.get("skill")
                if skill is not None and skill not in self.skills:
                    self.issue(item, "skill", f"unknown skill {skill!r}")

    def plan_skills(self) -> None:
        for item in self.b.skills:
            f = item.fields
            category = f.get("category")
            if category is not None and category not in self.categories:
                self.issue(item, "category", f"unknown category {category!r}")
            for p in f.get("prerequisites", []):
                if p not in self.skills:
                    self.issue(item, "prerequisites", f"unknown skill {p!r}")
            for scheme, codes in f.get("external_ids", {}).items():
                for code in codes:
                    if problem := code_problem(scheme, code):
                        self.issue(item, "external_ids", problem)
            row = self.plan_row("skill", item)
            if row and row.changes.get("archived", (None, False))[1] and row.old is not None:
                self.warn_archiving(row)

    def warn_archiving(self, row: Row) -> None:
        slug = row.key[0]
        careers = sorted({c for c, s, _ in self.s.requirements if s == slug})
        if careers:
            self.plan.warnings.append(
                f"{slug}: archived, so it leaves new assessments of {', '.join(careers)}"
            )

    def prerequisite_cycles(self) -> None:
        edges = {**self.s.edges}
        for slug, item in self.skill_items.items():
            if "prerequisites" in item.fields:
                edges[slug] = item.fields["prerequisites"]
        cycle = rules.find_cycle(edges)
        if cycle is None:
            return
        start = next((s for s in cycle if s in self.skill_items), cycle[0])
        named = rules.format_cycle(rules.rotate_cycle(cycle, start))
        first = self.skill_items.get(start)
        reason = f"prerequisite cycle {named}"
        if first:
            self.issue(first, "prerequisites", reason)
        else:
            self.plan.issues.append(Issue("(database)", "", "prerequisites", reason))

    def plan_resources(self) -> None:
        for item in self.b.resources:
            row = self.plan_row("resource", item)
            if row is None or {"from_score", "to_score"} & item.unreadable:
                continue
            low, high = self.final(row, "from_score"), self.final(row, "to_score")
            if low >= high:
                self.issue(item, "to_score", f"{high} must be above from_score {low}")

    def career_lists(self) -> None:
        """Check each entry of the careers' guide lists, then keep the entries' fields only."""
        for item in self.b.named_from_slug:
            slug = item.fields["slug"]
            if (slug,) not in self.s.careers:
                item.fields["name"] = slug.replace("-", " ").title()
        for item in self.b.careers:
            for key in CAREER_LISTS:
                entries = item.fields.get(key, [])
                for entry in entries:
                    self.list_entry(item, entry)
                if key in item.fields:
                    item.fields[key] = [
                        {n: v for n, v in e.items() if n != "_where"} for e in entries
                    ]

    def list_entry(self, item: Item, entry: dict[str, Any]) -> None:
        def refuse(name: str, reason: str) -> None:
            self.plan.issues.append(Issue(item.file, entry["_where"], name, reason))

        level = entry.get("level")
        if level is not None and level not in self.levels:
            refuse("level", f"unknown level {level!r}")
        if "salary_min" not in entry:  # not a pay figure
            return
        low, high = entry["salary_min"], entry["salary_max"]
        if low is None and high is None:
            refuse("salary_min", "a pay figure needs salary_min, salary_max or both")
        elif low is not None and high is not None and high < low:
            refuse("salary_max", f"{high} is below salary_min {low}")
        if entry["place_kind"] != "market" and not entry["place"]:
            refuse("place", f"is missing: a {entry['place_kind']} figure names its place")

    def plan_career_levels(self) -> None:
        for item in self.b.career_levels:
            level = item.fields.get("level")
            if level is not None and level not in self.levels:
                self.issue(item, "level", f"unknown level {level!r}")
            row = self.plan_row("career_level", item)
            if row is None:
                continue
            for low_name, high_name in (("salary_min", "salary_max"), ("years_min", "years_max")):
                if {low_name, high_name} & item.unreadable:
                    continue
                low, high = self.final(row, low_name), self.final(row, high_name)
                if low is not None and high is not None and high < low:
                    self.issue(item, high_name, f"{high} is below {low_name} {low}")

    def plan_requirements(self) -> None:
        merged: dict[tuple[str, str, str], tuple[int, Item | None]] = {
            key: (r.target, None) for key, r in self.s.requirements.items()
        }
        for item in self.b.requirements:
            f = item.fields
            ok = True
            if "level" in f and f["level"] not in self.levels:
                self.issue(item, "level", f"unknown level {f['level']!r}")
                ok = False
            if "skill" in f and f["skill"] not in self.skills:
                self.issue(item, "skill", self.unknown_skill(item, f["skill"]))
                ok = False
            elif "skill" in f and f.get("category"):
                self.check_category(item)
            if "career" in f and f["career"] not in self.careers:
                self.implicit_career(item)
            row = self.plan_row("requirement", item)
            if not ok or row is None or "target" in item.unreadable:
                continue
            target = self.final(row, "target")
            if target is not None:
                merged[row.key] = (target, item)
        self.level_rules(merged)

    @staticmethod
    def unknown_skill(item: Item, slug: str) -> str:
        if item.file.lower().endswith(".json"):
            return f"unknown skill {slug!r}: add it, with a name, to the bundle's skills"
        return f"unknown skill {slug!r}: add it, with a name, to a skills CSV"

    def implicit_career(self, item: Item) -> None:
        """A requirements CSV names a career that does not exist: create it, named from its slug."""
        slug = item.fields["career"]
        self.careers.add(slug)
        name = slug.replace("-", " ").title()
        row = Row("career", (slug,), None, None, {"slug": slug, "name": name}, source=item)
        plan_key(row)
        self.rows["career"][(slug,)] = row

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
        if item is not None and "category" in item.fields:
            return item.fields["category"]
        old = self.s.skills.get((skill,))
        return self.s.value(old, "category") if old else None

    def level_rules(self, merged: dict[tuple[str, str, str], tuple[int, Item | None]]) -> None:
        """careers/rules.py over each career as it will be: the database with the file on top."""
        by_career: dict[str, list[rules.LevelTarget]] = {}
        for (career, skill, level), (target, item) in merged.items():
            if level not in self.level_ranks:  # a new level whose rank is unreadable
                continue
            row = rules.LevelTarget(skill, level, self.level_ranks[level], target, source=item)
            by_career.setdefault(career, []).append(row)
        for career, rows in sorted(by_career.items()):
            for fall in rules.falling_targets(rows):
                reason = f"{fall} (career {career!r})"
                source = fall.higher.source or fall.lower.source
                if isinstance(source, Item):
                    self.issue(source, "target", reason)
                else:
                    self.plan.issues.append(Issue("(database)", "", "target", reason))
            levels = {row.rank: row.level for row in rows}
            for warning in rules.missing_at_higher_levels(rows, levels):
                self.plan.warnings.append(f"{career}: {warning}")

    # --- unique constraints, on the taxonomy as the import leaves it ---

    def unique_values(self) -> None:
        """Every unique constraint of the models, over stored rows with the planned ones on top.

        A constraint on a row's key fields holds by construction (rows are planned by key);
        the others (a skill's name, a level's rank…) can collide with a stored row or with
        another row of the files, and would fail at the write: each collision is reported
        at the row that brings it.
        """
        for kind, constraints in self.rules.unique.items():
            if kind not in SHAPES:
                continue  # aliases and external ids: a skill's sets, keyed by their values
            key_fields = set(SHAPES[kind][1])
            for unique in constraints:
                if key_fields <= set(unique.fields) | {name for name, _ in unique.when}:
                    continue
                self.collisions(kind, unique)

    def collisions(self, kind: str, unique: Any) -> None:
        planned = self.rows[kind]
        holders: dict[tuple[Any, ...], tuple[tuple[Any, ...], Row | None]] = {}
        stored = (
            (key, None, obj) for key, obj in self.s.existing(kind).items() if key not in planned
        )
        rows = ((row.key, row, row.old) for row in planned.values())
        for key, row, obj in (*stored, *rows):
            values = self.unique_values_of(unique, row, obj)
            if values is None:
                continue
            holder = holders.setdefault(values, (key, row))
            if holder[0] != key and row is not None:
                self.collide(kind, unique, values, row, holder)

    def unique_values_of(self, unique: Any, row: Row | None, obj: Any) -> tuple[Any, ...] | None:
        names = (*unique.fields, *(name for name, _ in unique.when))
        if row is not None:
            if row.item is not None and set(names) & row.item.unreadable:
                return None
            values = {name: self.final(row, name) for name in names}
        else:
            values = {name: self.s.value(obj, name) for name in names}
        if not unique.applies(values) or any(values[n] is None for n in unique.fields):
            return None  # NULLs never collide
        return tuple(values[n] for n in unique.fields)

    def collide(
        self,
        kind: str,
        unique: Any,
        values: tuple[Any, ...],
        row: Row,
        holder: tuple[tuple[Any, ...], Row | None],
    ) -> None:
        what = " and ".join(unique.fields)
        value = values[0] if len(values) == 1 else values
        other = f"{noun(kind)} {key_label(kind, holder[0])!r}"
        if holder[1] is not None and (holder[1].item or holder[1].source):
            at = holder[1].item or holder[1].source
            assert at is not None
            reason = f"{value!r} is also the {what} of {other} at {at.place}"
        else:
            reason = f"{value!r} is already the {what} of {other}"
        if unique.fields == ("name_key",):  # say it with the names, as a curator sees them
            reason = self.look_alike(kind, row, holder, other)
        if row.item is None:  # a career a requirements CSV creates, named from its slug
            assert row.source is not None
            created = key_label(kind, row.key)
            self.issue(row.source, "career", f"creates career {created!r} whose {reason}")
        else:
            field_name = "name" if unique.fields == ("name_key",) else unique.fields[0]
            self.issue(row.item, field_name, reason)

    def look_alike(
        self, kind: str, row: Row, holder: tuple[tuple[Any, ...], Row | None], other: str
    ) -> str:
        """Why `row`'s name is refused: it is, or looks the same as, the name of `other`."""
        name = self.final(row, "name")
        at = ""
        if holder[1] is not None:
            held = self.final(holder[1], "name")
            source = holder[1].item or holder[1].source
            at = f" at {source.place}" if source is not None else ""
        else:
            held = getattr(self.s.existing(kind)[holder[0]], "name", "")
        if held == name:
            return f"{name!r} is {'also' if at else 'already'} the name of {other}{at}"
        return (
            f"{name!r} looks the same as {held!r}, the name of {other}{at} (names are compared "
            "ignoring case, accents, character width and invisible characters)"
        )


class Merger:
    """Match incoming skills to stored ones by external id, before slug (--match-external-ids).

    A skill that shares an id with a stored skill of another slug becomes that skill: the
    file's slug is renamed to the stored one everywhere in the files, and the row adds to
    the stored skill instead of replacing it (its name becomes an alias; ids, aliases and
    prerequisites are added; a description only fills an empty one).
    """

    def __init__(self, bundle: Bundle, state: State, plan: Plan) -> None:
        self.b, self.s, self.plan = bundle, state, plan
        self.by_code: dict[tuple[str, str], list[str]] = {}
        for slug, schemes in state.codes.items():
            for scheme, codes in schemes.items():
                for code in codes:
                    self.by_code.setdefault((scheme, code), []).append(slug)

    def run(self) -> None:
        renames = self.matches()
        if not renames:
            return
        self.rename(renames)
        for item in self.b.skills:
            if id(item) in self.merged:
                self.add_to_stored(item)

    def matches(self) -> dict[str, str]:
        in_files = {i.fields["slug"]: i for i in self.b.skills if i.has("slug")}
        claimed: dict[str, Item] = {}
        renames: dict[str, str] = {}
        self.merged: set[int] = set()
        for item in self.b.skills:
            found = self.found(item)
            slug = item.fields.get("slug")
            if not found or slug is None or list(found) == [slug]:
                continue
            if len(found) > 1:
                named = "; ".join(f"{s!r} ({', '.join(why)})" for s, why in sorted(found.items()))
                reason = f"matches {len(found)} skills by external id: {named}; keep one"
                self.refuse(item, reason)
                continue
            ((target, why),) = found.items()
            other = claimed.get(target) or (in_files.get(target) if target != slug else None)
            if other is not None:
                reason = (
                    f"matches skill {target!r} ({', '.join(why)}), as {other.place} does; "
                    "merge the two rows in the file"
                )
                self.refuse(item, reason)
                continue
            claimed[target] = item
            renames[slug] = target
            self.merged.add(id(item))
            self.plan.merges.append(f"{slug} → {target} (same {', '.join(why)})")
        return renames

    def refuse(self, item: Item, reason: str) -> None:
        self.plan.issues.append(item.issue("external_ids", reason))
        # Not a new skill either: what a new one would miss is no news to the curator.
        item.unreadable |= model_rules().required["skill"]

    def found(self, item: Item) -> dict[str, list[str]]:
        """Stored skills sharing an id with the item, and the ids they share."""
        found: dict[str, list[str]] = {}
        for scheme, codes in item.fields.get("external_ids", {}).items():
            for code in codes:
                for slug in self.by_code.get((scheme, code), []):
                    found.setdefault(slug, []).append(f"{SCHEME_NAMES[scheme]} {code}")
        return found

    def rename(self, renames: dict[str, str]) -> None:
        for item in self.b.skills:
            if id(item) in self.merged:
                item.fields["slug"] = renames[item.fields["slug"]]
            if "prerequisites" in item.fields:
                prerequisites = [renames.get(p, p) for p in item.fields["prerequisites"]]
                item.fields["prerequisites"] = list(dict.fromkeys(prerequisites))
        for item in (*self.b.descriptors, *self.b.resources, *self.b.requirements):
            if item.fields.get("skill") in renames:
                item.fields["skill"] = renames[item.fields["skill"]]

    def add_to_stored(self, item: Item) -> None:
        f = item.fields
        slug = f["slug"]
        old = self.s.skills[(slug,)]
        name = f.pop("name", None)
        for kept in ("category", "hours_per_point", "archived"):
            f.pop(kept, None)
        if old.description:
            f.pop("description", None)
        if "prerequisites" in f:
            f["prerequisites"] = union(self.s.edges.get(slug, []), f["prerequisites"])
        aliases = [*f.get("aliases", []), *([name] if name and name != old.name else [])]
        f["aliases"] = union(self.s.aliases.get(slug, []), [a for a in aliases if a != old.name])
        stored = self.s.codes.get(slug, {})
        f["external_ids"] = {
            scheme: union(stored.get(scheme, []), codes)
            for scheme, codes in f.get("external_ids", {}).items()
        }


def union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


# --- writing ---


class Writer:
    """Writes the Plan in bulk; called only when the Checker found nothing wrong."""

    def __init__(self, plan: Plan, state: State) -> None:
        self.plan, self.s = plan, state
        self.objects: dict[type[models.Model], dict[str, models.Model]] = {}

    def run(self) -> None:
        self.upsert("level")
        self.upsert("category")
        self.upsert("skill")
        self.write_skill_sets()
        self.upsert("descriptor")
        self.upsert("resource")
        self.upsert("career")
        self.write_career_lists()
        self.upsert("career_level")
        self.upsert("requirement")

    def upsert(self, kind: str) -> None:
        """Update what changed (first, so a freed name or rank can be taken), then create."""
        model = MODELS[kind]
        new, dirty = [], []
        for row in self.plan.rows[kind]:
            row.obj = row.old
            if row.old is None:
                values = {n: v for n, v in row.values.items() if n not in SET_FIELDS}
                row.obj = keyed(model(**self.resolved(model, values)))
                new.append(row.obj)
            elif any(n not in SET_FIELDS for n in row.changes):
                dirty.append(row)
        self.update(kind, model, dirty)
        model._default_manager.bulk_create(new, batch_size=1000)
        if "slug" in SHAPES[kind][1]:
            stored = {key[0]: obj for key, obj in self.s.existing(kind).items()}
            stored.update({row.key[0]: row.obj for row in self.plan.rows[kind]})
            self.objects[model] = stored

    def resolved(self, model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
        """Foreign keys from slugs to the objects written before."""
        result = {}
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if isinstance(model_field, models.ForeignKey) and value is not None:
                value = self.objects[model_field.related_model][value]
            result[name] = value
        return result

    def update(self, kind: str, model: type[models.Model], rows: list[Row]) -> None:
        if not rows:
            return
        changed = sorted({n for row in rows for n in row.changes if n not in SET_FIELDS})
        self.free_unique_values(kind, model, rows, changed)
        for row in rows:
            new = {n: after for n, (_, after) in row.changes.items() if n not in SET_FIELDS}
            for name, value in self.resolved(model, new).items():
                setattr(row.obj, name, value)
            keyed(row.obj)
        if kind in KEYED:  # a new name or description: new keys (unchanged ones are rewritten)
            stored = {f.name for f in model._meta.concrete_fields}
            changed = sorted({*changed, *(k for k in KEY_FIELDS if k in stored)})
        model._default_manager.bulk_update(objects_of(rows), changed, batch_size=1000)

    def free_unique_values(
        self, kind: str, model: type[models.Model], rows: list[Row], changed: list[str]
    ) -> None:
        """First park the rows that change a unique value on a value nobody holds.

        Swapping two levels' ranks (or two skills' names) is valid once both rows are
        written, but not in between, and both databases check a unique index row by row.
        """
        singles = {u.fields[0] for u in model_rules().unique[kind] if len(u.fields) == 1}
        for name in sorted(singles & set(changed)):
            moving = [row for row in rows if name in row.changes]
            taken = {self.s.value(obj, name) for obj in self.s.existing(kind).values()}
            taken |= {row.changes[name][1] for row in moving}
            for row, spare in zip(moving, spare_values(model, name, taken), strict=False):
                setattr(row.obj, name, spare)
            model._default_manager.bulk_update(objects_of(moving), [name], batch_size=1000)

    def write_skill_sets(self) -> None:
        """Prerequisites, aliases and external ids of the skills whose rows set them.

        A given set replaces the stored one: stored rows of a skill the import already had
        are deleted first (a new skill has none).
        """
        skills = cast(dict[str, Skill], self.objects[Skill])
        rows = [(row, skills[row.key[0]]) for row in self.plan.rows["skill"]]

        def stored(pairs: list[tuple[Row, Skill]]) -> list[int]:
            return [skill.pk for row, skill in pairs if row.old is not None]

        prerequisites = [(r, s) for r, s in rows if r.writes("prerequisites")]
        through = Skill.prerequisites.through
        through.objects.filter(from_skill__in=stored(prerequisites)).delete()
        through.objects.bulk_create(
            (
                through(from_skill=s, to_skill=skills[p])
                for r, s in prerequisites
                for p in r.values["prerequisites"]
            ),
            batch_size=1000,
        )
        aliases = [(r, s) for r, s in rows if r.writes("aliases")]
        SkillAlias.objects.filter(skill__in=stored(aliases)).delete()
        SkillAlias.objects.bulk_create(
            (keyed(SkillAlias(skill=s, name=n)) for r, s in aliases for n in r.values["aliases"]),
            batch_size=1000,
        )
        recoded = [(r, s) for r, s in rows if r.writes("external_ids")]
        for scheme in Scheme.values:
            given = [(r, s) for r, s in recoded if scheme in r.values["external_ids"]]
            ExternalId.objects.filter(scheme=scheme, skill__in=stored(given)).delete()
            ExternalId.objects.bulk_create(
                (
                    ExternalId(skill=s, scheme=scheme, code=code)
                    for r, s in given
                    for code in r.values["external_ids"][scheme]
                ),
                batch_size=1000,
            )

    def write_career_lists(self) -> None:
        """A career's guide lists that the import gives replace the stored ones, in order."""
        careers = cast(dict[str, Career], self.objects[Career])
        levels = cast(dict[str, Level], self.objects[Level])
        for key, model in LIST_MODELS.items():
            rows = [row for row in self.plan.rows["career"] if row.writes(key)]
            stored = [careers[row.key[0]].pk for row in rows if row.old is not None]
            model._default_manager.filter(career__in=stored).delete()
            new = []
            for row in rows:
                for order, entry in enumerate(row.values[key]):
                    values = {**entry, "career": careers[row.key[0]], "order": order}
                    if "level" in values:
                        values["level"] = levels[entry["level"]] if entry["level"] else None
                    new.append(model(**values))
            model._default_manager.bulk_create(new, batch_size=1000)


def plan_key(row: Row) -> None:
    """The key a name is compared by, planned (and changed) with the name it comes from."""
    if row.kind not in KEYED or "name" not in row.values:
        return
    key = name_key(row.values["name"])
    row.values["name_key"] = key
    if row.old is not None and "name" in row.changes:
        before = cast(Any, row.old).name_key
        if before != key:
            row.changes["name_key"] = (before, key)


def keyed(obj: Any) -> Any:
    """`obj` with the keys its name gives it: bulk writes send no pre_save signal."""
    for name, value in keys_of(obj).items():
        setattr(obj, name, value)
    return obj


def objects_of(rows: list[Row]) -> list[models.Model]:
    """The stored objects of rows that update one (each has its `old` as `obj`)."""
    return [row.obj for row in rows if row.obj is not None]


def spare_values(model: type[models.Model], name: str, taken: set[Any]) -> Iterable[Any]:
    """Values of a unique field that no row holds now or after the import: parking spots."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.IntegerField):
        low, high = model_limits().ranges[f"{kind_of(model)}.{name}"]
        return (v for v in range(high, low - 1, -1) if v not in taken)
    return (s for n in range(1, 10**9) if (s := f"~parked {n}~") not in taken)


def kind_of(model: type[models.Model]) -> str:
    return next(kind for kind, m in MODELS.items() if m is model)
