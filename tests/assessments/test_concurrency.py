"""Two tabs (here eight) saving the same skill at once: every save succeeds, one row remains."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from copy import deepcopy

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import Rating
from careers.models import Skill
from tests.conftest import logged_in
from tests.factories import assessment_for

THREADS, SAVES = 8, 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_autosaves_of_one_rating_leave_exactly_one_row(owner: User) -> None:
    assessment = assessment_for(owner, n_skills=3)
    skill = Skill.objects.filter(requirements__career=assessment.career).first()
    assert skill is not None
    url = reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug])
    cookies = logged_in(owner).cookies

    def tab(n: int) -> list[tuple[int, int]]:
        client = Client()
        client.cookies = deepcopy(cookies)
        sent = []
        try:
            for i in range(SAVES):
                score = (n + i) % 6
                response = client.post(url, {"score": str(score)}, HTTP_HX_REQUEST="true")
                sent.append((response.status_code, score))
        finally:
            connection.close()  # each thread has its own connection; leave none open
        return sent

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = [r for batch in pool.map(tab, range(THREADS)) for r in batch]

    assert len(results) == THREADS * SAVES
    assert {status for status, _ in results} == {200}
    rows = list(Rating.objects.filter(assessment=assessment))
    assert len(rows) == 1
    assert rows[0].score in {score for _, score in results}
