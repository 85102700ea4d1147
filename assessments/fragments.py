"""The rating page's rows, rendered once and kept in the cache (issue 13).

Rendering sixty rows of six choices each was most of the rating page's time. A row's HTML
is cached under a digest of everything it shows (the skill's wording, target, the saved
score and note, the page template's source), so a key can never point at stale HTML: a
curator's edit or a new rating makes a new key, and the old entry simply expires. Nothing
is invalidated, and several servers sharing a cache agree by construction.
"""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe

from careers.fragments import digest, drawing_digest

from .sheet import Row, Sheet

PAGE = "assessments/rate.html"
ROW = f"{PAGE}#skill_row"
# A row holds the person's evidence note: kept an hour (a rating session), not a day, so a
# deleted draft or account leaves nothing of it in the cache for long.
ROW_SECONDS = 60 * 60


def row_key(prefix: str, row: Row) -> str:
    skill = row.skill
    choices = tuple((c.score, c.label, c.text, c.own) for c in row.choices)
    shown = (
        skill.slug, skill.name, skill.description, tuple(row.aliases), row.target,
        row.weight, row.must_have, row.retired, choices, row.score, row.evidence, row.error,
        row.just_saved,
    )  # fmt: skip
    return f"rate-row:{digest((prefix, shown))}"


def render_rows(sheet: Sheet) -> None:
    """Set each row's `html`: from the cache where it is there, rendered (and kept) where not."""
    assessment = sheet.assessment
    # What every row of this page shares: the template, where its rows save, whether editable.
    prefix = f"{drawing_digest(PAGE)}|{reverse('assessments:rate', args=[assessment.uuid])}|"
    prefix += f"{assessment.is_draft}"
    keys = {row_key(prefix, row): row for row in sheet.rows}
    found = cache.get_many(list(keys))
    template = get_template(ROW)
    rendered: dict[str, str] = {}
    for key, row in keys.items():
        html = found.get(key)
        if html is None:
            html = rendered[key] = template.render({"assessment": assessment, "row": row})
        row.html = mark_safe(html)  # the template's own output, escaped when it was rendered
    if rendered:
        cache.set_many(rendered, ROW_SECONDS)
