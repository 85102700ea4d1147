"""The posting's text cut into plain pieces and matched phrases, for the page to mark up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Piece:
    text: str
    skill: Any = None  # the Skill a matched phrase asks for, else None
    required: bool = True


def pieces(text: str, asked: Iterable[Any]) -> list[Piece]:
    """Plain text and matched spans in order; a span overlapping an earlier one is left
    plain (a paraphrase rule may span an alias: the first wins). Sorted by place alone:
    two skills may ask for the same phrase ("distributed training"), and skills do not
    compare; the stable sort keeps `asked`'s order between them."""
    spans = sorted(
        (
            (int(start), int(end), ps.skill, ps.required)
            for ps in asked
            for start, end in ps.evidence
            if 0 <= int(start) < int(end) <= len(text)
        ),
        key=lambda span: span[:2],
    )
    out: list[Piece] = []
    at = 0
    for start, end, skill, required in spans:
        if start < at:
            continue
        if start > at:
            out.append(Piece(text[at:start]))
        out.append(Piece(text[start:end], skill, required))
        at = end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out
