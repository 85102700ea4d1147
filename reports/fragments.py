"""The report page's sections, drawn once per state and kept in the cache (issue 13).

Profiled, most of the report page was drawing the skill rows and the learning path: a row
and a step per skill; then the headline and the radar chart. Each is cached under a digest
of everything it shows: the report (whose document never changes), the reader, and the
comments, second opinions and step marks the reader sees, with each author's name as
shown. A key therefore never points at stale HTML, and nothing needs invalidating, on one
server or several.

Forms in these sections carry the reader's CSRF token, which must never be shared: the
section is drawn with a random stand-in, kept with a marker that escaped text can never
spell, and the marker is replaced by this request's token on the way out. A section holding
a form sent back with errors is drawn live.
"""

from __future__ import annotations

import secrets
from typing import Any, cast

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from careers.fragments import digest, drawing_digest
from lib.people import display_name

from .display import SkillRow

DOCUMENT = "reports/_document.html"
SLOT = "<!--csrf-token-->"  # escaped text cannot spell "<"
SECONDS = 60 * 60  # it holds comments and notes: an hour, then drawn again if needed


def comments_shown(row: SkillRow) -> tuple[Any, ...] | None:
    if row.thread is None:
        return None
    return tuple(
        (c.pk, c.body, c.author_id, display_name(c.author), c.created.isoformat())
        for c in row.thread.comments
    )


def gaps_state(context: dict[str, Any]) -> tuple[Any, ...] | None:
    """What the skill rows show beyond the document; None when a refused form is among them."""
    shown = []
    for row in [*context["gap_rows"], *context["met_rows"]]:
        form = row.opinion_form
        if (row.thread and row.thread.form is not None) or (form is not None and form.is_bound):
            return None
        opinions = tuple((o.pk, o.score, o.note, display_name(o.mentor)) for o in row.opinions)
        initial = None if form is None else tuple(sorted(form.initial.items()))
        shown.append((row.skill["slug"], comments_shown(row), opinions, initial))
    return tuple(shown)


def marks(context: dict[str, Any]) -> tuple[Any, ...]:
    """Every mark on the plan and the path: a mark on one moves the other (progress.py)."""
    plan = context["plan"]
    return tuple((s.stage, s.skill, s.status) for s in [*plan.steps, *plan.path.steps])


def path_state(context: dict[str, Any]) -> tuple[Any, ...] | None:
    """The marks the path shows and whether the reader may change them."""
    if context.get("step_refused") is not None:
        return None
    return (context["steps_editable"], marks(context))


def headline_state(context: dict[str, Any]) -> tuple[Any, ...]:
    """The headline shows the document, the marks (next steps, hours left) and the pace."""
    return (marks(context), context["hours"])


def document_state(context: dict[str, Any]) -> tuple[Any, ...]:
    """The readiness profile shows the saved document alone."""
    return ()


STATES = {
    "headline": headline_state,
    "profile": document_state,
    "gaps": gaps_state,
    "path_stages": path_state,
}


def section(context: Any, name: str) -> SafeString:
    """The section `name` of the report document, as this reader sees it now."""
    request = context["request"]
    values = context.flatten()
    template = get_template(f"{DOCUMENT}#{name}")
    state = STATES[name](values)
    if state is None:
        return mark_safe(template.render(values, request))
    report, user = values["report"], values["user"]
    shown = (str(report.uuid), report.owner_id, user.pk, state)
    key = f"report-part:{name}:{drawing_digest(DOCUMENT)}:{digest(shown)}"

    def draw() -> str:
        stand_in = secrets.token_hex(16)
        return template.render({**values, "csrf_token": stand_in}).replace(stand_in, SLOT)

    html = cast(str, cache.get_or_set(key, draw, SECONDS))
    # The template's own output, escaped when it was drawn; the token is this reader's.
    return mark_safe(html.replace(SLOT, get_token(request)))
