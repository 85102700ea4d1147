"""How names are compared: what makes two names the same name (docs/taxonomy.md, "Names").

Two names are the same when they differ only in case, in compatibility forms (fullwidth
letters, ligatures), in how an accent is encoded (NFC or NFD) or whether it is there at
all, in invisible characters (zero-width spaces and joiners, soft hyphens) or in runs of
white space. `name_key` computes that comparison once, in Python, so that SQLite and
PostgreSQL store and compare the same string: neither database folds Unicode the same way
as the other (SQLite's LIKE and lower() know only ASCII).
"""

from __future__ import annotations

import re
import unicodedata

# Accents as NFKD spells them: the combining diacritical blocks of Latin, Greek and
# Cyrillic. Other combining marks (Devanagari vowel signs, Hebrew points…) are letters'
# parts, not decorations, and are kept.
DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
WORD = re.compile(r"\w+")


def invisible(char: str) -> bool:
    """Format characters (category Cf): zero-width space and joiners, soft hyphen, BOM…"""
    return unicodedata.category(char) == "Cf"


def name_key(name: str) -> str:
    """The form two names are compared in: 'Ｐｙｔｈｏｎ', 'Py\u200bthon' and 'python' share one."""
    if name.isascii():  # no accents, widths or invisible characters: the common case, fast
        return " ".join(name.casefold().split())
    decomposed = unicodedata.normalize("NFKD", name)
    bare = DIACRITICS.sub("", "".join(c for c in decomposed if not invisible(c)))
    # Case folding can undo the normal form (ß → ss is fine, but İ → i + U+0307): fold, then
    # normalise and strip the accents folding made once more.
    folded = DIACRITICS.sub("", unicodedata.normalize("NFKD", bare.casefold()))
    return " ".join(unicodedata.normalize("NFKC", folded).split())


def search_words(*texts: str) -> str:
    """Texts as their keys' words, space-separated with a space at each end.

    A search for a word prefix is then `contains(" " + prefix)`: "data" finds "Big data"
    and "database" but not "metadata", nor an id's "data.europa.eu".
    """
    words = [w for text in texts for w in WORD.findall(name_key(text))]
    return f" {' '.join(words)} " if words else ""


def search_terms(query: str) -> list[str]:
    """A search box's query as the word prefixes to look for, each once, in order."""
    return list(dict.fromkeys(WORD.findall(name_key(query))))
