"""Two tabs (here eight) saving the same skill at once: every save succeeds, one row remains."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from copy import deepcopy
from threading import Barrier

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import Rating
from careers.models import Skill
from reports.models import Report
from tests.conftest import HTMX, logged_in
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
                response = client.post(url, {"score": str(score)}, **HTMX)
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


ROUNDS, TABS = 4, 12


def race_finish_with_saves(cookies: object, assessment: object) -> tuple[int, list]:
    """POST finish and one autosave a skill from TABS + 1 threads let go at once."""
    skills = list(Skill.objects.filter(requirements__career=assessment.career).distinct())
    start = Barrier(len(skills) + 1)

    def post(url: str, data: dict[str, str]) -> int:
        client = Client()
        client.cookies = deepcopy(cookies)
        try:
            start.wait()
            return client.post(url, data, **HTMX).status_code
        finally:
            connection.close()  # each thread has its own connection; leave none open

    def save(skill: Skill) -> tuple[str, int]:
        url = reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug])
        return skill.slug, post(url, {"score": "4"})

    with ThreadPoolExecutor(max_workers=len(skills) + 1) as pool:
        finishing = pool.submit(post, reverse("reports:finish", args=[assessment.uuid]), {})
        saves = list(pool.map(save, skills))
    return finishing.result(), saves


@pytest.mark.django_db(transaction=True)
def test_no_save_answered_200_is_missing_from_the_report_it_raced(owner: User) -> None:
    """Finish in one tab while a dozen autosaves are in flight in others.

    Each save either lands before the report is taken (and is in it) or is refused with
    409; a save answered 200 and then missing from the report would be a lost rating.
    """
    cookies = logged_in(owner).cookies
    for _ in range(ROUNDS):
        assessment = assessment_for(owner, n_skills=TABS)
        finished, saves = race_finish_with_saves(cookies, assessment)
        assert finished == 302
        in_report = Report.objects.get(assessment=assessment).document["inputs"]["ratings"]
        assert {status for _, status in saves} <= {200, 409}
        lost = [slug for slug, status in saves if status == 200 and in_report.get(slug) != 4]
        assert lost == []
        # And nothing refused crept in afterwards.
        refused = {slug for slug, status in saves if status == 409}
        assert not Rating.objects.filter(assessment=assessment, skill__slug__in=refused).exists()
