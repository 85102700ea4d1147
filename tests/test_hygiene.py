"""Bad input anywhere gets a 4xx and saves nothing; personal pages are never cached."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.models import Rating
from reports import services
from reports.models import Comment
from tests import html
from tests.conftest import HTMX, finished, logged_in, shared
from tests.factories import RatingFactory, assessment_for
from tests.tasks import pdf_response

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "path",
    [
        "/s/%00/",
        "/careers/%00/",
        "/reports/%00/",
        "/assessments/%00/",
        "/careers/python-%00/",
        "/s/" + "a" * 5000 + "/",
        "/careers/" + "a" * 3000 + "/",
        "/?q=%00",
        "/?next=%ff%fe",
    ],
)
def test_a_nul_or_overlong_address_is_a_4xx(client: Client, path: str) -> None:
    assert 400 <= client.get(path).status_code < 500


@pytest.mark.parametrize("query", ["%00", "x" * 100_000, "%ff"])
def test_admin_search_with_nul_overlong_or_not_utf8_is_a_4xx_or_a_page(
    curator_client: Client, query: str
) -> None:
    response = curator_client.get(f"{reverse('admin:careers_skill_changelist')}?q={query}")
    assert response.status_code in {200, 400}


def autosave(client: Client, owner: User) -> tuple[str, object]:
    assessment = assessment_for(owner, n_skills=2)
    skill = assessment.career.requirements.first().skill
    return reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug]), skill


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"score=3&evidence=a%00b", "not text"),
        (b"score=3&evidence=%ff%fe%fd", "only UTF-8"),
        (b"score=3%00", "not text"),
    ],
)
def test_autosave_refuses_nul_and_text_that_is_not_utf8(
    owner_client: Client, owner: User, body: bytes, message: str
) -> None:
    url, _ = autosave(owner_client, owner)
    response = owner_client.post(url, body, content_type=FORM, **HTMX)
    assert response.status_code == 400
    assert message in html.text(response)
    assert not Rating.objects.exists()


def test_an_upload_to_a_form_that_takes_no_files_is_refused(
    owner_client: Client, owner: User
) -> None:
    url, _ = autosave(owner_client, owner)
    upload = SimpleUploadedFile("big.bin", b"\0" * (10 * 1024 * 1024))
    response = owner_client.post(url, {"score": "3", "evidence": upload}, **HTMX)
    assert 400 <= response.status_code < 500
    assert not Rating.objects.exists()
    small = SimpleUploadedFile("note.txt", b"hello")
    response = owner_client.post(url, {"score": "3", "evidence": small}, **HTMX)
    assert response.status_code == 400 and "takes no files" in html.text(response)
    assert not Rating.objects.exists()


def test_a_form_sent_as_multipart_without_files_still_saves(
    owner_client: Client, owner: User
) -> None:
    url, skill = autosave(owner_client, owner)
    assert (
        owner_client.post(url, {"score": "3", "evidence": "Shipped it"}, **HTMX).status_code == 200
    )
    assert Rating.objects.values_list("score", "evidence").get() == (3, "Shipped it")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Write something first"),
        ({"body": "x" * 2001}, "Keep a comment to 2000 characters"),
        ({"body": "Why?", "skill": "knitting"}, "That skill is not in this report."),
    ],
)
def test_a_bad_comment_without_javascript_shows_the_page_again_with_the_reason(
    owner: User, mentor: User, data: dict[str, str], message: str
) -> None:
    report = finished(owner)
    shared(report, mentor)
    response = logged_in(mentor).post(reverse("reports:comments", args=[report.uuid]), data)
    assert response.status_code == 400
    assert message in html.text(response, "#thread-report")
    assert not Comment.objects.exists()


def test_a_refused_comment_comes_back_in_its_own_thread_with_what_was_typed(
    owner: User, mentor: User
) -> None:
    report = finished(owner)
    shared(report, mentor)
    skill = report.document["skills"][0]["slug"]
    data = {"body": "x" * 2001, "skill": skill}
    response = logged_in(mentor).post(reverse("reports:comments", args=[report.uuid]), data)
    assert response.status_code == 400
    assert "Keep a comment to 2000 characters" in html.text(response, f"#thread-{skill}")
    assert "Keep a comment" not in html.text(response, "#thread-report")
    assert html.soup(response).select_one(f"#body-{skill}").get_text() == "x" * 2001


@pytest.mark.parametrize(
    ("summary", "message"), [("", "Write a short summary"), ("y" * 2001, "Keep the summary")]
)
def test_a_bad_review_without_javascript_shows_the_page_again_with_the_reason(
    owner: User, mentor: User, summary: str, message: str
) -> None:
    report = finished(owner)
    shared(report, mentor)
    response = logged_in(mentor).post(
        reverse("reports:review", args=[report.uuid]), {"summary": summary}
    )
    assert response.status_code == 400
    assert message in html.text(response, "#review-form")
    assert not report.reviews.exists()


# --- caching ---------------------------------------------------------------------------------


def personal_urls(owner: User, mentor: User) -> dict[str, tuple[Client, str]]:
    report = finished(owner)
    shared(report, mentor)
    link = services.create_link(report=report, days=3, show_name=False)
    draft = assessment_for(owner)
    RatingFactory(assessment=draft, skill=draft.career.requirements.first().skill)
    mine, theirs = logged_in(owner), logged_in(mentor)
    pdf_response(mine, report)  # drawn, so that the file itself is checked
    return {
        "report": (mine, report.get_absolute_url()),
        "json": (mine, reverse("reports:json", args=[report.uuid])),
        "csv": (mine, reverse("reports:csv", args=[report.uuid])),
        "pdf": (mine, reverse("reports:pdf", args=[report.uuid])),
        "reports": (mine, reverse("reports:list")),
        "share": (mine, reverse("reports:share", args=[report.uuid])),
        "rating page": (mine, draft.get_absolute_url()),
        "assessments": (mine, reverse("assessments:list")),
        "mentor": (theirs, reverse("reports:mentor")),
        "mentor's view": (theirs, report.get_absolute_url()),
        "link": (Client(), reverse("reports:shared_link", args=[link.token])),
    }


def test_personal_pages_and_exports_are_private_and_never_stored(owner: User, mentor: User) -> None:
    for name, (client, url) in personal_urls(owner, mentor).items():
        response = client.get(url)
        assert response.status_code == 200, name
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, name


def test_an_htmx_answer_is_private_too(owner_client: Client, owner: User) -> None:
    url, _ = autosave(owner_client, owner)
    response = owner_client.post(url, {"score": "2"}, **HTMX)
    assert "no-store" in response["Cache-Control"]
