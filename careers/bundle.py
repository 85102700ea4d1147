"""Taxonomy files → one normalised bundle, each item remembering where it came from.

Pure: no Django. Reads the versioned JSON bundle and the CSV forms described in
docs/taxonomy-format.md; reports problems as Issues that name the file, the line (CSV) or
JSON path, the field and the reason. Meaning (unknown slugs, cycles, level rules) is
checked later, against the database, by careers/importer.py.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

FORMAT = "skillgap-taxonomy"
VERSION = 1
KINDS = ("course", "book", "docs", "project", "video")

REQUIREMENT_COLUMNS = ["career", "level", "category", "skill", "target", "weight", "must_have"]
SKILL_COLUMNS = [
    "slug", "name", "category", "description", "hours_per_point", "prerequisites",
    "onet_id", "esco_uri", "sfia_code",
]  # fmt: skip
TRUE, FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}


@dataclass(frozen=True)
class Issue:
    file: str
    where: str  # "line 14" or "$.careers[0].requirements[3]"
    field: str
    reason: str

    def __str__(self) -> str:
        place = f"{self.file}, {self.where}" if self.where else self.file
        return f"{place}, {self.field}: {self.reason}" if self.field else f"{place}: {self.reason}"


@dataclass
class Item:
    """One row to upsert: its fields, and where it was read (for messages)."""

    fields: dict[str, Any]
    file: str
    where: str

    def issue(self, field_name: str, reason: str) -> Issue:
        return Issue(self.file, self.where, field_name, reason)


@dataclass
class Bundle:
    levels: list[Item] = field(default_factory=list)
    categories: list[Item] = field(default_factory=list)
    skills: list[Item] = field(default_factory=list)
    descriptors: list[Item] = field(default_factory=list)  # fields: skill (or None), score, …
    resources: list[Item] = field(default_factory=list)  # fields: skill, title, url, …
    careers: list[Item] = field(default_factory=list)
    career_levels: list[Item] = field(default_factory=list)
    requirements: list[Item] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


# --- reading text ---


def decode(name: str, raw: bytes, bundle: Bundle) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bundle.issues.append(
            Issue(
                name,
                f"byte {error.start}",
                "",
                "is not UTF-8 text; save the file as UTF-8 and upload it again",
            )
        )
        return None


def read_files(files: dict[str, bytes]) -> Bundle:
    """Read files by name: *.json is a bundle, *.csv requirements or skills (by its header)."""
    bundle = Bundle()
    for name, raw in files.items():
        text = decode(name, raw, bundle)
        if text is None:
            continue
        if name.lower().endswith(".json"):
            read_json(name, text, bundle)
        elif name.lower().endswith(".csv"):
            read_csv(name, text, bundle)
        else:
            bundle.issues.append(Issue(name, "", "", "is neither .json nor .csv"))
    return bundle


# --- typed fields ---


class Bad(ValueError):
    """A field value that cannot be read; the message is the reason."""


def whole(
    value: Any, low: int | None = None, high: int | None = None, *, blank: bool = False
) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if blank:
            return None
        raise Bad("is missing")
    if isinstance(value, bool):
        raise Bad(f"{value!r} is not a whole number")
    try:
        number = int(value) if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        raise Bad(f"{value!r} is not a whole number") from None
    if low is not None and high is not None and not low <= number <= high:
        raise Bad(f"{number} is out of {low}–{high}")
    if low is not None and number < low:
        raise Bad(f"{number} is below {low}")
    return number


def text(value: Any, *, required: bool = False, limit: int | None = None) -> str:
    result = "" if value is None else str(value).strip()
    if "\x00" in result:  # PostgreSQL refuses NUL in text; say so instead of failing later
        raise Bad("contains a NUL character")
    if required and not result:
        raise Bad("is missing")
    if limit is not None and len(result) > limit:
        raise Bad(f"is {len(result)} characters; at most {limit}")
    return result


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise Bad(f"{value!r} is not yes or no")


def slug(value: Any) -> str:
    result = text(value, required=True)
    if not all(c.isalnum() or c in "-_" for c in result) or not result.isascii():
        raise Bad(f"{result!r} is not a slug (letters, digits, - and _)")
    return result


def slug_list(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Bad("must be a list of slugs")
    return [slug(v) for v in value]


def read(
    item_fields: dict[str, Any],
    raw: dict[str, Any],
    spec: dict[str, Any],
    file: str,
    where: str,
    bundle: Bundle,
) -> bool:
    """Fill item_fields from raw by spec (field -> reader); True when every field read.

    A field that cannot be read is None, and the row is still kept: its other fields are
    checked too, so one upload reports every problem. The issue recorded here means the
    import never writes it.
    """
    ok = True
    for name, reader in spec.items():
        try:
            item_fields[name] = reader(raw.get(name))
        except Bad as error:
            bundle.issues.append(Issue(file, where, name, str(error)))
            item_fields[name] = None
            ok = False
    return ok


SKILL_SPEC = {
    "slug": slug,
    "name": lambda v: text(v, limit=120),
    "category": slug,
    "description": text,
    "hours_per_point": lambda v: whole(v, 1, 1000, blank=True),
    "onet_id": lambda v: text(v, limit=32),
    "esco_uri": lambda v: text(v, limit=300),
    "sfia_code": lambda v: text(v, limit=16),
}
REQUIREMENT_SPEC = {
    "career": slug,
    "skill": slug,
    "level": slug,
    "target": lambda v: whole(v, 1, 5),
    "weight": lambda v: whole(v, 1, 5),
    "must_have": flag,
}


# --- CSV ---


def read_csv(name: str, content: str, bundle: Bundle) -> None:
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if set(header) >= set(REQUIREMENT_COLUMNS) - {"category"} and "target" in header:
        kind, expected = "requirements", REQUIREMENT_COLUMNS
    elif "slug" in header and "name" in header:
        kind, expected = "skills", SKILL_COLUMNS
    else:
        reason = (
            f"has neither a requirements header ({','.join(REQUIREMENT_COLUMNS)}) "
            f"nor a skills header ({','.join(SKILL_COLUMNS)})"
        )
        bundle.issues.append(Issue(name, "line 1", "", reason))
        return
    stray = [h for h in header if h not in expected]
    if stray:
        bundle.issues.append(
            Issue(
                name, "line 1", stray[0], f"is not a {kind} column (expected {', '.join(expected)})"
            )
        )
        return
    reader.fieldnames = header
    for row in reader:
        where = f"line {reader.line_num}"
        if None in row:  # more cells than the header has columns
            bundle.issues.append(
                Issue(
                    name,
                    where,
                    "",
                    f"has {len(header) + len(row[None])} cells; the header has {len(header)}",
                )
            )
            continue
        if kind == "requirements":
            _csv_requirement(name, where, row, bundle)
        else:
            _csv_skill(name, where, row, bundle)


def _csv_requirement(name: str, where: str, row: dict[str, str], bundle: Bundle) -> None:
    fields: dict[str, Any] = {}
    spec = {**REQUIREMENT_SPEC, "category": lambda v: slug(v) if text(v) else ""}
    read(fields, row, spec, name, where, bundle)
    bundle.requirements.append(Item(fields, name, where))


def _csv_skill(name: str, where: str, row: dict[str, str], bundle: Bundle) -> None:
    fields: dict[str, Any] = {}
    spec = {
        **SKILL_SPEC,
        "prerequisites": lambda v: [slug(p) for p in text(v).split(";") if p.strip()],
    }
    read(fields, row, spec, name, where, bundle)
    bundle.skills.append(Item(fields, name, where))


# --- JSON ---


def read_json(name: str, content: str, bundle: Bundle) -> None:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        bundle.issues.append(
            Issue(name, f"line {error.lineno}", "", f"is not valid JSON: {error.msg}")
        )
        return
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        bundle.issues.append(Issue(name, "$", "format", f'must be "{FORMAT}"'))
        return
    if data.get("version") != VERSION:
        bundle.issues.append(
            Issue(
                name,
                "$",
                "version",
                f"{data.get('version')!r} is not supported (this Skillgap reads {VERSION})",
            )
        )
        return
    stray = sorted(
        set(data)
        - {"format", "version", "levels", "categories", "default_scale", "skills", "careers"}
    )
    if stray:
        bundle.issues.append(Issue(name, "$", stray[0], "is not a bundle key"))
    for i, raw in enumerate(_list(data, "levels", name, "$", bundle)):
        _json_item(
            bundle.levels,
            raw,
            {
                "slug": slug,
                "name": lambda v: text(v, required=True, limit=50),
                "rank": lambda v: whole(v, 1, 1000),
            },
            name,
            f"$.levels[{i}]",
            bundle,
        )
    for i, raw in enumerate(_list(data, "categories", name, "$", bundle)):
        _json_item(
            bundle.categories,
            raw,
            {
                "slug": slug,
                "name": lambda v: text(v, required=True, limit=120),
                "order": lambda v: whole(v, 0, 32767, blank=True) or 0,
            },
            name,
            f"$.categories[{i}]",
            bundle,
        )
    for i, raw in enumerate(_list(data, "default_scale", name, "$", bundle)):
        _json_descriptor(None, raw, name, f"$.default_scale[{i}]", bundle)
    for i, raw in enumerate(_list(data, "skills", name, "$", bundle)):
        _json_skill(raw, name, f"$.skills[{i}]", bundle)
    for i, raw in enumerate(_list(data, "careers", name, "$", bundle)):
        _json_career(raw, name, f"$.careers[{i}]", bundle)


def _list(data: Any, key: str, file: str, where: str, bundle: Bundle) -> list[Any]:
    value = data.get(key, []) if isinstance(data, dict) else []
    if not isinstance(value, list):
        bundle.issues.append(Issue(file, where, key, "must be a list"))
        return []
    return value


def _json_item(
    target: list[Item],
    raw: Any,
    spec: dict[str, Any],
    file: str,
    where: str,
    bundle: Bundle,
    extra: dict[str, Any] | None = None,
) -> Item | None:
    if not isinstance(raw, dict):
        bundle.issues.append(Issue(file, where, "", "must be an object"))
        return None
    fields: dict[str, Any] = dict(extra or {})
    read(fields, raw, spec, file, where, bundle)
    item = Item(fields, file, where)
    target.append(item)
    return item


def _json_descriptor(skill: str | None, raw: Any, file: str, where: str, bundle: Bundle) -> None:
    spec = {
        "score": lambda v: whole(v, 0, 5),
        "label": lambda v: text(v, limit=40),
        "text": lambda v: text(v, required=True, limit=300),
    }
    _json_item(bundle.descriptors, raw, spec, file, where, bundle, {"skill": skill})


def _json_skill(raw: Any, file: str, where: str, bundle: Bundle) -> None:
    if not isinstance(raw, dict):
        bundle.issues.append(Issue(file, where, "", "must be an object"))
        return
    ids = raw.get("external_ids") or {}
    if not isinstance(ids, dict):
        bundle.issues.append(Issue(file, where, "external_ids", "must be an object"))
        ids = {}
    crosswalk = {k: v for k, v in ids.items() if k in ("onet_id", "esco_uri", "sfia_code")}
    spec = {**SKILL_SPEC, "prerequisites": slug_list}
    flat = {**raw, **crosswalk}
    item = _json_item(bundle.skills, flat, spec, file, where, bundle)
    if item is None:
        return
    for i, d in enumerate(_list(raw, "descriptors", file, where, bundle)):
        _json_descriptor(item.fields["slug"], d, file, f"{where}.descriptors[{i}]", bundle)
    resource_spec = {
        "title": lambda v: text(v, required=True, limit=200),
        "url": lambda v: text(v, required=True, limit=500),
        "kind": lambda v: _choice(v, KINDS),
        "hours": lambda v: whole(v, 1, 10000),
        "from_score": lambda v: whole(v, 0, 5),
        "to_score": lambda v: whole(v, 0, 5),
        "is_free": flag,
    }
    for i, r in enumerate(_list(raw, "resources", file, where, bundle)):
        _json_item(
            bundle.resources,
            r,
            resource_spec,
            file,
            f"{where}.resources[{i}]",
            bundle,
            {"skill": item.fields["slug"]},
        )


def _choice(value: Any, choices: tuple[str, ...]) -> str:
    word = text(value, required=True)
    if word not in choices:
        raise Bad(f"{word!r} is not one of {', '.join(choices)}")
    return word


def _json_career(raw: Any, file: str, where: str, bundle: Bundle) -> None:
    spec = {
        "slug": slug,
        "name": lambda v: text(v, required=True, limit=120),
        "summary": lambda v: text(v, limit=300),
        "description": text,
    }
    item = _json_item(bundle.careers, raw, spec, file, where, bundle)
    if item is None:
        return
    career = item.fields["slug"]
    level_spec = {
        "level": slug,
        "years_min": lambda v: whole(v, 0, 100, blank=True) or 0,
        "years_max": lambda v: whole(v, 0, 100, blank=True),
        "salary_min": lambda v: whole(v, 0, 10**9, blank=True),
        "salary_max": lambda v: whole(v, 0, 10**9, blank=True),
        "currency": lambda v: text(v, limit=3) or "USD",
        "description": text,
    }
    for i, lv in enumerate(_list(raw, "levels", file, where, bundle)):
        _json_item(
            bundle.career_levels,
            lv,
            level_spec,
            file,
            f"{where}.levels[{i}]",
            bundle,
            {"career": career},
        )
    req_spec = {k: v for k, v in REQUIREMENT_SPEC.items() if k != "career"}
    for i, r in enumerate(_list(raw, "requirements", file, where, bundle)):
        _json_item(
            bundle.requirements,
            r,
            req_spec,
            file,
            f"{where}.requirements[{i}]",
            bundle,
            {"career": career, "category": ""},
        )
