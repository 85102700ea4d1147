"""The facts the docs quote exist: URLs, settings and variables, make targets, commands.

Read from the code the docs quote (`code spans` and fenced blocks) in README.md and
docs/*.md, so prose is never taken for a fact. What it cannot check (a figure, a
behaviour) stays for a person to read; what it can, a rename can no longer leave stale.
"""

from __future__ import annotations

import importlib
import re
import uuid
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import get_commands
from django.urls import Resolver404, URLResolver, get_resolver, resolve

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# What a URL's placeholder stands for, as the URLconf's converters take it.
SAMPLES = {
    "uuid": str(uuid.UUID(int=1)),
    "token": "a" * 32,
    "id": "1",
    "slug": "a-slug",
    "uidb64": "MQ",
}
SKIPPED = {".venv", ".git", "tests", "docs", "static", "templates", "node_modules"}
NOT_URLS = ("/etc/", "/usr/", "/tmp/", "/var/", "/opt/", "/work/", "/dev/")


def code_in(path: Path) -> str:
    """The doc's fenced blocks and code spans, one a line."""
    text = path.read_text()
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
    return "\n".join([*blocks, *re.findall(r"`([^`\n]+)`", prose)])


def quoted(pattern: str) -> list[tuple[str, str]]:
    """(doc, match) for every match of `pattern` in the docs' code."""
    return sorted(
        {
            (str(path.relative_to(ROOT)), found)
            for path in DOCS
            for found in re.findall(pattern, code_in(path), flags=re.M)
        }
    )


@cache
def source_text() -> str:
    """Everything the project runs or configures: where a quoted name must appear."""
    folders = [p for p in ROOT.iterdir() if p.is_dir() and p.name not in SKIPPED]
    files = [f for folder in folders for f in folder.rglob("*.py")] + [*ROOT.glob("*.py")]
    files += [ROOT / name for name in ("Makefile", ".env.example", ".ci/run")]
    files += [ROOT / "static" / "vendor" / "VERSIONS"]
    return "\n".join(p.read_text() for p in files if p.is_file())


def as_path(quoted_url: str) -> str:
    return re.sub(r"<(\w+)>", lambda m: SAMPLES[m.group(1)], quoted_url.split("?")[0])


URLS = [(doc, url) for doc, url in quoted(r"^(/[\w./<>-]*)$") if not url.startswith(NOT_URLS)]


@pytest.mark.parametrize(("doc", "url"), URLS)
def test_a_url_the_docs_name_is_served(doc: str, url: str) -> None:
    try:
        resolve(as_path(url))
    except Resolver404:
        pytest.fail(f"{doc} names {url}, which no URL pattern serves")


MAKE = quoted(r"(?:^|\s)make ([a-z][\w-]*)")


@pytest.mark.parametrize(("doc", "target"), MAKE)
def test_a_make_target_the_docs_name_exists(doc: str, target: str) -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^{re.escape(target)}:", makefile, flags=re.M), (
        f"{doc} names `make {target}`, which the Makefile does not have"
    )


COMMANDS = quoted(r"manage\.py ([a-z_]+)")


@pytest.mark.parametrize(("doc", "command"), COMMANDS)
def test_a_command_the_docs_name_exists(doc: str, command: str) -> None:
    assert command in get_commands(), f"{doc} names `manage.py {command}`, which is no command"


NAMES = quoted(r"^([A-Z][A-Z0-9]*_[A-Z0-9_]+|DEBUG|PORT)(?:=.*)?$")


@pytest.mark.parametrize(("doc", "name"), NAMES)
def test_a_setting_or_variable_the_docs_name_exists(doc: str, name: str) -> None:
    """A Django setting, a variable in .env.example, or one the code, Makefile or CI reads."""
    known = hasattr(settings, name) or re.search(rf"\b{name}\b", source_text())
    assert known, f"{doc} names {name}, which no setting, variable or code has"


