from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.scoring import percent
from careers.links import web_url as checked_link
from lib.people import display_name as name_of

register = template.Library()


@register.filter(name="percent")
def as_percent(value: Fraction | float | None) -> str:
    """0.725 -> "72%": rounded down, as the scoring reasons are."""
    return "–" if value is None else f"{percent(value)}%"


@register.filter
def pct(value: Fraction | float | None) -> int:
    """A 0–1 share as the whole percent a `pct-N` width class draws (static/css)."""
    return max(0, min(100, percent(value or 0)))


@register.filter
def signed(value: float | int) -> str:
    return f"+{value}" if value > 0 else str(value)


@register.filter
def display_name(user: Any) -> str:
    return name_of(user)


@register.filter
def web_url(value: Any) -> str:
    """The link if it is http(s), else "": a saved report may predate the import check."""
    return checked_link(value) or ""


@register.filter
def emphasis(sentence: str) -> SafeString:
    """A sentence of headline.py or opinions.py, escaped, its **…** parts made strong."""
    parts = [escape(part) for part in str(sentence).split("**")]
    # Every part escaped: only the <strong> tags are ours.
    return mark_safe("".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts)))


@register.filter
def heat(value: int) -> str:
    """A cohort cell's colour band for a whole percent (static/css: heat-0 … heat-4)."""
    band = (
        4 if value >= 100 else 3 if value >= 80 else 2 if value >= 60 else 1 if value >= 40 else 0
    )
    return f"heat-{band}"


@register.filter
def column_name(columns: list[tuple[str, str]], index: int) -> str:
    return columns[index][1]


@register.filter
def link_url(token: str, request: HttpRequest) -> str:
    """A read-only link's full address, as the person will paste it."""
    return request.build_absolute_uri(reverse("reports:shared_link", args=[token]))


@register.filter
def is_in(value: Any, collection: Any) -> bool:
    """Whether `value` is among `collection`; ("*", "*") stands for every step."""
    found = collection or ()
    return value in found or ("*", "*") in found
