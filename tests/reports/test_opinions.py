"""A mentor's second opinion: scored by the mentor, seen beside the self-rating, re-scored."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from assessments.models import Rating
from reports import services
from reports.models import Opinion, Report
from reports.opinions import mentor_view, said
from reports.templatetags.report_tags import emphasis
from tests import html
from tests.conftest import BASE, HTMX, logged_in, shared
from tests.factories import UserFactory
from tests.reports.test_headline import report_of

pytestmark = pytest.mark.django_db


def worked(owner: User) -> Report:
    """Entry and mid; Python (w 3) and SQL (w 1, must-have at mid).

    Entry targets Python 2, SQL 1; mid targets Python 4, SQL 2. Self: Python 4, SQL 2,
    so every level is reached: entry 100%, mid 100%; places at Mid.
    """
    targets = {"Python": (2, 4, 3, False), "SQL": (1, 2, 1, True)}
    return report_of(owner, targets, {"python": 4, "sql": 2})


def test_the_mentors_view_rescores_with_their_scores_in(owner: User) -> None:
    doc = worked(owner).document
    # Morgan says Python 2, SQL 1. Entry: Σ w·t = 3·2 + 1·1 = 7, no gap → 100%.
    # Mid: Σ w·t = 3·4 + 1·2 = 14; gaps 3·2 + 1·1 = 7 → 50%, and SQL (must-have) 1 of 2 blocks.
    view = mentor_view(doc, {"python": 2, "sql": 1})
    assert view.readiness == {"entry": 1.0, "mid": 0.5}
    assert view.placement == {"slug": "entry", "name": "Entry"}
    assert view.mean_difference == Fraction(-3, 2)  # (2 − 4 + 1 − 2) / 2
    assert [(a.skill, a.own, a.mentor) for a in view.apart] == [("python", 4, 2)]


def test_a_mentor_who_agrees_changes_nothing(owner: User) -> None:
    doc = worked(owner).document
    view = mentor_view(doc, {"python": 4})
    assert view.readiness == doc["readiness"] and view.placement == doc["placement"]
    assert view.mean_difference == 0 and view.apart == ()


def test_what_the_report_says_of_a_mentors_view_to_the_owner_and_to_the_mentor(
    owner: User,
) -> None:
    doc = worked(owner).document
    view = mentor_view(doc, {"python": 2, "sql": 1})
    assert said(view, doc, who="Morgan") == (
        "**Morgan** scored 2 skills. With Morgan's scores in, readiness for Mid is **50%** "
        "(self-rated 100%), placing at **Entry** (self-rated: Mid).",
        "On the skills Morgan scored, the difference from the self-rating is −1.5 on average; "
        "two points or more apart: Python (self 4, Morgan 2).",
    )
    agreeing = mentor_view(doc, {"python": 4})
    assert said(agreeing, doc, who=None) == (
        "**You** scored 1 skill. With your scores in, readiness for Mid is **100%** "
        "(self-rated 100%), placing at **Mid**.",
        "On the skills you scored, the difference from the self-rating is 0.0 on average.",
    )


def test_a_sentence_is_escaped_and_only_its_marked_words_are_strong() -> None:
    assert emphasis("**<b>Bo</b>** scored 1 skill & **Mid**") == (
        "<strong>&lt;b&gt;Bo&lt;/b&gt;</strong> scored 1 skill &amp; <strong>Mid</strong>"
    )


def opinion_url(report: Report, skill: str) -> str:
    return reverse("reports:opinion", args=[report.uuid, skill])


def test_a_mentor_scores_a_skill_and_the_owner_sees_it_beside_their_own(
    owner: User,
    owner_client: Client,
    mentor: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    report = worked(owner)
    shared(report, mentor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(mentor).post(
            opinion_url(report, "python"), {"score": "2", "note": "Not yet in production"}, **HTMX
        )
    assert response.status_code == 200
    assert "Your score: 2" in html.text(response, "#opinion-python summary")
    assert Opinion.objects.get().score == 2
    page = owner_client.get(report.get_absolute_url())
    assert html.text(page, "#skill-python summary") == "Comment · 1 mentor score"
    opened = owner_client.get(f"{report.get_absolute_url()}?skill=python", **HTMX)
    assert html.text(opened, ".opinion") == (
        "charlie's score: 2 (yours 4) · “Not yet in production”"
    )
    view = html.text(page, "#second-opinions")
    assert "readiness for Mid is 57% (self-rated 100%)" in view  # 1 − 3·2 / 14 = 8/14
    assert "placing at Entry (self-rated: Mid)" in view
    assert "Python (self 4, charlie 2)" in view
    (email,) = mail.outbox
    assert email.to == ["alice@example.com"]
    assert f"/reports/{report.uuid}/" in email.body and "production" not in email.body


def test_changing_a_score_keeps_one_opinion_and_emails_once(
    owner: User, mentor: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    report = worked(owner)
    shared(report, mentor)
    mail.outbox.clear()
    client = logged_in(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(opinion_url(report, "sql"), {"score": "1"})
        client.post(opinion_url(report, "sql"), {"score": "2"})
    assert list(Opinion.objects.values_list("score", flat=True)) == [2]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "7"}, "from 0 to 5"),
        ({"score": ""}, "from 0 to 5"),
        ({"score": "2", "note": "x" * 501}, "500 characters"),
    ],
)
def test_a_bad_score_is_refused_with_the_reason(
    owner: User, mentor: User, data: dict[str, str], message: str
) -> None:
    report = worked(owner)
    shared(report, mentor)
    response = logged_in(mentor).post(opinion_url(report, "python"), data)
    assert response.status_code == 400
    assert message in html.text(response, "#opinion-python")
    assert not Opinion.objects.exists()


def test_only_a_mentor_with_an_active_share_gives_an_opinion(
    owner: User, owner_client: Client, other_client: Client, mentor: User
) -> None:
    report = worked(owner)
    shared(report, mentor)
    assert owner_client.post(opinion_url(report, "python"), {"score": "3"}).status_code == 404
    assert other_client.post(opinion_url(report, "python"), {"score": "3"}).status_code == 404
    unknown = logged_in(mentor).post(opinion_url(report, "knitting"), {"score": "3"})
    assert unknown.status_code == 404
    assert not Opinion.objects.exists()


def test_after_revoking_the_opinion_stops_showing_cannot_change_but_is_kept(
    owner: User, owner_client: Client, mentor: User
) -> None:
    report = worked(owner)
    share = shared(report, mentor)
    services.give_opinion(
        report=report, mentor=mentor, skill="python", score=2, note="", base_url=BASE
    )
    services.revoke(share=share)
    page = owner_client.get(report.get_absolute_url())
    assert not html.texts(page, "#skill-python .opinion")
    assert not html.soup(page).select(".mentor-view")
    assert owner_client.get(reverse("reports:opinions", args=[report.uuid])).json() == {
        "mentors": []
    }
    refused = logged_in(mentor).post(opinion_url(report, "python"), {"score": "5"})
    assert refused.status_code == 404
    assert Opinion.objects.get().score == 2  # kept as it was


def test_opinions_json_serves_the_owner_every_mentor_and_a_mentor_their_own(
    owner: User, owner_client: Client, mentor: User
) -> None:
    report = worked(owner)
    other = UserFactory(username="dave")
    shared(report, mentor)
    shared(report, other)
    services.give_opinion(
        report=report, mentor=mentor, skill="python", score=2, note="", base_url=BASE
    )
    services.give_opinion(report=report, mentor=other, skill="sql", score=2, note="", base_url=BASE)
    url = reverse("reports:opinions", args=[report.uuid])
    everyone = owner_client.get(url).json()["mentors"]
    assert [m["username"] for m in everyone] == ["charlie", "dave"]
    charlie = everyone[0]
    assert charlie == {
        "username": "charlie",
        "ratings": {"python": 2},
        "readiness": {"entry": 1.0, "mid": 0.5714},  # mid: 1 − 3·2 / 14 = 8/14
        "placement": {"slug": "entry", "name": "Entry"},
        "mean_difference": -2.0,
    }
    own = logged_in(mentor).get(url).json()["mentors"]
    assert [m["username"] for m in own] == ["charlie"]


def test_the_owner_takes_a_mentors_score_into_a_re_assessment(
    owner: User, owner_client: Client, mentor: User
) -> None:
    report = worked(owner)
    shared(report, mentor)
    services.give_opinion(
        report=report, mentor=mentor, skill="python", score=3, note="", base_url=BASE
    )
    url = reverse("reports:reassess", args=[report.uuid])
    offered = html.texts(owner_client.get(url), "#proposals label")
    assert offered == ["Python: 3, from charlie's opinion (you said 4)"]
    owner_client.post(url, {"adopt": ["python:3"]})
    draft = Rating.objects.filter(assessment__finished__isnull=True)
    assert dict(draft.values_list("skill__slug", "score")) == {"python": 3, "sql": 2}


@pytest.mark.parametrize("n_opinions", [1, 2])
def test_the_report_page_costs_the_same_queries_however_many_opinions(
    owner: User,
    owner_client: Client,
    mentor: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    n_opinions: int,
) -> None:
    report = worked(owner)
    shared(report, mentor)
    for skill in ["python", "sql"][:n_opinions]:
        services.give_opinion(
            report=report, mentor=mentor, skill=skill, score=1, note="", base_url=BASE
        )
    # session, user, report, read mark, comments, shared?, opinions (with mentors), reviews,
    # progress, reminders
    with django_assert_num_queries(10):
        owner_client.get(report.get_absolute_url())
