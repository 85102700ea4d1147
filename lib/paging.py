"""Long lists a page at a time, with links that work without JavaScript.

Django's Paginator (a COUNT, then LIMIT/OFFSET) rather than keyset paging: the lists it
pages hold hundreds of rows, not millions, so an OFFSET costs nothing worth measuring, and
numbered pages let a person jump to the end of a list or link a page. Keyset paging would
also need a unique order on every list, and the cohort sorts by readiness and by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest


@dataclass(frozen=True)
class Paged:
    """One page of a list, and the page numbers to link (`…` where some are skipped)."""

    page: Page
    links: list[int | str]


def paged(request: HttpRequest, items: QuerySet[Any] | Sequence[Any]) -> Paged:
    """The page `?page=` asks for, LIST_PAGE_SIZE rows long. A page that is not there is a
    404 (as Django's ListView answers): a link to it may have outlived rows since removed."""
    paginator = Paginator(items, settings.LIST_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(f"There is no such page of this list ({error}).") from error
    links = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return Paged(page, links)
