"""Long lists a page at a time, with links that work without JavaScript.

Django's Paginator (a COUNT, then LIMIT/OFFSET) rather than keyset paging: the lists it
pages hold hundreds of rows, not millions, so an OFFSET costs nothing worth measuring, and
numbered pages let a person jump to the end of a list or link a page. Keyset paging would
also need a unique order on every list, and the cohort sorts by readiness and by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest


@dataclass(frozen=True)
class Paged:
    """One page of a list, and the page numbers to link (`…` where some are skipped)."""

    page: Page
    links: list[int | str]


Rows = TypeVar("Rows", bound=QuerySet[Any])


def paged(
    request: HttpRequest,
    items: Rows | Sequence[Any],
    dress: Callable[[Rows], Rows] | None = None,
) -> Paged:
    """The page `?page=` asks for, LIST_PAGE_SIZE rows long. A page that is not there is a
    404 (as Django's ListView answers): a link to it may have outlived rows since removed.

    `dress` adds what only shown rows need (annotations, prefetches) to the page's slice of
    a queryset, and only when there are rows: the COUNT stays plain, and an empty list,
    the lightest signed-in page, builds no subquery it would not run (docs/performance.md).
    """
    paginator = Paginator(items, settings.LIST_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(f"There is no such page of this list ({error}).") from error
    if dress is not None and paginator.count and isinstance(page.object_list, QuerySet):
        page.object_list = dress(page.object_list)  # type: ignore[arg-type]  # items' type
    links = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return Paged(page, links)
