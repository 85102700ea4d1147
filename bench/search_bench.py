"""Benchmark: skill search at ESCO's size (14,000 skills), in process, on DATABASE_URL.

Builds the taxonomy of tests/careers/test_search_scale.py in a fresh test database, then
times, as a curator's browser asks them, the admin changelist searching "data" and the
prerequisite autocomplete for "data" and for "manage" (a word most skills have). Median of
20 after a warm-up. Goal (issue 24): under 100 ms on PostgreSQL. Not a test:
`DATABASE_URL=postgres://…/skillgap_x .venv/bin/python -m bench.search_bench`.
"""

from __future__ import annotations

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.careers.test_search_scale import esco_taxonomy  # noqa: E402

RUNS = 20


def median_ms(client: Client, url: str, params: dict[str, str]) -> float:
    client.get(url, params)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times) * 1000


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        esco_taxonomy()
        user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
        client = Client()
        client.force_login(user)
        changelist = reverse("admin:careers_skill_changelist")
        autocomplete = reverse("admin:autocomplete")
        field = {"app_label": "careers", "model_name": "skill", "field_name": "prerequisites"}
        print(f"{connection.vendor}, 14,000 skills, median of {RUNS}:")
        for label, url, params in [
            ("changelist ?q=data", changelist, {"q": "data"}),
            ("autocomplete data", autocomplete, {**field, "term": "data"}),
            ("autocomplete manage", autocomplete, {**field, "term": "manage"}),
            ("changelist (no search)", changelist, {}),
        ]:
            print(f"  {label:<24} {median_ms(client, url, params):7.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
