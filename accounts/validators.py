"""Names that could pass for someone else's: mixed alphabets with look-alike letters."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MIXED = (
    "“%(value)s” mixes alphabets with letters that look alike (such as a Cyrillic “о” "
    "among Latin letters), so it could pass for someone else's. Use letters from one "
    "alphabet."
)


# Scripts that one language writes together, as Unicode's UTS #39 resolves them: Japanese
# mixes kanji, hiragana and katakana (山田タロウ), Korean hangul and hanja, Chinese han
# and bopomofo. A name within one of these sets is in one writing system, even where its
# letters look alike (katakana ロ, kanji 口), so it is no mixed-script spoof.
WRITING_SYSTEMS: dict[str, frozenset[str]] = {
    "HAN": frozenset({"japanese", "korean", "chinese"}),
    "HIRAGANA": frozenset({"japanese"}),
    "KATAKANA": frozenset({"japanese"}),
    "HANGUL": frozenset({"korean"}),
    "BOPOMOFO": frozenset({"chinese"}),
}


def one_writing_system(scripts: set[str]) -> bool:
    """True when the scripts (digits and punctuation left out) belong to one language."""
    if len(scripts) <= 1:
        return True
    systems = [WRITING_SYSTEMS.get(script, frozenset({script})) for script in scripts]
    return bool(frozenset.intersection(*systems))


def one_script(value: str) -> None:
    # Imported here, not with the module: its tables hold 6 MB, measured in a gunicorn
    # worker (bench/profile_memory.py), and only sign-up and account changes need them, so a
    # worker that serves pages alone never loads them.
    from confusable_homoglyphs import categories, confusables

    # Mixed scripts alone are common; what deceives is a letter that looks like one from
    # another script, which is what is_dangerous looks for. It counts kanji and katakana
    # as two scripts, so a language's own mix is let through first.
    if one_writing_system(categories.unique_aliases(value) - {"COMMON"}):
        return
    if confusables.is_dangerous(value):
        raise ValidationError(MIXED, code="confusable", params={"value": value})


def one_script_email(value: str) -> None:
    """The part before the @ and the domain, each on its own (an address mixes by nature)."""
    local, _, domain = value.rpartition("@")
    for part in (local, domain):
        one_script(part)
