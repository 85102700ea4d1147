"""State changes that span several taxonomy rows, each in one transaction."""

from __future__ import annotations

from django.db import models, transaction

from .models import Career, CareerLevel, CareerNote, DemandFigure, Requirement, SalaryBand


def _free_copy_names(career: Career) -> tuple[str, str]:
    n = 1
    while True:
        suffix = "" if n == 1 else f" {n}"
        name, slug = f"{career.name} (copy{suffix})", f"{career.slug}-copy{'' if n == 1 else n}"
        if (
            not Career.objects.filter(name=name).exists()
            and not Career.objects.filter(slug=slug).exists()
        ):
            return name, slug
        n += 1


@transaction.atomic
def duplicate_career(*, career: Career) -> Career:
    """Copy a career with its levels and requirements, under a free name and slug."""
    name, slug = _free_copy_names(career)
    copy = Career.objects.create(
        name=name, slug=slug, summary=career.summary, description=career.description
    )
    for model in (CareerLevel, Requirement, SalaryBand, DemandFigure, CareerNote):
        copy_rows(model, career, copy)
    return copy


def copy_rows(model: type[models.Model], career: Career, copy: Career) -> None:
    """`career`'s rows of `model` (its levels, requirements, pay, demand or notes), every
    field as it is, onto `copy`: a field added to the model is copied too."""
    names = [f.attname for f in model._meta.concrete_fields if f.name not in ("id", "career")]
    model._default_manager.bulk_create(
        model(career=copy, **{name: getattr(entry, name) for name in names})
        for entry in model._default_manager.filter(career=career)
    )
