"""Which links Skillgap will put in front of people: http(s) only.

Pure: the importer checks curators' files with it, the models' validators and the
template filter that renders every supplied link use it too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


def web_url(value: object) -> str | None:
    """The link itself if it is an http(s) URL with a host, else None (javascript:, data:…)."""
    if not isinstance(value, str):
        return None
    link = value.strip()
    if any(c in link for c in "\x00\r\n\t") or any(ord(c) < 32 for c in link):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:  # an unbalanced [ in the host, say
        return None
    return link if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else None
