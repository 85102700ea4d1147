"""Races on a report: eight first downloads of its PDF; mentors writing as its owner leaves."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from copy import deepcopy
from threading import Barrier, Event

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from accounts.services import delete_account
from reports import exports, services
from reports.models import Comment, Opinion, ReadMark, Report, Review
from tests import html
from tests.conftest import HTMX, finished, logged_in, shared
from tests.factories import PASSWORD, UserFactory
from tests.tasks import drain, pdf_response
from tests.threads import Hold, client_of, together

DOWNLOADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_downloads_ask_for_one_drawing(
    owner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = finished(owner, n_skills=3)
    drawn = []
    draw = exports.pdf_bytes
    monkeypatch.setattr(exports, "pdf_bytes", lambda r, c: drawn.append(r.pk) or draw(r, c))
    cookies = logged_in(owner).cookies
    url = reverse("reports:pdf", args=[report.uuid])
    start = Barrier(DOWNLOADS)

    def download(_: int) -> int:
        client = Client()
        client.cookies = deepcopy(cookies)
        try:
            start.wait()
            return client.get(url).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=DOWNLOADS) as pool:
        assert set(pool.map(download, range(DOWNLOADS))) == {202}
    # One at the saving of the report (finished), one for all eight asks; drawn once.
    assert drain() == 2 and drawn == [report.pk]
    pdfs = {pdf_response(logged_in(owner), report).content for _ in range(2)}
    assert len(pdfs) == 1 and next(iter(pdfs)).startswith(b"%PDF")


# --- a mentor writing while the owner deletes their account ---------------------------------

# What a mentor does on a report shared with them: the request, and the service it writes
# through (where a test can hold it between the view's read and its write).
MENTOR_WRITES = {
    "comment": ("post", "reports:comments", {"body": "Try the profiling course."}, "add_comment"),
    "review": ("post", "reports:review", {"summary": "A fair self-assessment."}, "mark_reviewed"),
    "opinion": ("post", "reports:opinion", {"score": "4", "note": "Shipped it."}, "give_opinion"),
    "read": ("get", "reports:detail", {}, "mark_read"),
}


def mentor_request(name: str, report: Report) -> Callable[[Client], int]:
    method, route, data, _ = MENTOR_WRITES[name]
    skill = report.document["skills"][0]["slug"]
    args = [report.uuid, skill] if name == "opinion" else [report.uuid]
    url = reverse(route, args=args)
    return lambda client: getattr(client, method)(url, data).status_code


def deleting_account(owner: User) -> Callable[[], int]:
    client = client_of(owner)()
    return lambda: client.post(reverse("account_delete"), {"password": PASSWORD}).status_code


def gone_with_everything(owner: User, report: Report) -> bool:
    """The account and all that hung on its report went, and nothing else was left behind."""
    return not (
        User.objects.filter(pk=owner.pk).exists()
        or Report.objects.filter(pk=report.pk).exists()
        or Comment.objects.filter(report_id=report.pk).exists()
        or Review.objects.filter(report_id=report.pk).exists()
        or Opinion.objects.filter(report_id=report.pk).exists()
        or ReadMark.objects.filter(report_id=report.pk).exists()
    )


@pytest.mark.parametrize("write", list(MENTOR_WRITES))
@pytest.mark.django_db(transaction=True)
def test_a_mentors_write_that_reaches_a_report_deleted_meanwhile_is_a_404(
    owner: User, mentor: User, write: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mentor's request read the report, then the owner's account deletion committed."""
    report = finished(owner, n_skills=3)
    shared(report, mentor)
    hold = Hold()
    service = MENTOR_WRITES[write][3]
    monkeypatch.setattr(services, service, hold.around(getattr(services, service)))
    mentor_client = client_of(mentor)()
    answer = mentor_request(write, report)

    written, deletion = together(
        lambda: answer(mentor_client), hold.meanwhile(deleting_account(owner))
    )

    assert deletion == 302
    assert written == 404
    assert gone_with_everything(owner, report)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_mentor_is_told_the_report_was_deleted(
    owner: User, mentor: User, headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = finished(owner, n_skills=3)
    shared(report, mentor)
    real = services.add_comment

    def after_the_owner_left(**kwargs: object) -> object:
        delete_account(user=owner)
        return real(**kwargs)

    monkeypatch.setattr(services, "add_comment", after_the_owner_left)
    url = reverse("reports:comments", args=[report.uuid])
    response = logged_in(mentor).post(url, {"body": "Looks right."}, **headers)
    assert response.status_code == 404
    assert "This report was deleted" in html.text(response)
    assert not Comment.objects.exists()


MENTORS, DELETIONS = 3, 4


def delete_while_mentoring(owner: User, mentor: User, report: Report) -> tuple[int, list[int]]:
    """The owner deletes their account while MENTORS tabs of the mentor comment, review,
    give opinions and read, in turn, from before the deletion starts until it has ended."""
    requests = [mentor_request(name, report) for name in MENTOR_WRITES]
    delete = deleting_account(owner)
    busy = Barrier(MENTORS + 1)  # the deletion starts once every mentor tab has written
    done = Event()
    answers: list[int] = []

    def mentoring(client: Client, n: int) -> None:
        answers.append(requests[n % len(requests)](client))
        busy.wait()
        while not done.is_set():
            n += 1
            answers.append(requests[n % len(requests)](client))

    def deletion() -> int:
        busy.wait()
        try:
            return delete()
        finally:
            done.set()

    tabs = [client_of(mentor)() for _ in range(MENTORS)]
    calls = [lambda c=c, n=n: mentoring(c, n) for n, c in enumerate(tabs)]
    *_, deleted = together(*calls, deletion)
    return deleted, answers


@pytest.mark.django_db(transaction=True)
def test_an_account_deletion_under_busy_mentors_succeeds_and_no_mentor_gets_a_500(
    mentor: User, settings: Settings
) -> None:
    """On PostgreSQL a mentor's write either commits before the deletion takes the report's
    row (and goes with it) or waits for the deletion and finds the report gone."""
    settings.THROTTLE_COMMENTS = settings.THROTTLE_OPINIONS = "100000/h"  # busy, not abusive
    for round_ in range(DELETIONS):
        owner = UserFactory(username=f"leaving{round_}")
        report = finished(owner, n_skills=3)
        shared(report, mentor)

        deleted, answers = delete_while_mentoring(owner, mentor, report)

        assert deleted == 302
        assert set(answers) <= {200, 302, 404}, sorted(answers)
        assert gone_with_everything(owner, report)
