"""Mentors: sharing, the dashboard, comments, reviews, links, notifications, and who sees what."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import services, sharing
from assessments.models import Comment, Report, Review, Share
from careers.models import Skill
from tests.conftest import logged_in
from tests.factories import RatingFactory, UserFactory, assessment_for

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def finished(owner: User, n_skills: int = 3) -> Report:
    assessment = assessment_for(owner, n_skills=n_skills)
    for skill in Skill.objects.filter(requirements__career=assessment.career).distinct():
        RatingFactory(assessment=assessment, skill=skill, score=2)
    return services.finish_assessment(assessment=assessment)


def shared(report: Report, mentor: User) -> Share:
    return sharing.share_with_mentor(report=report, mentor=mentor, base_url=BASE)


def first_skill(report: Report) -> str:
    return report.document["skills"][0]["slug"]


# --- sharing ------------------------------------------------------------------------------------


def test_owner_shares_with_a_mentor_by_username_or_email(
    owner_client: Client, owner: User, mentor: User, django_capture_on_commit_callbacks: Callable
) -> None:
    report = finished(owner)
    url = reverse("reports:share", args=[report.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"mentor": "CHARLIE@example.com"}, follow=True)
    assert "Shared with charlie" in response.content.decode()
    assert Share.objects.get().mentor == mentor
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["charlie@example.com"]
    assert f"/reports/{report.uuid}/" in email.body
    assert report.career_name not in email.body and "%" not in email.body  # a link, no contents


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("alice", "That is you: share with someone else."),
        ("nobody-here", "No Skillgap user has that username or email."),
        ("", "Enter the username or email of a Skillgap user."),
        ("charlie", "This report is already shared with charlie."),
    ],
)
def test_bad_shares_get_a_message_and_change_nothing(
    owner_client: Client, owner: User, mentor: User, who: str, message: str
) -> None:
    report = finished(owner)
    shared(report, mentor)
    response = owner_client.post(reverse("reports:share", args=[report.uuid]), {"mentor": who})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Share.objects.count() == 1


def test_the_database_refuses_a_second_active_share_with_one_mentor(
    owner: User, mentor: User
) -> None:
    from django.db import IntegrityError, transaction

    report = finished(owner)
    shared(report, mentor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(report=report, mentor=mentor)


def test_a_link_has_a_long_random_token_and_a_chosen_expiry(
    owner_client: Client, owner: User
) -> None:
    report = finished(owner)
    owner_client.post(reverse("reports:share", args=[report.uuid]), {"days": "7"})
    link = Share.objects.get()
    assert len(link.token) >= 32  # 24 bytes, url-safe base64: 192 bits
    assert timedelta(days=6, hours=23) < link.expires - timezone.now() <= timedelta(days=7)
    page = owner_client.get(reverse("reports:share", args=[report.uuid])).content.decode()
    assert f"/s/{link.token}/" in page


@pytest.mark.parametrize("days", ["0", "91", "many", ""])
def test_link_expiry_outside_one_to_ninety_days_is_refused(
    owner_client: Client, owner: User, days: str
) -> None:
    report = finished(owner)
    response = owner_client.post(reverse("reports:share", args=[report.uuid]), {"days": days})
    assert response.status_code == 400
    assert "A link lasts from 1 to 90 days." in response.content.decode()
    assert not Share.objects.exists()


def test_revoking_takes_effect_at_once(owner_client: Client, owner: User, mentor: User) -> None:
    report = finished(owner)
    share = shared(report, mentor)
    mentor_client = logged_in(mentor)
    assert mentor_client.get(report.get_absolute_url()).status_code == 200
    owner_client.post(reverse("reports:revoke", args=[report.uuid, share.pk]))
    assert mentor_client.get(report.get_absolute_url()).status_code == 404
    assert report.career_name not in mentor_client.get(reverse("mentor")).content.decode()
    # Sharing again after a revoke works.
    shared(report, mentor)
    assert mentor_client.get(report.get_absolute_url()).status_code == 200


def test_nobody_but_the_owner_revokes(owner: User, mentor: User) -> None:
    report = finished(owner)
    share = shared(report, mentor)
    response = logged_in(mentor).post(reverse("reports:revoke", args=[report.uuid, share.pk]))
    assert response.status_code == 404
    share.refresh_from_db()
    assert share.revoked is None


# --- the dashboard ----------------------------------------------------------------------------


def test_dashboard_lists_shared_reports_newest_first_with_unread_counts(
    owner: User, other_user: User, mentor: User
) -> None:
    older, newer = finished(owner), finished(other_user)
    shared(older, mentor)
    shared(newer, mentor)
    sharing.add_comment(report=older, author=owner, body="Thoughts?", skill="", base_url=BASE)
    sharing.add_comment(report=older, author=owner, body="And this?", skill="", base_url=BASE)
    client = logged_in(mentor)
    body = client.get(reverse("mentor")).content.decode()
    assert body.index(newer.career_name) < body.index(older.career_name)
    assert "2 new comments" in body
    assert "alice" in body and "bob" in body and "<td>Entry</td>" in body
    client.get(older.get_absolute_url())  # reading clears the count
    assert "new comment" not in client.get(reverse("mentor")).content.decode()


@pytest.mark.parametrize("n_reports", [1, 50])
def test_dashboard_queries_do_not_grow_with_reports(
    mentor: User, django_assert_num_queries: Callable, n_reports: int
) -> None:
    owner = UserFactory()
    report = finished(owner, n_skills=2)
    for _ in range(n_reports):
        copy = Report.objects.get(pk=report.pk)
        copy.pk, copy.uuid = None, uuid.uuid4()
        copy.save()  # a new row: saving an unsaved report is allowed
        shared(copy, mentor)
        sharing.add_comment(report=copy, author=owner, body="hi", skill="", base_url=BASE)
    client = logged_in(mentor)
    with django_assert_num_queries(3):  # session, user, shares with reports, owners and counts
        response = client.get(reverse("mentor"))
    assert response.content.decode().count("1 new comment") == n_reports


# --- comments and reviews ----------------------------------------------------------------------


def test_mentor_comments_on_a_skill_with_htmx_and_the_owner_sees_it(
    owner: User, mentor: User, django_capture_on_commit_callbacks: Callable
) -> None:
    report = finished(owner)
    shared(report, mentor)
    mail.outbox.clear()
    skill = first_skill(report)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(mentor).post(
            reverse("reports:comments", args=[report.uuid]),
            {"body": "Start with <script>alert(1)</script> basics", "skill": skill},
            HTTP_HX_REQUEST="true",
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="thread-{skill}"' in body and "&lt;script&gt;" in body and "<script>" not in body
    assert Comment.objects.get().skill == skill
    page = logged_in(owner).get(report.get_absolute_url()).content.decode()
    assert "Start with &lt;script&gt;" in page
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "alert" not in mail.outbox[0].body


def test_owner_answers_in_the_same_thread_and_the_mentor_is_told(
    owner: User, mentor: User, django_capture_on_commit_callbacks: Callable
) -> None:
    report = finished(owner)
    shared(report, mentor)
    skill = first_skill(report)
    sharing.add_comment(report=report, author=mentor, body="Why 2?", skill=skill, base_url=BASE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(owner).post(
            reverse("reports:comments", args=[report.uuid]),
            {"body": "Little practice.", "skill": skill},
        )
    assert list(Comment.objects.filter(skill=skill).values_list("body", flat=True)) == [
        "Why 2?",
        "Little practice.",
    ]
    assert [m.to for m in mail.outbox] == [["charlie@example.com"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "an empty comment is not saved"),
        ({"body": "   "}, "an empty comment is not saved"),
        ({"body": "x" * 2001}, "Keep a comment to 2000 characters (it has 2001)."),
        ({"body": "hi", "skill": "not-in-report"}, "That skill is not in this report."),
    ],
)
def test_bad_comments_get_a_message_and_save_nothing(
    owner_client: Client, owner: User, data: dict[str, str], message: str
) -> None:
    report = finished(owner)
    url = reverse("reports:comments", args=[report.uuid])
    response = owner_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert message in response.content.decode()
    followed = owner_client.post(url, data, follow=True)
    assert message in followed.content.decode()
    assert not Comment.objects.exists()


def test_authors_delete_only_their_own_comments(owner: User, mentor: User) -> None:
    report = finished(owner)
    shared(report, mentor)
    mine = sharing.add_comment(report=report, author=mentor, body="mine", skill="", base_url=BASE)
    theirs = sharing.add_comment(
        report=report, author=owner, body="theirs", skill="", base_url=BASE
    )
    client = logged_in(mentor)
    url = lambda c: reverse("reports:delete_comment", args=[report.uuid, c.pk])  # noqa: E731
    assert client.post(url(theirs)).status_code == 404
    assert client.post(url(mine), HTTP_HX_REQUEST="true").status_code == 200
    assert list(Comment.objects.values_list("body", flat=True)) == ["theirs"]


def test_mentor_marks_reviewed_and_the_owner_sees_the_summary_on_top(
    owner: User, mentor: User
) -> None:
    report = finished(owner)
    shared(report, mentor)
    client = logged_in(mentor)
    client.post(reverse("reports:review", args=[report.uuid]), {"summary": "Solid; SQL next."})
    client.post(reverse("reports:review", args=[report.uuid]), {"summary": "Solid; SQL first."})
    assert list(Review.objects.values_list("summary", flat=True)) == ["Solid; SQL first."]
    page = logged_in(owner).get(report.get_absolute_url()).content.decode()
    assert page.index("Reviewed by charlie") < page.index('id="headline"')


def test_an_empty_review_is_refused(owner: User, mentor: User) -> None:
    report = finished(owner)
    shared(report, mentor)
    response = logged_in(mentor).post(
        reverse("reports:review", args=[report.uuid]), {"summary": ""}, follow=True
    )
    assert "Write a short summary" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize("n_comments", [1, 50])
def test_report_page_queries_do_not_grow_with_comments(
    owner: User, mentor: User, django_assert_num_queries: Callable, n_comments: int
) -> None:
    report = finished(owner, n_skills=5)
    shared(report, mentor)
    skills = [s["slug"] for s in report.document["skills"]]
    Comment.objects.bulk_create(
        Comment(report=report, author=[owner, mentor][i % 2], body=f"c{i}", skill=skills[i % 5])
        for i in range(n_comments)
    )
    client = logged_in(mentor)
    # session, user, report, comments, reviews, read-mark upsert
    with django_assert_num_queries(6):
        response = client.get(report.get_absolute_url())
    assert response.content.decode().count('class="comment ') == n_comments


# --- read-only links ----------------------------------------------------------------------------


def test_a_link_shows_the_report_read_only_without_the_owners_identity(owner: User) -> None:
    report = finished(owner)
    link = sharing.create_link(report=report, days=30, show_name=False)
    sharing.add_comment(report=report, author=owner, body="private note", skill="", base_url=BASE)
    body = Client().get(reverse("shared_link", args=[link.token])).content.decode()
    assert report.document["career"]["name"] in body
    assert "alice" not in body and "private note" not in body
    assert 'name="body"' not in body and "Re-assess" not in body


def test_a_link_shows_the_owners_name_when_they_chose_so(owner: User) -> None:
    owner.first_name, owner.last_name = "Alice", "Liddell"
    owner.save()
    report = finished(owner)
    link = sharing.create_link(report=report, days=30, show_name=True)
    body = Client().get(reverse("shared_link", args=[link.token])).content.decode()
    assert "shared by Alice Liddell" in body and "alice@example.com" not in body


def test_revoked_and_expired_links_say_they_no_longer_work(owner: User) -> None:
    report = finished(owner)
    revoked = sharing.create_link(report=report, days=30, show_name=False)
    sharing.revoke(share=revoked)
    expired = sharing.create_link(report=report, days=1, show_name=False)
    Share.objects.filter(pk=expired.pk).update(expires=timezone.now() - timedelta(minutes=1))
    for link in (revoked, expired):
        response = Client().get(reverse("shared_link", args=[link.token]))
        assert response.status_code == 410
        assert "This link no longer works" in response.content.decode()
    assert Client().get("/s/made-up-token/").status_code == 404


# --- the access table -----------------------------------------------------------------------------

REPORT_URLS = {
    "page": lambda r: reverse("reports:detail", args=[r.uuid]),
    "json": lambda r: reverse("reports:json", args=[r.uuid]),
    "csv": lambda r: reverse("reports:csv", args=[r.uuid]),
    "pdf": lambda r: reverse("reports:pdf", args=[r.uuid]),
    "share": lambda r: reverse("reports:share", args=[r.uuid]),
}
# Who can GET what: True means 200, False means 404.
ACCESS = {
    "anonymous": dict.fromkeys(REPORT_URLS, False),
    "owner": dict.fromkeys(REPORT_URLS, True),
    "another user": dict.fromkeys(REPORT_URLS, False),
    "mentor": {"page": True, "json": True, "csv": True, "pdf": True, "share": False},
    "revoked mentor": dict.fromkeys(REPORT_URLS, False),
    "link holder": dict.fromkeys(REPORT_URLS, False),
    "staff": dict.fromkeys(REPORT_URLS, False),
}


@pytest.fixture
def cast(
    owner: User, other_user: User, mentor: User, curator: User
) -> tuple[Report, dict[str, Client]]:
    report = finished(owner)
    shared(report, mentor)
    former = UserFactory(username="dave")
    sharing.revoke(share=shared(report, former))
    return report, {
        "anonymous": Client(),
        "owner": logged_in(owner),
        "another user": logged_in(other_user),
        "mentor": logged_in(mentor),
        "revoked mentor": logged_in(former),
        "link holder": Client(),
        "staff": logged_in(curator),
    }


@pytest.mark.parametrize("visitor", list(ACCESS))
def test_access_table_for_reading(cast: tuple[Report, dict[str, Client]], visitor: str) -> None:
    report, clients = cast
    for name, url in REPORT_URLS.items():
        status = clients[visitor].get(url(report)).status_code
        assert status == (200 if ACCESS[visitor][name] else 404), (visitor, name, status)


@pytest.mark.parametrize(
    ("visitor", "may_comment"),
    [("anonymous", False), ("owner", True), ("another user", False), ("mentor", True),
     ("revoked mentor", False), ("link holder", False), ("staff", False)],
)  # fmt: skip
def test_access_table_for_commenting(
    cast: tuple[Report, dict[str, Client]], visitor: str, may_comment: bool
) -> None:
    report, clients = cast
    response = clients[visitor].post(
        reverse("reports:comments", args=[report.uuid]), {"body": f"from {visitor}"}
    )
    assert response.status_code == (302 if may_comment else 404)
    assert Comment.objects.filter(body=f"from {visitor}").exists() == may_comment


def test_the_link_itself_works_for_its_holder(cast: tuple[Report, dict[str, Client]]) -> None:
    report, clients = cast
    link = sharing.create_link(report=report, days=3, show_name=False)
    assert clients["link holder"].get(reverse("shared_link", args=[link.token])).status_code == 200


def test_only_the_owner_reassesses_and_only_mentors_review(
    cast: tuple[Report, dict[str, Client]],
) -> None:
    report, clients = cast
    reassess = reverse("reports:reassess", args=[report.uuid])
    review = reverse("reports:review", args=[report.uuid])
    assert clients["mentor"].post(reassess).status_code == 404
    assert clients["owner"].post(review, {"summary": "self-praise"}).status_code == 404
    assert clients["another user"].post(review, {"summary": "x"}).status_code == 404
    assert not Review.objects.exists()
