"""Imports run one way, lib imports no app, and the pure modules import no Django.

`accounts` -> `postings` -> `reports` -> `assessments` -> `careers` -> `background` -> `lib`
(DESIGN.md, "Layout"): a package imports only those to its right. `config` mounts the apps and no
package imports it. Every import counts, inside functions and `TYPE_CHECKING` blocks too,
since each one ties the packages together all the same. Read from the source with `ast`, so
nothing is imported to check it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Left to right: each may import those after it. `background` (the task queue and how email
# leaves) is an app like the others; careers and reports enqueue through it.
LAYERS = (
    ("accounts",),
    ("postings",),
    ("reports",),
    ("assessments",),
    ("careers",),
    ("background",),
    ("lib",),
)
RANK = {package: rank for rank, names in enumerate(LAYERS) for package in names}
TOP = "config"  # mounts every app; imported by none

# Plain data in, plain data out: tested without a database, importable without settings.
PURE = (
    "assessments/scoring.py",
    "careers/rules.py",
    "careers/transfer/bundle.py",
    "reports/paths.py",
    "reports/headline.py",
    "reports/charts.py",
    "reports/progress.py",
    "reports/opinions.py",
    "reports/cohort.py",
    "reports/document.py",
    "postings/extract.py",  # issue 22's new app, checked once it exists
)


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, root: Path, *, names: bool = False) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in the file, relative ones made absolute; with `names`,
    also each name a `from` import takes, as the module it may be (`from . import views`)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join(base + [node.module or ""]) if node.level else node.module or ""
            yield node.lineno, module.strip(".")
            if names:
                yield from ((node.lineno, f"{module.strip('.')}.{a.name}") for a in node.names)


def python_files(root: Path, package: str) -> list[Path]:
    return sorted((root / package).rglob("*.py"))


def violations(root: Path) -> list[str]:
    """Every import against the order, as "file:line imports module"."""
    found = []
    for package in [*RANK, TOP]:
        for path in python_files(root, package):
            for line, module in imported(path, root):
                target = module.partition(".")[0]
                if target == package or (target not in RANK and target != TOP):
                    continue
                if package == TOP or (target != TOP and RANK[target] > RANK[package]):
                    continue
                found.append(f"{path.relative_to(root)}:{line} imports {module}")
    return sorted(set(found))


def apps(root: Path) -> set[str]:
    """The project's Django apps (a top-level folder with an `apps.py`), and `config`."""
    return {path.parent.name for path in root.glob("*/apps.py")} | {TOP}


def app_imports(root: Path, package: str = "lib") -> list[str]:
    """Every import `package` makes of an app, whatever the layers say."""
    return sorted(
        {
            f"{path.relative_to(root)}:{line} imports {module}"
            for path in python_files(root, package)
            for line, module in imported(path, root)
            if module.partition(".")[0] in apps(root)
        }
    )


def source_of(module: str, root: Path) -> Path | None:
    as_path = root.joinpath(*module.split("."))
    for candidate in (as_path.with_suffix(".py"), as_path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def django_reached(path: Path, root: Path) -> list[str]:
    """Django imports a module makes, directly or through the project's modules it imports
    (and the packages those sit in, whose `__init__` runs first)."""
    seen: set[Path] = set()
    todo = [path]
    found = []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for line, module in imported(current, root, names=True):
            if module.partition(".")[0] == "django":
                found.append(f"{current.relative_to(root)}:{line} imports {module}")
            parts = module.split(".")
            for end in range(1, len(parts) + 1):  # a.b.c runs a/__init__, a/b/__init__, a/b/c
                source = source_of(".".join(parts[:end]), root)
                if source is not None:
                    todo.append(source)
    return sorted(set(found))


def test_imports_run_one_way() -> None:
    assert violations(ROOT) == []


def test_lib_imports_no_app() -> None:
    assert app_imports(ROOT) == []


def test_every_app_has_a_layer() -> None:
    """A new app is placed in LAYERS, so its imports are checked too."""
    assert apps(ROOT) - {TOP} <= set(RANK)


@pytest.mark.parametrize("module", [m for m in PURE if (ROOT / m).exists()])
def test_pure_modules_import_no_django(module: str) -> None:
    assert django_reached(ROOT / module, ROOT) == []


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_checker_catches_imports_against_the_order(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "lib/__init__.py": "",
            "lib/mail.py": "from careers.models import Skill\n",  # lib imports no app
            "careers/__init__.py": "",
            "careers/models.py": "def f():\n    from reports import views\n",  # inside a function
            "assessments/__init__.py": "",
            "assessments/views.py": "from careers.models import Skill\nimport config.urls\n",
            "reports/__init__.py": "",
            "reports/views.py": "from assessments import views\nimport accounts.export\n",
            "careers/transfer/__init__.py": "",
            "careers/transfer/importer.py": "from .. import models\nfrom ..models import Skill\n",
            "accounts/__init__.py": "",
            "config/__init__.py": "",
            "config/urls.py": "import accounts\nimport reports.views\n",  # config may
        },
    )
    assert violations(tmp_path) == [
        "assessments/views.py:2 imports config.urls",
        "careers/models.py:2 imports reports",
        "lib/mail.py:1 imports careers.models",
        "reports/views.py:2 imports accounts.export",
    ]


def test_the_checker_catches_lib_importing_any_app(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "lib/__init__.py": "",
            "lib/mail.py": "import background.mail\nfrom lib import people\nimport django\n",
            "lib/people.py": "def f():\n    from newapp.models import Thing\n",
            "background/__init__.py": "",
            "background/apps.py": "",
            "newapp/__init__.py": "",
            "newapp/apps.py": "",  # in no layer yet: still an app lib may not import
        },
    )
    assert app_imports(tmp_path) == [
        "lib/mail.py:1 imports background.mail",
        "lib/people.py:2 imports newapp.models",
    ]
    assert apps(tmp_path) - {TOP} == {"background", "newapp"}


def test_the_checker_follows_pure_modules_into_what_they_import(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "assessments/__init__.py": "",
            "assessments/scoring.py": "import math\n",
            "reports/__init__.py": "",
            "reports/paths.py": "from assessments.scoring import x\nfrom .helpers import y\n",
            "reports/helpers.py": "from django.utils import timezone\n",
        },
    )
    assert django_reached(tmp_path / "reports/paths.py", tmp_path) == [
        "reports/helpers.py:1 imports django.utils",
        "reports/helpers.py:1 imports django.utils.timezone",  # the name, as it may be a module
    ]
    assert django_reached(tmp_path / "assessments/scoring.py", tmp_path) == []
