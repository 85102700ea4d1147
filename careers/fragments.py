"""Parts of pages drawn once and kept in the cache (issue 13).

A key names everything the part shows: either a digest of its content (the rating page's
rows) or the taxonomy's version (careers/versions.py), and always the template's source as
deployed, so a new release never serves a part drawn by the old templates.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

# Keys name their content, so entries never go stale; the timeout only bounds the cache.
TIMEOUT = 60 * 60 * 24


@functools.cache
def template_digest(name: str) -> str:
    """A template file's source as deployed, read once per process (it is this process's
    code, not shared state)."""
    origin = get_template(name.partition("#")[0]).origin.name
    return hashlib.sha256(Path(origin).read_bytes()).hexdigest()[:16]


def digest(shown: object) -> str:
    """A key's name for everything a part shows: its repr (plain values), hashed."""
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def cached_part(key: str, template: str, context: Callable[[], dict[str, Any]]) -> SafeString:
    """The part `template` (a partial) draws, from the cache or drawn and kept; `context` is
    only called on a miss, so the reads it makes are skipped on a hit."""
    full_key = f"part:{template}:{template_digest(template)}:{key}"
    html = cache.get(full_key)
    if html is None:
        html = get_template(template).render(context())
        cache.set(full_key, html, TIMEOUT)
    return mark_safe(html)  # the template's own output, escaped when it was drawn
