"""Turn an assessment into a report document: the taxonomy as it is now, frozen.

This is the one place that reads the taxonomy for a report; everything after (page,
exports, comparison) reads the saved document. docs/report-format.md describes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from assessments import scoring
from assessments.inputs import CareerInputs
from assessments.models import Assessment, Rating
from careers.guide import pay_by_place
from careers.models import CareerLevel, ExternalId, Resource, Scheme, Skill

from . import paths
from .charts import category_profile
from .document import levels_of, plan_json, ratio, requirements_of

FORMAT_VERSION = 1


def _skill_infos(skills: Iterable[Skill]) -> dict[str, paths.SkillInfo]:
    skill_ids = [s.pk for s in skills]
    edges = Skill.prerequisites.through.objects.filter(from_skill_id__in=skill_ids).values_list(
        "from_skill__slug", "to_skill__slug"
    )
    prerequisites: dict[str, list[str]] = {}
    for after, before in edges:
        prerequisites.setdefault(after, []).append(before)
    return {
        s.slug: paths.SkillInfo(
            s.slug, s.name, s.hours_per_point, tuple(sorted(prerequisites.get(s.slug, [])))
        )
        for s in skills
    }


def _resources(skills: Iterable[Skill]) -> dict[str, list[paths.ResourceInfo]]:
    found: dict[str, list[paths.ResourceInfo]] = {}
    rows = (
        Resource.objects.filter(skill__in=list(skills))
        .select_related("skill")
        .order_by("from_score", "title")
    )
    # Sorted here: titles order by the database's collation in SQL.
    for r in sorted(rows, key=lambda r: (r.from_score, r.title.lower(), r.title, r.url)):
        found.setdefault(r.skill.slug, []).append(
            paths.ResourceInfo(r.title, r.url, r.kind, r.hours, r.from_score, r.to_score, r.is_free)
        )
    return found


def _external_ids(skills: Iterable[Skill]) -> dict[str, dict[str, list[str]]]:
    """Per skill slug, its codes in every scheme (sorted; empty lists for none)."""
    skills = list(skills)
    found: dict[str, dict[str, list[str]]] = {
        s.slug: {scheme: [] for scheme in Scheme.values} for s in skills
    }
    rows = ExternalId.objects.filter(skill__in=[s.pk for s in skills])
    for slug, scheme, code in sorted(rows.values_list("skill__slug", "scheme", "code")):
        found[slug][scheme].append(code)  # sorted in Python: the same on every database
    return found


def _first_codes(codes: dict[str, list[str]]) -> dict[str, str]:
    """The version-1 keys reports have always carried: each scheme's first code, or ""."""
    return {
        "onet_id": next(iter(codes["onet"]), ""),
        "esco_uri": next(iter(codes["esco"]), ""),
        "sfia_code": next(iter(codes["sfia"]), ""),
    }


def snapshot(assessment: Assessment) -> dict[str, Any]:
    """Inputs and results of an assessment, as plain JSON-ready data."""
    career = CareerInputs.load(assessment.career_id)
    skills = {r.skill.slug: r.skill for r in career.rows}  # in the curators' order
    place = {slug: n for n, slug in enumerate(skills)}
    rating_rows = sorted(
        Rating.objects.filter(assessment=assessment).select_related("skill"),
        key=lambda r: (place.get(r.skill.slug, len(place)), r.skill.slug),
    )
    ratings = {r.skill.slug: r.score for r in rating_rows}
    evidence = {r.skill.slug: r.evidence for r in rating_rows if r.evidence}
    # A category's estimate counts like a rating; the document says which scores are one.
    estimated = [r.skill.slug for r in rating_rows if r.estimated]
    codes = _external_ids(skills.values())
    scoring_reqs = career.scoring()
    inputs: dict[str, Any] = {
        "requirements": [
            {
                "skill": r.skill,
                "level": r.level,
                "target": r.target,
                "weight": r.weight,
                "must_have": r.must_have,
            }
            for r in scoring_reqs
        ],
        "ratings": ratings,
        "evidence": evidence,
        "estimated": estimated,
        "levels": [{"slug": lv.slug, "name": lv.name, "rank": lv.rank} for lv in career.levels],
        "skills": {
            slug: {
                "name": s.name,
                "category": s.category.slug,
                "category_name": s.category.name,
                "hours_per_point": s.hours_per_point,
                "in_demand": s.in_demand,
                **_first_codes(codes[slug]),
                "external_ids": codes[slug],
            }
            for slug, s in skills.items()
        },
    }
    infos = _skill_infos(skills.values())
    for slug, info in infos.items():
        inputs["skills"][slug]["prerequisites"] = list(info.prerequisites)
    resources = _resources(skills.values())
    career_level = CareerLevel.objects.filter(
        career_id=assessment.career_id, level_id=assessment.level_id
    ).first()
    document = compute(
        inputs,
        target=assessment.level.slug,
        threshold=settings.SKILLGAP_READY_THRESHOLD,
        resources=resources,
        skill_infos=infos,
    )
    document.update(
        {
            "career": {"slug": assessment.career.slug, "name": assessment.career.name},
            "career_level": {
                "years": career_level.years if career_level else "",
                "salary_band": career_level.salary_band if career_level else "",
                "description": career_level.description if career_level else "",
                # The guide's pay by place beside the level's band (issue 24): city and
                # remote figures for this level or for no one level, with their sources.
                "by_place": [
                    {
                        "place": band.place,
                        "label": band.label,
                        "pay": band.figure,
                        "source": band.source,
                        "year": band.year,
                    }
                    for band in pay_by_place(assessment.career_id, assessment.level_id)
                ],
            },
            "inputs": inputs,
        }
    )
    return document


