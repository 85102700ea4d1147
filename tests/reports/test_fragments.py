"""The report page's sections (headline, readiness profile, skill rows, learning path),
drawn once per state (issue 13).

Whatever a reader does next must show on a page drawn before it, and every form keeps the
reader's own CSRF token, though the section came from the cache.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from careers import fragments as careers_fragments
from reports import fragments
from reports.models import Report
from tests import html
from tests.conftest import HTMX, drawn_by, finished, logged_in, shared

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sections the report page drew (rather than took from the cache)."""
    return drawn_by(monkeypatch, fragments, lambda name, context: name.partition("#")[2])


def test_a_second_view_draws_none_of_the_sections(
    owner: User, owner_client: Client, drawn: list[str]
) -> None:
    report = finished(owner, n_skills=4, score=1)
    first = owner_client.get(report.get_absolute_url())
    assert sorted(drawn) == ["gaps", "headline", "path_stages", "profile"]
    drawn.clear()
    again = owner_client.get(report.get_absolute_url())
    assert drawn == []
    for part in ("#headline", "#levels", "#radar", "#skills", "#path"):
        assert html.text(again, part) == html.text(first, part)


def test_sections_drawn_by_another_release_are_drawn_again(
    owner: User, owner_client: Client, drawn: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rolling deploy runs two releases against one Redis; the headline's sentences and the
    # radar are shaped in Python, so a section drawn by one must not be served by the other.
    report = finished(owner, n_skills=2, score=1)
    owner_client.get(report.get_absolute_url())
    drawn.clear()
    monkeypatch.setattr(careers_fragments, "release_digest", lambda: "the next release")
    careers_fragments.drawing_digest.cache_clear()
    try:
        owner_client.get(report.get_absolute_url())
    finally:
        careers_fragments.drawing_digest.cache_clear()
    assert sorted(drawn) == ["gaps", "headline", "path_stages", "profile"]


def test_a_comment_an_opinion_and_a_step_show_on_a_page_drawn_before_them(
    owner: User, owner_client: Client, mentor: User
) -> None:
    report = finished(owner, n_skills=3, score=1)
    shared(report, mentor)
    mentor_client = logged_in(mentor)
    skill = report.document["skills"][0]["slug"]
    step = {"stage": "plan", "skill": report.document["plan"]["steps"][0]["skill"]}
    for client in (owner_client, mentor_client):
        client.get(report.get_absolute_url())  # both readers' sections are cached now

    comments = reverse("reports:comments", args=[report.uuid])
    mentor_client.post(comments, {"skill": skill, "body": "Try the profiling course."}, **HTMX)
    opinion = reverse("reports:opinion", args=[report.uuid, skill])
    mentor_client.post(opinion, {"score": "4", "note": "Seen it at work."}, **HTMX)
    marked = reverse("reports:path_step", args=[report.uuid, step["stage"], step["skill"]])
    owner_client.post(marked, {"status": "done"}, **HTMX)

    page = owner_client.get(report.get_absolute_url())
    assert "Try the profiling course." in html.text(page, f"#skill-{skill}")
    assert "Seen it at work." in html.text(page, f"#skill-{skill}")
    step_row = html.soup(page).select_one(f"#step-{step['stage']}-{step['skill']}")
    assert step_row.select_one("input[value=done]").has_attr("checked")
    mentor_page = mentor_client.get(report.get_absolute_url())
    assert "Try the profiling course." in html.text(mentor_page, f"#skill-{skill}")
    assert "Your score: 4" in html.text(mentor_page, f"#opinion-{skill}")


def test_a_renamed_commenter_shows_by_their_new_name(
    owner: User, owner_client: Client, mentor: User
) -> None:
    report = finished(owner, n_skills=2, score=1)
    shared(report, mentor)
    skill = report.document["skills"][0]["slug"]
    comments = reverse("reports:comments", args=[report.uuid])
    logged_in(mentor).post(comments, {"skill": skill, "body": "Looks right."}, **HTMX)
    owner_client.get(report.get_absolute_url())

    mentor.first_name, mentor.last_name = "Ada", "Mentor"
    mentor.save()
    assert "Ada Mentor" in html.text(owner_client.get(report.get_absolute_url()), "#skills")


def comment_without_javascript(client: Client, report: Report, body: str) -> int:
    """Read the report page, then send its first skill's comment form as a browser would."""
    skill = report.document["skills"][0]["slug"]
    page = html.soup(client.get(report.get_absolute_url()))
    form = page.select_one(f"#thread-{skill} form:has(textarea[name=body])")
    token = form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    data = {"csrfmiddlewaretoken": token, "skill": skill, "body": body}
    return client.post(form["action"], data).status_code


def test_each_reader_posts_the_reports_forms_with_the_token_their_page_gave(
    owner: User, mentor: User
) -> None:
    report = finished(owner, n_skills=2, score=1)
    shared(report, mentor)
    for reader in (owner, mentor):
        client = logged_in(reader, enforce_csrf_checks=True)
        assert comment_without_javascript(client, report, f"From {reader}.") == 302
    assert report.comments.count() == 2


def test_the_same_person_in_a_second_session_posts_the_reports_forms(
    owner: User, mentor: User
) -> None:
    """Laptop, then phone: one reader, so one state of every section, but two sessions,
    each with its own CSRF secret; whatever is reused, the form must carry the phone's."""
    report = finished(owner, n_skills=2, score=1)
    shared(report, mentor)  # comments open once someone else can read it
    laptop = logged_in(owner, enforce_csrf_checks=True)
    phone = logged_in(owner, enforce_csrf_checks=True)
    laptop.get(report.get_absolute_url())
    assert comment_without_javascript(phone, report, "From the phone.") == 302
    assert comment_without_javascript(laptop, report, "From the laptop.") == 302
    assert report.comments.count() == 2
