"""Races on one draft: tabs saving a skill at once, finishing while saving, deleting meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from copy import deepcopy
from threading import Barrier

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Rating
from careers.models import Skill
from reports import services as reports_services
from reports.models import Report
from tests import html
from tests.conftest import HTMX, logged_in
from tests.factories import assessment_for
from tests.threads import Hold, client_of, together

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


# --- deleting a draft while another tab changes it ------------------------------------------

# Each change another tab can make to a draft: the URL, what it posts (for a draft's first
# skill) and the service it writes through, where the test can hold it.
CHANGES = {
    "finish": ("reports:finish", {}, reports_services, "finish_assessment"),
    "save without JavaScript": (
        "assessments:rate",
        {"{skill}-score": "3"},
        services,
        "save_ratings",
    ),
    "autosave": ("assessments:rate_skill", {"score": "3"}, services, "save_ratings"),
    "change level": ("assessments:level", {"level": "senior"}, services, "change_level"),
}


def change_request(name: str, assessment: Assessment) -> tuple[str, dict[str, str], dict]:
    route, form, _, _ = CHANGES[name]
    skill = Skill.objects.filter(requirements__career=assessment.career).order_by("slug")[0]
    args = [assessment.uuid, skill.slug] if route.endswith("rate_skill") else [assessment.uuid]
    data = {key.format(skill=skill.slug): value for key, value in form.items()}
    return reverse(route, args=args), data, (HTMX if name == "autosave" else {})


def deleting(client: Client, assessment: Assessment) -> Callable[[], int]:
    url = reverse("assessments:delete", args=[assessment.uuid])
    return lambda: client.post(url).status_code


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.django_db(transaction=True)
def test_a_change_that_reaches_a_draft_deleted_meanwhile_is_a_404_with_the_reason(
    owner: User, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change read the draft, then the other tab's deletion committed, then it writes."""
    assessment = assessment_for(owner, n_skills=3)
    url, data, headers = change_request(change, assessment)
    _, _, module, service = CHANGES[change]
    hold = Hold()
    monkeypatch.setattr(module, service, hold.around(getattr(module, service)))
    tab = client_of(owner)
    change_tab = tab()

    answer, deletion = together(
        lambda: change_tab.post(url, data, **headers),
        hold.meanwhile(deleting(tab(), assessment)),
    )

    assert deletion == 302
    assert answer.status_code == 404
    assert "This draft was deleted" in html.text(answer)
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Report.objects.filter(assessment_id=assessment.pk).exists()


RACES = 8


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.django_db(transaction=True)
def test_deleting_and_changing_a_draft_at_once_never_fails_and_one_of_them_wins(
    owner: User, change: str
) -> None:
    """Let go at the same moment: on PostgreSQL one waits on the other's row lock."""
    tab = client_of(owner)
    for _ in range(RACES):
        assessment = assessment_for(owner, n_skills=3)
        url, data, headers = change_request(change, assessment)
        change_tab = tab()
        answer, deletion = together(
            lambda c=change_tab, u=url, d=data, h=headers: c.post(u, d, **h).status_code,
            deleting(tab(), assessment),
        )
        assert deletion == 302
        survived = Assessment.objects.filter(pk=assessment.pk).first()
        if survived is None:  # the deletion won: the change found nothing, or came first
            assert answer in {302, 200, 404}
            assert not Report.objects.filter(assessment_id=assessment.pk).exists()
        elif change == "finish":  # finishing won: the deletion refused a finished one
            assert answer == 302
            assert survived.finished is not None
            assert Report.objects.filter(assessment=survived).count() == 1
        else:
            pytest.fail(f"the draft survived its deletion ({change} answered {answer})")
