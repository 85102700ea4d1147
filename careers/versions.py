"""The taxonomy's version: a number that every change to careers, skills and the rest raises.

Caches of what is drawn from the taxonomy key on it. The number lives in the database, not
in a process or the cache, so every app server sees a change as soon as it is committed.
It is raised in the same transaction as the change, so a reader sees both or neither, and
a rolled-back change leaves it as it was.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    Career,
    CareerLevel,
    CareerNote,
    DemandFigure,
    Descriptor,
    Level,
    Requirement,
    Resource,
    SalaryBand,
    Skill,
    SkillCategory,
    TaxonomyVersion,
)

# Aliases, external ids and prerequisite links are left out on purpose: the importer
# replaces them in bulk and a receiver would stop Django deleting them in one query. It
# raises the version itself, and nothing cached shows them.
# A career's guide lists are shown on its cached page: a curator's edit must redraw it.
WATCHED = (
    Level, Career, CareerLevel, SkillCategory, Skill, Requirement, Resource, Descriptor,
    SalaryBand, DemandFigure, CareerNote,
)  # fmt: skip


def current() -> int:
    """The number caches key on (one indexed read)."""
    return TaxonomyVersion.objects.values_list("number", flat=True).filter(pk=1).first() or 0


def bump() -> None:
    """Raise the version (one UPDATE). Bulk writers call it themselves: no signal tells."""
    if not TaxonomyVersion.objects.filter(pk=1).update(number=F("number") + 1):
        TaxonomyVersion.objects.bulk_create(
            [TaxonomyVersion(pk=1, number=2)], ignore_conflicts=True
        )


def changed(sender: Any, **kwargs: Any) -> None:
    bump()


def connect() -> None:
    for model in WATCHED:
        post_save.connect(changed, sender=model, dispatch_uid=f"taxonomy-save-{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"taxonomy-del-{model.__name__}")
    m2m_changed.connect(
        changed, sender=Skill.prerequisites.through, dispatch_uid="taxonomy-prerequisites"
    )
