"""Taxonomy files → one normalised bundle, each item remembering where it came from.

Pure: no Django. Reads the versioned JSON bundle and the CSV forms described in
docs/taxonomy-format.md; reports problems as Issues that name the file, the line (CSV) or
JSON path, the field and the reason. Field limits (lengths, ranges, resource kinds, id
schemes) come in as `Limits`, read off the models by careers/transfer/limits.py, so the two
never drift. Meaning (unknown slugs, cycles, level rules, unique names) is checked later,
against the database, by careers/transfer/importer.py.

An item holds only the fields its row gives: a JSON key left out, or a CSV column the
header does not have, is absent, and the import keeps what the database holds for it. A
field given empty clears it.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lib.spreadsheet import restore

from ..links import web_url

FORMAT = "skillgap-taxonomy"
VERSION = 2  # what the exporter writes
READS = (1, 2)  # version 1: one external id per scheme, no aliases, no archiving

REQUIREMENT_COLUMNS = ["career", "level", "category", "skill", "target", "weight", "must_have"]
# CSV has no version number, so its columns only grow: the id columns keep their version-1
# names and now hold ;-separated codes.
ID_COLUMNS = {"onet_id": "onet", "esco_uri": "esco", "sfia_code": "sfia"}
SKILL_COLUMNS = [
    "slug", "name", "category", "description", "hours_per_point", "prerequisites",
    *ID_COLUMNS, "aliases", "archived", "in_demand",
]  # fmt: skip
# A career's guide lists, each replaced whole when given (bundle key -> kind of entry).
CAREER_LISTS = {"salary_bands": "salary_band", "demand": "demand", "notes": "note"}
# The guide CSV: one row per entry of a career's guide lists, `list` naming which; a row
# fills the columns of its list's fields and leaves the others empty.
GUIDE_COLUMNS = [
    "career", "list", "level", "label", "place_kind", "place", "salary_min", "salary_max",
    "approximate", "open_ended", "currency", "year", "section", "heading", "text", "source",
    "period",
]  # fmt: skip
# The fields that say which row an item is: a row without them cannot be placed.
KEYS = {
    "level": ("slug",),
    "category": ("slug",),
    "skill": ("slug",),
    "descriptor": ("score",),
    "resource": ("url",),
    "career": ("slug",),
    "career_level": ("level",),
    "requirement": ("career", "skill", "level"),
    "salary_band": (),
    "demand": (),
    "note": (),
}
# Fields a blank value leaves as they are: a skill always has a name, a category and an
# effort, so a blank cell means "no change" (and a new skill must give its name and category).
BLANK_KEEPS = {"skill": {"name", "category", "hours_per_point"}}
TRUE, FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}
CSV_FIELD_LIMIT = csv.field_size_limit()
SLUG = re.compile(r"[A-Za-z0-9_-]+")  # what Django's SlugField takes (validate_slug)

# Input limits, checked before a file is parsed (or, for CSV, as it is read row by row), so
# that no file makes the work grow without bound: a 12 MB file of 4 million {} took 66 s
# and 2.7 GB before it was refused, a list nested 5,000 deep or a 5,000-digit number
# crashed the parser. Every door (admin preview, admin confirm, import_taxonomy) reads
# files through read_files, so each runs these same checks.
MAX_BYTES = 20 * 1024 * 1024  # across one import's files: thousands of skills fit easily
MAX_ITEMS = 100_000  # JSON list entries and CSV rows across the files (bench: 26,000)
MAX_DEPTH = 16  # lists and objects nested in a JSON file; a bundle needs 5
MAX_NUMBER = 20  # characters of a number; the widest field takes 10 digits


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
    """One row to upsert: the fields it gives, and where it was read (for messages)."""

    fields: dict[str, Any]
    file: str
    where: str
    # Fields given but unreadable (an issue says why): never written, and left out of
    # checks that would only repeat the problem.
    unreadable: set[str] = field(default_factory=set)

    def issue(self, field_name: str, reason: str) -> Issue:
        return Issue(self.file, self.where, field_name, reason)

    def has(self, *names: str) -> bool:
        """Every one of `names` is given and readable."""
        return all(n in self.fields for n in names)

    @property
    def place(self) -> str:
        return f"{self.file}, {self.where}"


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
    # Careers a CSV names without a name column (a guide CSV's): a new one is named from
    # its slug, as a requirements CSV's is.
    named_from_slug: list[Item] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # Files that could not be read (or not to the end): what they hold is unknown, so the
    # meaning of the others is not checked against them (no "unknown skill" cascades).
    unreadable: list[str] = field(default_factory=list)

    def refuse(self, name: str, where: str, reason: str) -> None:
        self.issues.append(Issue(name, where, "", reason))
        self.unreadable.append(name)


# --- reading text ---

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_utf16(raw: bytes) -> bool:
    """A byte-order mark, or ASCII text with every other byte NUL (UTF-16 without one)."""
    if raw.startswith(UTF16_BOMS):
        return True
    head = raw[:200]
    return len(head) >= 4 and (
        head[1::2].count(0) > len(head) // 4 or head[::2].count(0) > len(head) // 4
    )


def line_of(raw: bytes, offset: int) -> int:
    return len(re.split(rb"\r\n|\r|\n", raw[:offset]))


def decode(name: str, raw: bytes, bundle: Bundle) -> str | None:
    if looks_utf16(raw):
        reason = "is UTF-16 text; save it as UTF-8 (Excel: “CSV UTF-8”) and upload it again"
        bundle.refuse(name, "line 1", reason)
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = line_of(raw, error.start)
        reason = (
            f"is not UTF-8 text (byte 0x{raw[error.start]:02X} on this line is not UTF-8; "
            "Latin-1 or Windows-1252, perhaps); save the file as UTF-8 and upload it again"
        )
        bundle.refuse(name, f"line {line}", reason)
        return None


def oversize(sizes: Mapping[str, int]) -> Issue | None:
    """The files are more than one import takes: checked on their sizes, before reading."""
    total = sum(sizes.values())
    if total <= MAX_BYTES:
        return None
    together = " together" if len(sizes) > 1 else ""
    reason = (
        f"{total:,} bytes{together}; one import takes at most {MAX_BYTES:,} "
        f"({MAX_BYTES // 2**20} MiB): split it"
    )
    return Issue(", ".join(sizes), "", "", reason)


def read_files(files: dict[str, bytes], limits: Limits) -> Bundle:
    """Read files by name: *.json is a bundle, *.csv requirements or skills (by its header)."""
    reader = Reader(limits)
    too_big = oversize({name: len(raw) for name, raw in files.items()})
    if too_big:
        reader.bundle.issues.append(too_big)
        reader.bundle.unreadable.extend(files)
        return reader.bundle
    for name, raw in files.items():
        lowered = name.lower()
        if not lowered.endswith((".json", ".csv")):
            reader.bundle.refuse(name, "", "is neither .json nor .csv")
            continue
        text = decode(name, raw, reader.bundle)
        if text is None:
            continue
        if lowered.endswith(".json"):
            reader.json(name, text)
        else:
            reader.csv(name, text)
    return reader.bundle


# --- typed fields ---


class Bad(ValueError):
    """A field value that cannot be read; the message is the reason."""


def whole(value: Any, low: int, high: int, *, blank: bool = False) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if blank:
            return None
        raise Bad("is missing")
    if isinstance(value, bool):
        raise Bad(f"{value!r} is not a whole number")
    if isinstance(value, str) and len(value.strip()) > MAX_NUMBER:
        size = len(value.strip())
        raise Bad(f"{size:,} characters is too long for a whole number in {low}–{high}")
    try:
        number = int(value) if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        raise Bad(f"{value!r} is not a whole number") from None
    if not low <= number <= high:
        raise Bad(f"{number} is out of {low}–{high}")
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


def slug(value: Any, limit: int | None = None) -> str:
    result = text(value, required=True)
    if not SLUG.fullmatch(result):
        raise Bad(f"{result!r} is not a slug (letters, digits, - and _)")
    if limit is not None and len(result) > limit:
        raise Bad(f"is {len(result)} characters; at most {limit}")
    return result


def listed(value: Any, read_one: Callable[[Any], Any], what: str) -> list[Any]:
    """A JSON list read item by item, repeats dropped (a set, in the file's order)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise Bad(f"must be a list of {what}")
    return list(dict.fromkeys(read_one(v) for v in value))


def semicolons(value: Any, read_one: Callable[[Any], Any], what: str = "") -> list[Any]:
    """A CSV cell of ;-separated values, read one by one, repeats dropped."""
    return list(dict.fromkeys(read_one(p) for p in text(value).split(";") if p.strip()))


def choice(value: Any, choices: tuple[str, ...]) -> str:
    word = text(value, required=True)
    if word not in choices:
        raise Bad(f"{word!r} is not one of {', '.join(choices)}")
    return word


FieldReader = Callable[[Any], Any]
Spec = dict[str, FieldReader]
Splitter = Callable[[Any, FieldReader, str], list[Any]]
Parent = tuple[str, Any, bool] | None  # (field, the enclosing object's key, readable)


@dataclass(frozen=True)
class Limits:
    """What the models allow, keyed "kind.field" ("skill.name", "requirement.target").

    A reference ("requirement.skill") is limited to the length of the slug it names.
    """

    lengths: Mapping[str, int]  # most characters of a text or slug field
    ranges: Mapping[str, tuple[int, int]]  # lowest and highest whole number
    kinds: tuple[str, ...]  # a resource's kinds
    place_kinds: tuple[str, ...] = ("market", "city", "remote", "employer")
    sections: tuple[str, ...] = ()  # a career note's sections
    schemes: tuple[str, ...] = tuple(ID_COLUMNS.values())  # external id schemes


def specs(limits: Limits) -> dict[str, Spec]:
    """Per kind of row, how each of its fields is read: the same limits as the models."""

    def slug_of(key: str) -> FieldReader:
        return lambda v: slug(v, limits.lengths[key])

    def text_of(key: str, *, required: bool = False, default: str = "") -> FieldReader:
        return lambda v: text(v, required=required, limit=limits.lengths.get(key)) or default

    def link_of(key: str, *, required: bool = False) -> FieldReader:
        def read_link(v: Any) -> str:
            found = text(v, required=required, limit=limits.lengths[key])
            if found and web_url(found) is None:
                raise Bad(f"{found!r} is not a web link: only http:// and https:// are taken")
            return found

        return read_link

    def whole_of(key: str, *, blank: bool = False, default: int | None = None) -> FieldReader:
        low, high = limits.ranges[key]
        if default is not None:
            return lambda v: whole(v, low, high, blank=True) if text(v) else default
        return lambda v: whole(v, low, high, blank=blank)

    return {
        "level": {
            "slug": slug_of("level.slug"),
            "name": text_of("level.name", required=True),
            "rank": whole_of("level.rank"),
        },
        "category": {
            "slug": slug_of("category.slug"),
            "name": text_of("category.name", required=True),
            "order": whole_of("category.order", default=0),
        },
        "skill": {
            "slug": slug_of("skill.slug"),
            "name": text_of("skill.name"),
            "category": slug_of("skill.category"),
            "description": text_of("skill.description"),
            # Blank keeps the skill's effort (a new skill takes the model's default).
            "hours_per_point": whole_of("skill.hours_per_point", blank=True),
            "archived": flag,
            "in_demand": flag,
        },
        "code": {"code": text_of("external_id.code", required=True)},
        "alias": {"name": text_of("alias.name", required=True)},
        "descriptor": {
            "score": whole_of("descriptor.score"),
            "label": text_of("descriptor.label"),
            "text": text_of("descriptor.text", required=True),
        },
        "resource": {
            "title": text_of("resource.title", required=True),
            "url": link_of("resource.url", required=True),
            "kind": lambda v: choice(v, limits.kinds),
            "hours": whole_of("resource.hours"),
            "from_score": whole_of("resource.from_score"),
            "to_score": whole_of("resource.to_score"),
            "is_free": flag,
        },
        "career": {
            "slug": slug_of("career.slug"),
            "name": text_of("career.name", required=True),
            "summary": text_of("career.summary"),
            "description": text_of("career.description"),
            "order": whole_of("career.order", default=0),
        },
        "career_level": {
            "level": slug_of("career_level.level"),
            "years_min": whole_of("career_level.years_min", blank=True),
            "years_max": whole_of("career_level.years_max", blank=True),
            "salary_min": whole_of("career_level.salary_min", blank=True),
            "salary_max": whole_of("career_level.salary_max", blank=True),
            "currency": text_of("career_level.currency", default="USD"),
            "source": text_of("career_level.source"),
            "description": text_of("career_level.description"),
        },
        # Entries of a career's lists: every field is read (a left-out one takes its
        # default), because the list replaces the stored one whole.
        "salary_band": {
            "level": lambda v: None if blank(v) else slug(v, limits.lengths["salary_band.level"]),
            "label": text_of("salary_band.label", required=True),
            "place_kind": lambda v: choice(v, limits.place_kinds) if not blank(v) else "market",
            "place": text_of("salary_band.place"),
            "salary_min": whole_of("salary_band.salary_min", blank=True),
            "salary_max": whole_of("salary_band.salary_max", blank=True),
            "approximate": flag,
            "open_ended": flag,
            "currency": text_of("salary_band.currency", default="USD"),
            "source": text_of("salary_band.source", required=True),
            "year": whole_of("salary_band.year", blank=True),
        },
        "demand": {
            "text": text_of("demand.text", required=True),
            "source": text_of("demand.source", required=True),
            "period": text_of("demand.period"),
        },
        "note": {
            "section": lambda v: choice(v, limits.sections),
            "heading": text_of("note.heading"),
            "text": text_of("note.text", required=True),
        },
        "requirement": {
            "career": slug_of("requirement.career"),
            "skill": slug_of("requirement.skill"),
            "level": slug_of("requirement.level"),
            "target": whole_of("requirement.target"),
            "weight": whole_of("requirement.weight"),
            "must_have": flag,
        },
    }


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read(item: Item, raw: Mapping[str, Any], kind: str, spec: Spec, bundle: Bundle) -> None:
    """Fill item.fields from the fields `raw` gives, by spec (field -> reader).

    A field `raw` leaves out stays out (the import keeps its value), unless it is one of
    the row's KEYS. A field that cannot be read is recorded in item.unreadable, and the
    row is still kept: its other fields are checked too, so one upload reports every
    problem. The issue recorded here means the import never writes it.
    """
    keeps = BLANK_KEEPS.get(kind, set())
    for name, reader in spec.items():
        if name in item.fields or name in item.unreadable:  # given by the enclosing object
            continue
        if name not in KEYS[kind] and (name not in raw or (name in keeps and blank(raw[name]))):
            continue
        try:
            item.fields[name] = reader(raw.get(name))
        except Bad as error:
            bundle.issues.append(item.issue(name, str(error)))
            item.unreadable.add(name)


# --- reading files ---


class Reader:
    """Reads files into one Bundle, by the field specs the limits give."""

    def __init__(self, limits: Limits) -> None:
        self.bundle = Bundle()
        self.limits = limits
        self.spec = specs(limits)
        self.version = VERSION
        self.skill_slug = self.spec["requirement"]["skill"]  # prerequisites name skills
        self.items = 0  # list entries and CSV rows read so far, across the files
        self.lines: dict[int, int] = {}  # the JSON file being read: id(object) -> its line
        self.guide_careers: dict[tuple[str, str], Item] = {}  # a guide CSV's careers

    def item(
        self, raw: Mapping[str, Any], kind: str, file: str, where: str, parent: Parent = None
    ) -> Item:
        item = Item({}, file, where)
        if parent is not None:  # the enclosing object's key, unless it could not be read
            name, value, ok = parent
            if ok:
                item.fields[name] = value
            else:
                item.unreadable.add(name)
        read(item, raw, kind, self.spec[kind], self.bundle)
        return item

    def each(
        self, item: Item, name: str, value: Any, split: Splitter, read_one: FieldReader, what: str
    ) -> None:
        """A list field, read with `split` (a JSON list or a ;-separated cell)."""
        try:
            item.fields[name] = split(value, read_one, what)
        except Bad as error:
            self.bundle.issues.append(item.issue(name, str(error)))
            item.unreadable.add(name)

    def code(self, value: Any) -> str:
        return self.spec["code"]["code"](value)

    def alias(self, value: Any) -> str:
        return self.spec["alias"]["name"](value)

    # --- CSV ---

    def csv(self, name: str, content: str) -> None:
        # newline="": universal line endings, CR-only (old Mac, some exporters) included.
        rows = csv.reader(io.StringIO(content, newline=""))
        start = 1
        try:
            header = [h.strip() for h in next(rows, [])]
            kind = self.csv_kind(name, header)
            while kind is not None:
                start = rows.line_num + 1  # a quoted cell may span lines: name the first
                cells = next(rows, None)
                if cells is None:
                    break
                if not cells:  # a blank line
                    continue
                self.items += 1
                if self.items > MAX_ITEMS:
                    self.bundle.refuse(name, f"line {start}", too_many())
                    return
                self.csv_row(name, kind, header, cells, f"line {start}")
        except csv.Error as error:
            self.bundle.refuse(name, f"line {start}", csv_problem(error))

    def csv_kind(self, name: str, header: list[str]) -> str | None:
        if {"career", "list"} <= set(header):
            kind, expected = "guide", GUIDE_COLUMNS
        elif {"career", "level", "skill"} <= set(header):
            kind, expected = "requirements", REQUIREMENT_COLUMNS
        elif "slug" in header:
            kind, expected = "skills", SKILL_COLUMNS
        else:
            reason = (
                f"has neither a requirements header ({','.join(REQUIREMENT_COLUMNS)}), "
                f"a skills header ({','.join(SKILL_COLUMNS)}) "
                f"nor a career guide header ({','.join(GUIDE_COLUMNS)})"
            )
            self.bundle.refuse(name, "line 1", reason)
            return None
        stray = [h for h in header if h not in expected]
        if stray:
            reason = f"is not a {kind} column (expected {', '.join(expected)})"
            self.bundle.issues.append(Issue(name, "line 1", stray[0], reason))
            self.bundle.unreadable.append(name)
            return None
        return kind

    def csv_row(
        self, name: str, kind: str, header: list[str], cells: list[str], where: str
    ) -> None:
        if len(cells) != len(header):
            reason = f"has {len(cells)} cells; the header has {len(header)}"
            self.bundle.issues.append(Issue(name, where, "", reason))
            return
        # A cell the exporter wrote with an apostrophe in front, so that no spreadsheet
        # runs it as a formula (lib/spreadsheet.py), is read as the text it stands for.
        raw = dict(zip(header, map(restore, cells), strict=True))
        if kind == "guide":
            self.guide_row(name, raw, where)
            return
        if kind == "requirements":
            item = self.item(raw, "requirement", name, where)
            if "category" in raw:  # to be checked against the skill's own
                try:
                    item.fields["category"] = slug(raw["category"]) if text(raw["category"]) else ""
                except Bad as error:
                    self.bundle.issues.append(item.issue("category", str(error)))
            self.bundle.requirements.append(item)
            return
        item = self.item(raw, "skill", name, where)
        if "prerequisites" in raw:
            self.each(item, "prerequisites", raw["prerequisites"], semicolons, self.skill_slug, "")
        if "aliases" in raw:
            self.each(item, "aliases", raw["aliases"], semicolons, self.alias, "")
        self.csv_ids(item, raw)
        self.bundle.skills.append(item)

    def csv_ids(self, item: Item, raw: dict[str, str]) -> None:
        ids: dict[str, list[str]] = {}
        for column, scheme in ID_COLUMNS.items():
            if column not in raw:
                continue
            try:
                ids[scheme] = semicolons(raw[column], self.code)
            except Bad as error:
                self.bundle.issues.append(item.issue(column, str(error)))
                item.unreadable.add("external_ids")
        if ids and "external_ids" not in item.unreadable:
            item.fields["external_ids"] = ids

    # --- JSON ---

    def json(self, name: str, content: str) -> None:
        bundle = self.bundle
        scan = prescan_json(content, MAX_ITEMS - self.items)
        self.items += scan.entries
        if scan.reason:
            bundle.refuse(name, f"line {scan.line}", scan.reason)
            return
        try:
            data, self.lines = load_json_with_lines(content)
        except json.JSONDecodeError as error:
            bundle.refuse(name, f"line {error.lineno}", f"is not valid JSON: {error.msg}")
            return
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            bundle.issues.append(Issue(name, "$", "format", f'must be "{FORMAT}"'))
            bundle.unreadable.append(name)
            return
        version = data.get("version")
        if version not in READS or isinstance(version, bool):
            reads = " and ".join(str(v) for v in READS)
            reason = f"{version!r} is not supported (this Skillgap reads {reads})"
            bundle.issues.append(Issue(name, "$", "version", reason))
            bundle.unreadable.append(name)
            return
        self.version = version
        keys = {"format", "version", "levels", "categories", "default_scale", "skills", "careers"}
        stray = sorted(set(data) - keys)
        if stray:
            bundle.issues.append(Issue(name, "$", stray[0], "is not a bundle key"))
        for i, raw in enumerate(self._list(data, "levels", name, "$")):
            self._item(bundle.levels, raw, "level", name, f"$.levels[{i}]")
        for i, raw in enumerate(self._list(data, "categories", name, "$")):
            self._item(bundle.categories, raw, "category", name, f"$.categories[{i}]")
        for i, raw in enumerate(self._list(data, "default_scale", name, "$")):
            place = f"$.default_scale[{i}]"
            self._item(bundle.descriptors, raw, "descriptor", name, place, ("skill", None, True))
        for i, raw in enumerate(self._list(data, "skills", name, "$")):
            self._skill(raw, name, f"$.skills[{i}]")
        for i, raw in enumerate(self._list(data, "careers", name, "$")):
            self._career(raw, name, f"$.careers[{i}]")

    def located(self, raw: Any, path: str) -> str:
        """Where an object of a JSON file is: its line (what an editor shows), then its path
        (what tells rows apart when a file is all on one line)."""
        line = self.lines.get(id(raw))
        return f"line {line} ({path})" if line else path

    def _list(self, data: Any, key: str, file: str, where: str) -> list[Any]:
        value = data.get(key, []) if isinstance(data, dict) else []
        if not isinstance(value, list):
            self.bundle.issues.append(Issue(file, where, key, "must be a list"))
            return []
        return value

    def _item(
        self, target: list[Item], raw: Any, kind: str, file: str, where: str, parent: Parent = None
    ) -> Item | None:
        if not isinstance(raw, dict):
            self.bundle.issues.append(Issue(file, where, "", "must be an object"))
            return None
        item = self.item(raw, kind, file, self.located(raw, where), parent)
        target.append(item)
        return item

    def _skill(self, raw: Any, file: str, where: str) -> None:
        item = self._item(self.bundle.skills, raw, "skill", file, where)
        if item is None:
            return
        if "prerequisites" in raw:
            self.each(item, "prerequisites", raw["prerequisites"], listed, self.skill_slug, "slugs")
        for v2_only in ("aliases", "archived"):
            if v2_only in raw and self.version == 1:
                self.bundle.issues.append(item.issue(v2_only, "needs a version 2 bundle"))
        if "aliases" in raw and self.version > 1:
            self.each(item, "aliases", raw["aliases"], listed, self.alias, "names")
        if "external_ids" in raw:
            self.json_ids(item, raw["external_ids"])
        skill: Parent = ("skill", item.fields.get("slug"), "slug" in item.fields)
        for i, d in enumerate(self._list(raw, "descriptors", file, where)):
            place = f"{where}.descriptors[{i}]"
            self._item(self.bundle.descriptors, d, "descriptor", file, place, skill)
        for i, r in enumerate(self._list(raw, "resources", file, where)):
            place = f"{where}.resources[{i}]"
            self._item(self.bundle.resources, r, "resource", file, place, skill)

    def json_ids(self, item: Item, value: Any) -> None:
        """Version 2: {"esco": [uri, …], …}; version 1: {"esco_uri": uri, …}, one per scheme."""
        names = ID_COLUMNS if self.version == 1 else {s: s for s in self.limits.schemes}
        if not isinstance(value, dict):
            self.bundle.issues.append(item.issue("external_ids", "must be an object"))
            item.unreadable.add("external_ids")
            return
        ids: dict[str, list[str]] = {}
        for key, codes in value.items():
            if key not in names:
                reason = f"{key!r} is not an id scheme here (expected {', '.join(names)})"
                self.bundle.issues.append(item.issue("external_ids", reason))
                item.unreadable.add("external_ids")
                continue
            try:
                ids[names[key]] = (
                    self.v1_code(codes) if self.version == 1 else listed(codes, self.code, "codes")
                )
            except Bad as error:
                self.bundle.issues.append(item.issue(key, str(error)))
                item.unreadable.add("external_ids")
        if "external_ids" not in item.unreadable:
            item.fields["external_ids"] = ids

    def v1_code(self, value: Any) -> list[str]:
        """Version 1 gave one id per scheme as a string, empty for none."""
        if value is not None and not isinstance(value, str):
            raise Bad("must be a string")
        return [self.code(value)] if text(value) else []

    def _career(self, raw: Any, file: str, where: str) -> None:
        item = self._item(self.bundle.careers, raw, "career", file, where)
        if item is None:
            return
        career: Parent = ("career", item.fields.get("slug"), "slug" in item.fields)
        for i, lv in enumerate(self._list(raw, "levels", file, where)):
            place = f"{where}.levels[{i}]"
            self._item(self.bundle.career_levels, lv, "career_level", file, place, career)
        for i, r in enumerate(self._list(raw, "requirements", file, where)):
            place = f"{where}.requirements[{i}]"
            self._item(self.bundle.requirements, r, "requirement", file, place, career)
        for key, kind in CAREER_LISTS.items():
            if key in raw:
                self.career_list(item, raw, key, kind)

    def career_list(self, item: Item, raw: dict[str, Any], key: str, kind: str) -> None:
        """A guide list of the career: read whole, every field of every entry."""
        entries: list[dict[str, Any]] = []
        readable = isinstance(raw.get(key), list)
        for i, entry in enumerate(self._list(raw, key, item.file, item.where)):
            place = f"{item.where}.{key}[{i}]"
            if not isinstance(entry, dict):
                self.bundle.issues.append(Issue(item.file, place, "", "must be an object"))
                readable = False
                continue
            stray = [n for n in entry if n not in self.spec[kind]]
            read = self.list_entry(kind, entry, item.file, place, stray)
            readable = readable and read is not None
            entries.append(read or {})
        if readable:
            item.fields[key] = entries
        else:
            item.unreadable.add(key)

    def list_entry(
        self, kind: str, raw: Mapping[str, Any], file: str, place: str, stray: list[str]
    ) -> dict[str, Any] | None:
        """One entry of a guide list, every field read; None if any cannot be."""
        readable = not stray
        if stray:
            reason = f"is not a field here (expected {', '.join(self.spec[kind])})"
            self.bundle.issues.append(Issue(file, place, stray[0], reason))
        entry = Item({}, file, place)
        for name, reader in self.spec[kind].items():
            try:
                entry.fields[name] = reader(raw.get(name))
            except Bad as error:
                self.bundle.issues.append(entry.issue(name, str(error)))
                readable = False
        return entry.fields | {"_where": place} if readable else None

    def guide_row(self, file: str, raw: dict[str, str], where: str) -> None:
        """A row of the guide CSV: an entry of one of a career's lists, appended in order.

        The lists a file gives rows for replace the career's; those it gives none for stay.
        """
        key = text(raw.get("list"))
        try:
            career = slug(raw.get("career"), self.limits.lengths["career.slug"])
        except Bad as error:
            self.bundle.issues.append(Issue(file, where, "career", str(error)))
            return
        if key not in CAREER_LISTS:
            reason = f"{key!r} is not one of {', '.join(CAREER_LISTS)}"
            self.bundle.issues.append(Issue(file, where, "list", reason))
            return
        kind = CAREER_LISTS[key]
        fields = self.spec[kind]
        stray = [n for n in GUIDE_COLUMNS[2:] if n not in fields and text(raw.get(n, ""))]
        found = self.guide_careers.get((file, career))
        if found is None:
            found = Item({"slug": career}, file, where)
            self.guide_careers[(file, career)] = found
            self.bundle.careers.append(found)
            self.bundle.named_from_slug.append(found)
        entry = self.list_entry(kind, {n: raw[n] for n in fields if n in raw}, file, where, stray)
        if entry is None:  # the list cannot be read whole, so it is not written at all
            found.unreadable.add(key)
            found.fields.pop(key, None)
        elif key not in found.unreadable:
            found.fields.setdefault(key, []).append(entry)


def load_json_with_lines(content: str) -> tuple[Any, dict[int, int]]:
    """Parse JSON, noting the line each object starts on (by the object's id()).

    The standard library's own parser, with its pure-Python scanner so that objects can be
    seen as they are made (the C scanner takes no hook): a few times slower, still well
    under a second for the largest file an import takes (bench/import_bench.py).
    """
    newlines = [m.start() for m in re.finditer("\n", content)]
    lines: dict[int, int] = {}

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        obj, end = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
        lines[id(obj)] = bisect.bisect_left(newlines, s_and_end[1] - 1) + 1  # at its "{"
        return obj, end

    decoder = json.JSONDecoder()
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(content), lines


def csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return (
            f'a cell runs past {CSV_FIELD_LIMIT:,} characters from here: a quote (") on '
            "this line is probably never closed"
        )
    return f"cannot be read as CSV: {error}"


# --- JSON, before it is parsed ---

# Each is one regular-expression pass at C speed; only brackets and commas are looked at
# one by one, and only until a limit is passed.
JSON_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
# Runs over escapes and other text until it meets half a UTF-16 surrogate pair, alone.
JSON_LONE_SURROGATE = re.compile(
    r"(?:[^\\]++|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|\\(?!u[dD][89a-fA-F])[\s\S])*+(\\u[dD][89a-fA-F][0-9a-fA-F]{2})"
)
JSON_STRUCTURE = re.compile(r"[\[\]{},]")


def too_many() -> str:
    return f"more than {MAX_ITEMS:,} items (list entries and CSV rows) in one import; split it"


@dataclass(frozen=True)
class Scan:
    entries: int  # list entries counted (up to the problem, if any)
    line: int = 0
    reason: str = ""  # why the parser must not be given the text; empty if it may


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def prescan_json(content: str, items_left: int) -> Scan:
    """What the parser must not be given: half a surrogate pair (json.loads takes it, the
    database cannot store it), a number longer than MAX_NUMBER, nesting deeper than
    MAX_DEPTH, more list entries than `items_left`. The structure is followed on a
    skeleton with every string emptied, and only until a limit is passed, so the cost is
    bounded by the limits, not by the file. Malformed JSON is left to json.loads."""
    half = JSON_LONE_SURROGATE.match(content) if "\\u" in content else None
    if half:
        reason = f"{half.group(1)} is half of a UTF-16 surrogate pair, not a character"
        return Scan(0, line_at(content, half.start(1)), reason)
    # A JSON string holds no raw line break, so the skeleton's lines are the file's.
    skeleton = JSON_STRING.sub('""', content)
    number = re.search(rf"[-+.0-9eE]{{{MAX_NUMBER + 1},}}", skeleton)
    if number:
        reason = f"a number {len(number.group()):,} characters long; at most {MAX_NUMBER} are read"
        return Scan(0, line_at(skeleton, number.start()), reason)
    lists: list[bool] = []  # per open bracket: is it a list?
    entries, previous, previous_at = 0, "", 0
    for token in JSON_STRUCTURE.finditer(skeleton):
        char, at = token.group(), token.start()
        reason = ""
        if char in "[{":
            lists.append(char == "[")
            if len(lists) > MAX_DEPTH:
                reason = f"lists and objects nest more than {MAX_DEPTH} deep here; a bundle needs 5"
        elif char == ",":
            entries += bool(lists and lists[-1])
        elif lists and lists.pop() and char == "]":
            # The last entry, unless the list is empty: "[" then nothing but spaces.
            entries += previous != "[" or bool(skeleton[previous_at + 1 : at].strip())
        if not reason and entries > items_left:
            reason = too_many()
        if reason:
            return Scan(entries, line_at(skeleton, at), reason)
        previous, previous_at = char, at
    return Scan(entries)
