"""Parts of pages drawn once and kept in the cache (issue 13).

A key names everything the part shows: either a digest of its content (the rating page's
rows) or the taxonomy's version (careers/versions.py), and always the code that draws it,
the template's source and the project's Python as deployed, so a release never serves a
part drawn by another (during a rolling deploy both run at once, sharing Redis).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

# Keys name their content, so entries never go stale; the timeout only bounds the cache.
TIMEOUT = 60 * 60 * 24


@functools.cache
def release_digest() -> str:
    """The project's own Python as deployed: its apps' modules, lib's and the settings'
    package. Sentences, charts and filters are shaped there as much as in templates."""
    sources = hashlib.sha256()
    base = Path(settings.BASE_DIR).resolve()
    folders = {Path(app.path).resolve() for app in apps.get_app_configs()}
    folders |= {base / "config", base / "lib"}  # not apps, but they shape pages too
    for folder in sorted(f for f in folders if f.is_relative_to(base)):
        for path in sorted(folder.rglob("*.py")):
            sources.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    return sources.hexdigest()[:16]


@functools.cache
def drawing_digest(name: str) -> str:
    """The code that draws template `name`: its file's source and the project's Python, read
    once per process (it is this process's code, not shared state)."""
    # The backend template has `origin`; django-stubs types get_template as a protocol without it.
    origin = get_template(name.partition("#")[0]).origin.name  # type: ignore[attr-defined]
    drawn = hashlib.sha256(Path(origin).read_bytes() + release_digest().encode())
    return drawn.hexdigest()[:16]


def digest(shown: object) -> str:
    """A key's name for everything a part shows: its repr (plain values), hashed."""
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def cached_part(key: str, template: str, context: Callable[[], dict[str, Any]]) -> SafeString:
    """The part `template` (a partial) draws, from the cache or drawn and kept; `context` is
    only called on a miss, so the reads it makes are skipped on a hit."""
    full_key = f"part:{template}:{drawing_digest(template)}:{key}"
    draw = lambda: get_template(template).render(context())  # noqa: E731
    html = cast(str, cache.get_or_set(full_key, draw, TIMEOUT))
    return mark_safe(html)  # the template's own output, escaped when it was drawn
