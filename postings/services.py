"""The extractor's Django side: the matcher compiled once per taxonomy version, and the
documented JSON for a text (the endpoint and `manage.py extract_skills` share it)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from careers import versions
from careers.models import CareerLevel, Requirement, Skill, SkillAlias

from .extract import Extraction, Matcher, Term, as_json, closest_career, level_for

MAX_BYTES = 200 * 1024  # a posting's text, UTF-8 encoded: the upload limit too


@dataclass(frozen=True)
class Compiled:
    version: int
    matcher: Matcher
    names: dict[str, str]
    careers: dict[str, dict[str, int]]  # career slug -> skill slug -> largest weight
    bands: dict[str, list[tuple[str, int, int | None, int]]]  # career -> level bands


_lock = threading.Lock()
_compiled: Compiled | None = None


def compiled() -> Compiled:
    """This process's matcher for the current taxonomy: one indexed read when it is fresh.

    Compiling reads every skill, alias and requirement (a few queries, ~50 ms at 5,000
    skills); a curator's change raises the version and the next extraction recompiles.
    """
    global _compiled
    version = versions.current()
    current = _compiled
    if current is not None and current.version == version:
        return current
    with _lock:
        if _compiled is None or _compiled.version != version:
            _compiled = build(version)
        return _compiled


def build(version: int) -> Compiled:
    live = Skill.objects.current()
    names = dict(live.values_list("slug", "name"))
    terms = [Term(slug, name, "name") for slug, name in names.items()]
    terms += [
        Term(slug, alias, "alias")
        for slug, alias in SkillAlias.objects.filter(skill__archived=False)
        .values_list("skill__slug", "name")
        .order_by("skill__slug", "name")
    ]
    careers: dict[str, dict[str, int]] = {}
    for career, skill, weight in Requirement.objects.current().values_list(
        "career__slug", "skill__slug", "weight"
    ):
        row = careers.setdefault(career, {})
        row[skill] = max(weight, row.get(skill, 0))
    bands: dict[str, list[tuple[str, int, int | None, int]]] = {}
    for career, level, low, high, rank in CareerLevel.objects.values_list(
        "career__slug", "level__slug", "years_min", "years_max", "level__rank"
    ):
        bands.setdefault(career, []).append((level, low, high, rank))
    return Compiled(version, Matcher(terms, names=names), names, careers, bands)


@dataclass(frozen=True)
class Result:
    extraction: Extraction
    career: str | None
    level: str | None

    def as_json(self, names: dict[str, str]) -> dict[str, object]:
        return as_json(self.extraction, names, self.career, self.level)


def analyse(text: str, matcher: Compiled | None = None) -> Result:
    c = matcher or compiled()
    extraction = c.matcher.extract(text)
    career = closest_career(extraction.skills, c.careers)
    level = level_for(extraction.level, c.bands.get(career, [])) if career else None
    return Result(extraction, career, level)


def extract_json(text: str) -> dict[str, object]:
    c = compiled()
    return analyse(text, c).as_json(c.names)


def text_problem(text: object) -> str | None:
    """Why `text` cannot be read as a posting, or None (the endpoint and the form agree)."""
    if not isinstance(text, str):
        return "The posting must be text."
    if "\x00" in text:
        return "The posting holds characters that are not text."
    if not text.strip():
        return "The posting is empty: paste its text or upload a file."
    if len(text.encode("utf-8")) > MAX_BYTES:
        return "The posting is longer than 200 KB: paste the part with the requirements."
    return None


def forget() -> None:
    """Drop this process's matcher (tests: their rolled-back taxonomies reuse version numbers)."""
    global _compiled
    _compiled = None
