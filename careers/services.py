"""State changes that span several taxonomy rows, each in one transaction."""

from __future__ import annotations

from django.db import transaction

from .models import Career, CareerLevel, Requirement


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
    return copy