def compute(
    inputs: dict[str, Any],
    *,
    target: str,
    threshold: float,
    resources: dict[str, list[paths.ResourceInfo]],
    skill_infos: dict[str, paths.SkillInfo],
) -> dict[str, Any]:
    """The results part of the document, from its inputs: pure, given the taxonomy rows."""
    levels = levels_of(inputs)
    skills = inputs["skills"]
    reqs = requirements_of(inputs)
    ratings = inputs["ratings"]
    estimated = set(inputs.get("estimated", []))  # added with issue 21; older lack it
    results = scoring.evaluate(levels, reqs, ratings)
    placed = scoring.placement(results, threshold)
    target_level = next(lv for lv in levels if lv.slug == target)
    at_target = [r for r in reqs if r.level == target]
    gaps = sorted(
        scoring.skill_gaps(at_target, ratings),
        key=lambda g: (-g.weighted_gap, -g.gap, g.name.lower(), g.skill),
    )
    target_result = next(res for res in results if res.level.slug == target)
    path = paths.learning_path(levels, reqs, ratings, skill_infos, resources, target_level)
    plan = paths.plan_to_target(levels, reqs, ratings, skill_infos, target_level, threshold)
    bar = scoring.as_fraction(threshold)
    return {
        "format_version": FORMAT_VERSION,
        "scoring_version": scoring.SCORING_VERSION,
        "level": {"slug": target_level.slug, "name": target_level.name, "rank": target_level.rank},
        "threshold": threshold,
        "readiness": {res.level.slug: ratio(res.readiness) for res in results},
        "levels": [
            {
                "slug": res.level.slug,
                "name": res.level.name,
                "rank": res.level.rank,
                "readiness": ratio(res.readiness),
                "reached": res.passes(bar),
                "blocked": [g.skill for g in res.blocked],
            }
            for res in results
        ],
        "placement": {
            "slug": placed.level.slug if placed.level else None,
            "name": placed.label,
        },
        "reasons": list(placed.reasons),
        "categories": [
            {
                "slug": slug,
                "name": name,
                "readiness": ratio(value),
                **category_profile(at_target, ratings, slug),
            }
            for slug, name, value in target_result.categories
        ],
        "skills": [
            {
                "slug": g.skill,
                "name": g.name,
                "category": g.category,
                "category_name": g.category_name,
                "score": g.score,
                "target": g.target,
                "weight": g.weight,
                "must_have": g.must_have,
                "gap": g.gap,
                "weighted_gap": g.weighted_gap,
                "evidence": inputs.get("evidence", {}).get(g.skill, ""),
                "estimated": g.skill in estimated,
                "onet_id": skills[g.skill].get("onet_id", ""),
                "esco_uri": skills[g.skill].get("esco_uri", ""),
                "sfia_code": skills[g.skill].get("sfia_code", ""),
                # Added in issue 11 (several ids per scheme); older documents lack it.
                "external_ids": skills[g.skill].get("external_ids", {}),
            }
            for g in gaps
        ],
        "strengths": [
            {"slug": g.skill, "name": g.name, "score": g.score, "target": g.target}
            for g in scoring.strengths(at_target, ratings)
        ],
        "path": [
            {
                "stage": step.stage,
                "stage_name": stage.level.name,
                "skill": step.skill,
                "name": step.name,
                "from": step.start,
                "to": step.end,
                "hours": step.hours,
                # Added in issue 24: the career guide calls the skill in demand.
                "in_demand": skills[step.skill].get("in_demand", False),
                "resources": [
                    {
                        "title": r.title,
                        "url": r.url,
                        "kind": r.kind,
                        "hours": r.hours,
                        "is_free": r.is_free,
                    }
                    for r in step.resources
                ],
            }
            for stage in path.stages
            for step in stage.steps
        ],
        "total_hours": path.total_hours,
        "plan": plan_json(plan),
    }
