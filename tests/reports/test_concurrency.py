"""Eight people download a new report's PDF at once: it is drawn once, and all get it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from copy import deepcopy
from threading import Barrier

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from reports import exports
from tests.conftest import finished, logged_in

DOWNLOADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_downloads_draw_the_pdf_once(
    owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = finished(owner, n_skills=3)
    drawn = []
    draw = exports.pdf_bytes
    monkeypatch.setattr(exports, "pdf_bytes", lambda r, c: drawn.append(r.pk) or draw(r, c))
    cookies = logged_in(owner).cookies
    url = reverse("reports:pdf", args=[report.uuid])
    start = Barrier(DOWNLOADS)

    def download(_: int) -> bytes:
        client = Client()
        client.cookies = deepcopy(cookies)
        try:
            start.wait()
            response = client.get(url)
            assert response.status_code == 200
            return response.content
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=DOWNLOADS) as pool:
        pdfs = list(pool.map(download, range(DOWNLOADS)))
    assert drawn == [report.pk]
    assert len(set(pdfs)) == 1 and pdfs[0].startswith(b"%PDF")
