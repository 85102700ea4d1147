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
    CareerLevel.objects.bulk_create(
        CareerLevel(
            career=copy,
            level_id=cl.level_id,
            years_min=cl.years_min,
            years_max=cl.years_max,
            salary_min=cl.salary_min,
            salary_max=cl.salary_max,
            currency=cl.currency,
            source=cl.source,
            description=cl.description,
        )
        for cl in career.career_levels.all()
    )
    Requirement.objects.bulk_create(
        Requirement(
            career=copy,
            skill_id=r.skill_id,
            level_id=r.level_id,
            target=r.target,
            weight=r.weight,
            must_have=r.must_have,
        )
        for r in career.requirements.all()
    )
    for model in (SalaryBand, DemandFigure, CareerNote):
        copy_guide_list(model, career, copy)
    return copy


def copy_guide_list(model: type[models.Model], career: Career, copy: Career) -> None:
    """A career guide's list (pay, demand or notes), entry by entry, onto `copy`."""
    names = [f.attname for f in model._meta.concrete_fields if f.name not in ("id", "career")]
    model._default_manager.bulk_create(
        model(career=copy, **{name: getattr(entry, name) for name in names})
        for entry in model._default_manager.filter(career=career)
    )
