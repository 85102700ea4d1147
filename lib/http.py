"""What every download says about itself."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# What a quoted file name may hold in every browser: no quotes, backslashes, control
# characters, path separators or spaces.
PLAIN = re.compile(r"[^A-Za-z0-9._-]+")


def content_disposition(filename: str) -> str:
    """An attachment named `filename`, as RFC 6266 asks: an ASCII name every client reads,
    and, when that is not the name itself, the UTF-8 name (RFC 5987) that browsers prefer.

    Django would MIME-encode a header that is not Latin-1 as a whole, and browsers then
    lose the name (issue 18, T9).
    """
    fallback = ascii_name(filename)
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def ascii_name(filename: str) -> str:
    """`filename` in plain ASCII: accents dropped (José is Jose), any other run of letters
    a plain name cannot hold one underscore."""
    decomposed = unicodedata.normalize("NFKD", filename)
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))
    return PLAIN.sub("_", unaccented)
