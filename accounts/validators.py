"""Names that could pass for someone else's: mixed alphabets with look-alike letters."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MIXED = (
    "“%(value)s” mixes alphabets with letters that look alike (such as a Cyrillic “о” "
    "among Latin letters), so it could pass for someone else's. Use letters from one "
    "alphabet."
)


def one_script(value: str) -> None:
    # Imported here, not with the module: its tables hold 6 MB, measured in a gunicorn
    # worker (bench/profile_memory.py), and only sign-up and account changes need them, so a
    # worker that serves pages alone never loads them.
    from confusable_homoglyphs import confusables

    # Mixed scripts alone are common (Japanese mixes three); what deceives is a letter
    # that looks like one from another script, which is what is_dangerous looks for.
    if confusables.is_dangerous(value):
        raise ValidationError(MIXED, code="confusable", params={"value": value})


def one_script_email(value: str) -> None:
    """The part before the @ and the domain, each on its own (an address mixes by nature)."""
    local, _, domain = value.rpartition("@")
    for part in (local, domain):
        one_script(part)
