"""The extractor's Django side: the matcher compiled once per taxonomy version, and the
documented JSON for a text (the endpoint and `manage.py extract_skills` share it)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from careers import versions
from careers.models import Career, CareerLevel, Level, Requirement, Skill, SkillAlias

from .extract import (
    Extraction,
    Matcher,
    Term,
    as_json,
    closest_career,
    level_for,
    terms_from_bundle,
)
from .models import PHRASE_MAX, TITLE_MAX, Posting, PostingSkill, UnmatchedPhrase

MAX_BYTES = 200 * 1024  # a posting's text, UTF-8 encoded: the upload limit too


@dataclass(frozen=True)
class Compiled:
    version: int
    matcher: Matcher
    names: dict[str, str]
    careers: dict[str, dict[str, int]]  # career slug -> skill slug -> largest weight
    bands: dict[str, list[tuple[str, int | None, int | None, int]]]  # career -> level bands


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
    required: set[tuple[str, str]] = set()
    for career, skill, level, weight in Requirement.objects.current().values_list(
        "career__slug", "skill__slug", "level__slug", "weight"
    ):
        row = careers.setdefault(career, {})
        row[skill] = max(weight, row.get(skill, 0))
        required.add((career, level))
    bands: dict[str, list[tuple[str, int | None, int | None, int]]] = {}
    for career, level, low, high, rank in CareerLevel.objects.values_list(
        "career__slug", "level__slug", "years_min", "years_max", "level__rank"
    ):
        # A level described for pay only (the guide's 10+ years expert band) has nothing to
        # measure a posting's gap against.
        if (career, level) in required:
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


# --- saved postings -----------------------------------------------------------------------


def title_of(text: str) -> str:
    """A posting's title when none is given: its first non-empty line, shortened."""
    first = next((line.strip(" #*-•\t") for line in text.splitlines() if line.strip()), "")
    return (first[: TITLE_MAX - 1] + "…") if len(first) > TITLE_MAX else (first or "Job posting")


@transaction.atomic
def create_posting(*, owner: Any | None, text: str, title: str = "", company: str = "") -> Posting:
    """Save a posting with the skills it asks for, and count its unmatched phrases.

    One transaction: the posting, its skills and the counts are saved together or not at all.
    """
    c = compiled()
    result = analyse(text, c)
    cues = result.extraction.level
    posting = Posting.objects.create(
        owner=owner,
        title=(title.strip() or title_of(text))[:TITLE_MAX],
        company=company.strip()[:TITLE_MAX],
        text=text,
        career=Career.objects.filter(slug=result.career).first() if result.career else None,
        level=Level.objects.filter(slug=result.level).first() if result.level else None,
        level_reasons=", ".join(cues.reasons)[:TITLE_MAX],
    )
    ids = dict(Skill.objects.filter(slug__in=result.extraction.skills).values_list("slug", "pk"))
    PostingSkill.objects.bulk_create(
        PostingSkill(
            posting=posting,
            skill_id=ids[m.skill],
            required=m.required,
            evidence=[list(span) for span in m.evidence],
            matched=m.matched[:TITLE_MAX],
            source=m.source,
        )
        for m in result.extraction.matches
        if m.skill in ids
    )
    count_unmatched(result.extraction.unmatched)
    return posting


def count_unmatched(phrases: Iterable[str]) -> None:
    """Add one to each phrase's count (two queries whatever their number)."""
    wanted = sorted({p[:PHRASE_MAX] for p in phrases if p.strip()})
    if not wanted:
        return
    UnmatchedPhrase.objects.bulk_create(
        [UnmatchedPhrase(phrase=p) for p in wanted], ignore_conflicts=True
    )
    UnmatchedPhrase.objects.filter(phrase__in=wanted).update(
        count=F("count") + 1, last_seen=timezone.now()
    )


@transaction.atomic
def claim_postings(*, user: Any, uuids: Iterable[str]) -> int:
    """Give a new or returning user the anonymous postings their session pasted."""
    return Posting.objects.filter(uuid__in=list(uuids), owner__isnull=True).update(owner=user)


@transaction.atomic
def make_alias(*, phrase: UnmatchedPhrase, skill: Skill) -> SkillAlias:
    """A curator's click: the phrase becomes an alias of `skill`, and leaves the list.

    The taxonomy version rises so every server's extractor recompiles with it.
    """
    alias, _ = SkillAlias.objects.get_or_create(skill=skill, name=phrase.phrase)
    phrase.delete()
    versions.bump()
    return alias


def from_bundle(bundle: dict[str, Any]) -> Compiled:
    """The matcher from an import bundle (fixtures/taxonomy.json) rather than the database:
    what `extract_skills` falls back to on a checkout whose database is not set up yet."""
    terms, names = terms_from_bundle(bundle)
    ranks = {level["slug"]: level["rank"] for level in bundle["levels"]}
    live = set(names)
    careers: dict[str, dict[str, int]] = {}
    bands: dict[str, list[tuple[str, int | None, int | None, int]]] = {}
    for career in bundle["careers"]:
        row = careers.setdefault(career["slug"], {})
        for req in career["requirements"]:
            if req["skill"] in live:
                row[req["skill"]] = max(req["weight"], row.get(req["skill"], 0))
        required = {req["level"] for req in career["requirements"] if req["skill"] in live}
        bands[career["slug"]] = [
            (band["level"], band.get("years_min"), band.get("years_max"), ranks[band["level"]])
            for band in career["levels"]
            if band["level"] in required
        ]
    return Compiled(0, Matcher(terms, names=names), names, careers, bands)
