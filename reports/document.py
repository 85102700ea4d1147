"""Reading a report document back: its inputs as scoring records, its numbers as saved.

Pure: no Django. The snapshot writes documents with these, and a mentor's view of a
report re-scores its inputs with them, so both read the inputs the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from assessments import scoring


def ratio(value: Fraction) -> float:
    """Four decimals, rounded down as every percent is: the saved 0.5699 still reads 56%."""
    return math.floor(value * 10_000) / 10_000


def levels_of(inputs: Mapping[str, Any]) -> list[scoring.LevelInfo]:
    return [scoring.LevelInfo(lv["slug"], lv["name"], lv["rank"]) for lv in inputs["levels"]]


def requirements_of(inputs: Mapping[str, Any]) -> list[scoring.Requirement]:
    skills = inputs["skills"]
    return [
        scoring.Requirement(
            skill=r["skill"],
            name=skills[r["skill"]]["name"],
            category=skills[r["skill"]]["category"],
            category_name=skills[r["skill"]]["category_name"],
            level=r["level"],
            target=r["target"],
            weight=r["weight"],
            must_have=r["must_have"],
        )
        for r in inputs["requirements"]
    ]