FILES = [
    (doc, name)
    for doc, name in quoted(r"^([\w./-]+\.(?:py|md|html|json|txt|toml|sh|js|css|cfg))$")
    if not name.startswith(("/", "shared/"))  # a URL; the shared folder beside the repo
]
# Named on purpose though not in the repo.
ELSEWHERE = {
    "DESIGN.md",  # the design contract, in the shared folder
    "bench/load_bench.py",  # performance.md's history names it as removed
}


@cache
def project_files() -> set[str]:
    """Every file's path from the root, and each path's tails (`transfer/bundle.py`)."""
    folders = [p for p in ROOT.iterdir() if p.is_dir() and p.name not in {".venv", ".git"}]
    paths = [p for p in ROOT.iterdir() if p.is_file()]
    paths += [p for folder in folders for p in folder.rglob("*") if p.is_file()]
    parts = [p.relative_to(ROOT).parts for p in paths]
    return {"/".join(each[i:]) for each in parts for i in range(len(each))}


@cache
def routes() -> list[str]:
    """Every URL pattern's route, for names like `progress.json` that a URL serves."""
    found, todo = [], [("", get_resolver())]
    while todo:
        prefix, resolver = todo.pop()
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                todo.append((route, entry))
            else:
                found.append(route)
    return found


@pytest.mark.parametrize(("doc", "name"), FILES)
def test_a_file_the_docs_name_exists(doc: str, name: str) -> None:
    found = name.removeprefix("./") in project_files() or name in ELSEWHERE
    found = found or ("/" not in name and any(r.endswith(name) for r in routes()))
    assert found, f"{doc} names {name}, which is no file"


PACKAGES = (
    *("accounts", "assessments", "background", "careers", "config"),
    *("lib", "postings", "reports"),
)
OBJECTS = quoted(rf"^((?:{'|'.join(PACKAGES)})(?:\.\w+)+)$")


def found(name: str) -> bool:
    """A module, or an attribute of one (`reports.services.finish_assessment`), or a model
    by its label (`careers.TaxonomyVersion`)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:end]))
        except ModuleNotFoundError:
            continue
        try:
            for attribute in parts[end:]:
                target = getattr(target, attribute)
        except AttributeError:
            break
        return True
    try:
        return len(parts) == 2 and apps.get_model(name) is not None
    except LookupError:
        return False


@pytest.mark.parametrize(("doc", "name"), OBJECTS)
def test_a_python_name_the_docs_quote_exists(doc: str, name: str) -> None:
    assert found(name), f"{doc} names {name}, which the code does not have"


def cited_tests() -> list[tuple[str, str, str]]:
    """(doc, test file, test name) for each `tests/x.py::test_y` the docs cite as evidence;
    a bare `::test_z` is in the test file named last before it on the same line."""
    found = set()
    for path in DOCS:
        for line in path.read_text().splitlines():
            current = ""
            for file, name in re.findall(r"`(tests/[\w/]+\.py)?(?:::(test_\w+))?`", line):
                current = file or current
                if name:
                    found.add((str(path.relative_to(ROOT)), current, name))
    return sorted(found)


TESTS = cited_tests()


@pytest.mark.parametrize(("doc", "file", "name"), TESTS)
def test_a_test_the_docs_cite_exists(doc: str, file: str, name: str) -> None:
    source = ROOT / file
    assert source.is_file() and re.search(rf"^def {name}\(", source.read_text(), flags=re.M), (
        f"{doc} cites {file}::{name}, which is no test"
    )


def test_the_checks_find_what_they_check() -> None:
    """Each list is read from the docs as they are: an empty one would check nothing."""
    assert len(URLS) > 20 and len(MAKE) > 4 and len(COMMANDS) > 5 and len(NAMES) > 15
    assert len(FILES) > 20 and len(OBJECTS) > 5 and len(TESTS) > 50
    assert ("README.md", "run") in MAKE and ("README.md", "load_demo") in COMMANDS
