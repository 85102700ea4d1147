"""Read a page as a person does: the text of what a selector picks, and a table's rows.

Tests assert on what people see, not on markup that a restyle changes.
"""

from __future__ import annotations

import re
from typing import Protocol
from urllib.parse import unquote

from bs4 import BeautifulSoup, Tag


class Page(Protocol):
    """What a test reads a page from: the test client's response, or any HttpResponse."""

    content: bytes


def words(element: Tag) -> str:
    """Text as read: inline elements run on ("<b>Go</b>:" is "Go:"), whitespace collapsed."""
    return " ".join(element.get_text().split())


def soup(page: Page | str) -> BeautifulSoup:
    html = page if isinstance(page, str) else page.content.decode()
    return BeautifulSoup(html, "html.parser")


def text(page: Page | str, selector: str = "body") -> str:
    """The visible words of the first element `selector` picks, whitespace collapsed."""
    found = soup(page).select_one(selector) or soup(page)
    return words(found)


def texts(page: Page | str, selector: str) -> list[str]:
    """The words of every element `selector` picks, in page order."""
    return [words(el) for el in soup(page).select(selector)]


def rows(page: Page | str, table: str) -> list[list[str]]:
    """The cells' words of each body row of `table` (a selector), header rows left out."""
    found = soup(page).select_one(table)
    assert found is not None, f"no {table} on the page"
    body_rows = found.select("tbody tr") or found.select("tr")[1:]
    return [
        [" ".join(c.get_text(" ").split()) for c in r.find_all(["th", "td"])] for r in body_rows
    ]


FALLBACK = re.compile(r'^attachment; filename="([A-Za-z0-9._-]*)"')
EXTENDED = re.compile(r"; filename\*=UTF-8''([A-Za-z0-9%._~-]*)$")


def name_a_browser_keeps(header: str) -> str:
    """A download's file name as RFC 6266 has browsers read Content-Disposition: the
    UTF-8 filename* where there is one, otherwise the plain quoted name."""
    extended = EXTENDED.search(header)
    if extended:
        return unquote(extended.group(1), errors="strict")
    fallback = FALLBACK.match(header)
    assert fallback, header
    return fallback.group(1)
