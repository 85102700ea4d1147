"""Names that could pass for someone else's: mixed alphabets with look-alike letters."""

from __future__ import annotations

from confusable_homoglyphs import confusables
from django.core.exceptions import ValidationError

MIXED = (
    "“%(value)s” mixes alphabets with letters that look alike (such as a Cyrillic “о” "
    "among Latin letters), so it could pass for someone else's. Use letters from one "
    "alphabet."
)


def one_script(value: str) -> None:
    # Mixed scripts alone are common (Japanese mixes three); what deceives is a letter
    # that looks like one from another script, which is what is_dangerous looks for.
    if confusables.is_dangerous(value):
        raise ValidationError(MIXED, code="confusable", params={"value": value})


def one_script_email(value: str) -> None:
    """The part before the @ and the domain, each on its own (an address mixes by nature)."""
    local, _, domain = value.rpartition("@")
    for part in (local, domain):
        one_script(part)
