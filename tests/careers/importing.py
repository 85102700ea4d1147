"""What the import tests share: the CSV headers, a bundle of parts, a plan's messages."""

from __future__ import annotations

import json
from typing import Any

from careers.transfer.importer import Plan

REQ_HEADER = "career,level,category,skill,target,weight,must_have\n"
SKILL_HEADER = (
    "slug,name,category,description,hours_per_point,prerequisites,onet_id,esco_uri,sfia_code\n"
)


def bundle(name: str = "t.json", version: int = 2, **parts: Any) -> dict[str, bytes]:
    """{name: a JSON bundle of these parts}: levels=[…], skills=[…], careers=[…]."""
    document = {"format": "skillgap-taxonomy", "version": version, **parts}
    return {name: json.dumps(document).encode()}


def messages(plan: Plan) -> list[str]:
    return [str(issue) for issue in plan.issues]


def skills_bundle(n: int, *, start: int = 0, category: str = "gen") -> dict[str, bytes]:
    document: dict[str, Any] = {
        "format": "skillgap-taxonomy",
        "version": 2,
        "categories": [{"slug": category, "name": f"Generated {category}"}],
        "skills": [
            {"slug": f"{category}-{i}", "name": f"{category} skill {i}", "category": category}
            for i in range(start, start + n)
        ],
    }
    return {"skills.json": json.dumps(document).encode()}
