"""What the models allow, read off them, so an import's preview refuses what the database would.

- `model_limits()`: field lengths, number ranges and choices, for the pure bundle reader;
- `model_rules()`: the fields a new row needs and every unique constraint, for the checker,
  which tests them on the taxonomy as the import would leave it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import cast

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from ..models import (
    Career,
    CareerLevel,
    CareerNote,
    DemandFigure,
    Descriptor,
    ExternalId,
    Level,
    NoteSection,
    PlaceKind,
    Requirement,
    Resource,
    ResourceKind,
    SalaryBand,
    Scheme,
    Skill,
    SkillAlias,
    SkillCategory,
)
from .bundle import Limits

# The bundle's kinds of rows and the model each is written to.
MODELS: dict[str, type[models.Model]] = {
    "level": Level,
    "category": SkillCategory,
    "skill": Skill,
    "alias": SkillAlias,
    "external_id": ExternalId,
    "descriptor": Descriptor,
    "resource": Resource,
    "career": Career,
    "career_level": CareerLevel,
    "requirement": Requirement,
    "salary_band": SalaryBand,
    "demand": DemandFigure,
    "note": CareerNote,
}


def value_range(field: models.IntegerField) -> tuple[int, int]:
    """The whole numbers a field takes: its validators, within the column's portable range.

    Portable: SQLite stores any integer in any column, PostgreSQL's smallint stops at
    32,767; a bundle must import the same on both.
    """
    low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    # `_validators` is private to Django, but the public `validators` adds the connection's
    # range, which would make the same bundle import differently on SQLite and PostgreSQL.
    for v in field._validators:  # type: ignore[attr-defined]
        if isinstance(v, MinValueValidator):
            low = max(low, v.limit_value)
        elif isinstance(v, MaxValueValidator):
            high = min(high, v.limit_value)
    return low, high


def reference_length(field: models.Field) -> int | None:
    """A foreign key is named by its target's slug in a bundle: that slug's length limit."""
    target = field.related_model
    if target is None or field.many_to_many:
        return None
    slugs = [f for f in target._meta.concrete_fields if f.name == "slug"]
    return slugs[0].max_length if slugs else None


@cache
def model_limits() -> Limits:
    lengths: dict[str, int] = {}
    ranges: dict[str, tuple[int, int]] = {}
    for kind, model in MODELS.items():
        for field in model._meta.concrete_fields:
            key = f"{kind}.{field.name}"
            length = reference_length(field) if field.is_relation else field.max_length
            if length:
                lengths[key] = length
            if isinstance(field, models.IntegerField) and not field.primary_key:
                ranges[key] = value_range(field)
    return Limits(
        lengths=lengths,
        ranges=ranges,
        kinds=tuple(ResourceKind.values),
        schemes=tuple(Scheme.values),
        place_kinds=tuple(PlaceKind.values),
        sections=tuple(NoteSection.values),
    )


# --- what the checker needs: required fields and unique constraints ---


@dataclass(frozen=True)
class Unique:
    """One unique constraint in bundle terms: these fields, among rows meeting `when`.

    `when` maps a field to whether it must be empty (a condition `field__isnull=…`), the
    only kind of condition the models use; anything else is refused when rules are read.
    """

    fields: tuple[str, ...]
    when: tuple[tuple[str, bool], ...] = ()

    def applies(self, values: dict[str, object]) -> bool:
        return all((values.get(name) is None) == empty for name, empty in self.when)


@dataclass(frozen=True)
class Rules:
    required: dict[str, frozenset[str]]  # kind -> fields a new row must have
    unique: dict[str, tuple[Unique, ...]]  # kind -> its unique constraints


def isnull_condition(condition: models.Q) -> tuple[tuple[str, bool], ...]:
    found: list[tuple[str, bool]] = []
    for child in condition.children:
        if condition.negated or condition.connector != models.Q.AND:
            raise NotImplementedError(f"unique constraint condition {condition!r}")
        if isinstance(child, models.Q):
            found.extend(isnull_condition(child))
            continue
        lookup, value = cast(tuple[str, object], child)  # a Q holds Qs and (lookup, value)s
        name, _, operator = lookup.partition("__")
        if operator != "isnull":
            raise NotImplementedError(f"unique constraint condition {condition!r}")
        found.append((name, bool(value)))
    return tuple(found)


def unique_constraints(model: type[models.Model]) -> tuple[Unique, ...]:
    found = [
        Unique((field.name,))
        for field in model._meta.concrete_fields
        if field.unique and not field.primary_key
    ]
    found += [Unique(tuple(fields)) for fields in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            if constraint.contains_expressions:
                raise NotImplementedError(f"{model.__name__}: {constraint.name}")
            when = isnull_condition(constraint.condition) if constraint.condition else ()
            found.append(Unique(tuple(constraint.fields), when))
    return tuple(found)


def required_fields(model: type[models.Model]) -> frozenset[str]:
    return frozenset(
        field.name
        for field in model._meta.concrete_fields
        if not (field.primary_key or field.has_default() or field.blank or field.null)
    )


@cache
def model_rules() -> Rules:
    return Rules(
        required={kind: required_fields(model) for kind, model in MODELS.items()},
        unique={kind: unique_constraints(model) for kind, model in MODELS.items()},
    )
