from __future__ import annotations

from django import template

from assessments.scoring import percent as whole_percent

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.725 -> "72%": rounded down, as the scoring reasons are."""
    return "–" if value is None else whole_percent(value)


@register.filter
def width(value: float | None) -> str:
    """A CSS width for a 0–1 share."""
    return f"{max(0.0, min(1.0, value or 0.0)) * 100:.1f}%"


@register.filter
def signed(value: float | int) -> str:
    return f"+{value}" if value > 0 else str(value)
