"""Every reader posts the report's forms without JavaScript with the CSRF token their own
page gave them, in whichever session they read it (issue 18: a token shared between
sessions was refused on the phone after the laptop)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from reports.models import Report
from tests import html
from tests.conftest import finished, logged_in, shared


def comment_without_javascript(client: Client, report: Report, body: str) -> int:
    """Read the report page, then send its first skill's comment form as a browser would."""
    skill = report.document["skills"][0]["slug"]
    # Without JavaScript a skill's comments open through ?skill= (the page loads them lazily).
    page = html.soup(client.get(f"{report.get_absolute_url()}?skill={skill}"))
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
