"""Mentors: sharing, the dashboard, comments, reviews, links, notifications, and who sees what."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from lib.people import display_name
from reports import services
from reports.models import Comment, Report, Review, Share
from tests import html
from tests.conftest import BASE, HTMX, finished, logged_in, shared
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def first_skill(report: Report) -> str:
    return report.document["skills"][0]["slug"]


# --- sharing ------------------------------------------------------------------------------------


def test_owner_shares_with_a_mentor_by_username_or_email(
    owner_client: Client,
    owner: User,
    mentor: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    report = finished(owner)
    url = reverse("reports:share", args=[report.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"mentor": "CHARLIE@example.com"}, follow=True)
    assert "Shared with CHARLIE@example.com." in html.text(response, "main")
    assert Share.objects.get().mentor == mentor
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["charlie@example.com"]
    assert email.subject == "alice shared a Skillgap report with you"  # the mentor is told whose
    assert f"/reports/{report.uuid}/" in email.body
    assert report.career_name not in email.body and "%" not in email.body  # a link, no contents


def test_a_full_name_with_a_line_break_cannot_add_a_header_to_the_mentors_email(
    owner_client: Client,
    owner: User,
    mentor: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    owner.first_name, owner.last_name = "Alice\nBcc: everyone@example.com", "Liddell"
    owner.save()
    report = finished(owner)
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("reports:share", args=[report.uuid]), {"mentor": "charlie"})
    [email] = mail.outbox
    assert email.subject == (
        "Alice Bcc: everyone@example.com Liddell shared a Skillgap report with you"
    )
    assert email.bcc == [] and email.to == ["charlie@example.com"]


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("alice", "That is you: share with someone else."),
        ("ALICE@example.com", "That is you: share with someone else."),
        ("", "Enter your mentor's username or email address."),
        ("charlie", "This report is already shared with charlie."),
        (" Charlie ", "This report is already shared with Charlie."),  # what they typed
        ("someone@", "Enter a valid email address."),
        ("two words", "Enter a valid username."),
    ],
)
def test_bad_shares_get_a_message_and_change_nothing(
    owner_client: Client, owner: User, mentor: User, who: str, message: str
) -> None:
    report = finished(owner)
    shared(report, mentor)
    response = owner_client.post(reverse("reports:share", args=[report.uuid]), {"mentor": who})
    assert response.status_code == 400
    assert message in html.text(response, "main")
    assert Share.objects.count() == 1


def blank(words: str, typed: str) -> str:
    return words.replace(typed, "…")


def test_sharing_answers_the_same_whether_or_not_the_person_exists(
    owner: User,
    mentor: User,
    other_user: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """A user by username or by email, an address with no account, an unknown username."""
    client = logged_in(owner)
    seen = []
    for typed in ["charlie", "bob@example.com", "newcomer@example.org", "nobody-here"]:
        report = finished(owner)
        url = reverse("reports:share", args=[report.uuid])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"mentor": typed}, follow=True)
        listing = [blank(item, typed) for item in html.texts(response, "#shares li")]
        mine = html.texts(client.get(reverse("reports:list")), "#reports .activity")[0]
        seen.append(
            (
                response.status_code,
                [(blank(u, str(report.uuid)), s) for u, s in response.redirect_chain],
                blank(html.text(response, "#messages"), typed),
                listing,
                blank(mine, typed),  # My reports too: what the owner typed
            )
        )
    assert seen[0] == seen[1] == seen[2] == seen[3], seen
    assert "If that is a Skillgap username or an email address" in seen[0][2]
    # What happened behind the page differs: two users, one invitation, nobody.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bob@example.com",
        "charlie@example.com",
        "newcomer@example.org",
    ]


def invitation_link(message: mail.EmailMessage) -> str:
    found = re.search(r"http://testserver(/mentor/invitations/[\w-]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_an_address_without_an_account_gets_an_invitation_its_holder_accepts(
    owner_client: Client,
    owner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    report = finished(owner)
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            reverse("reports:share", args=[report.uuid]), {"mentor": "newcomer@example.org"}
        )
    [invitation] = mail.outbox
    assert invitation.to == ["newcomer@example.org"]
    assert invitation.subject == "alice invites you to review their Skillgap report"
    assert report.career_name not in invitation.body and "%" not in invitation.body
    link = invitation_link(invitation)
    share = Share.objects.get()
    assert share.mentor is None and len(share.invite_token) >= 32  # 192 random bits
    # They sign up (with any address), open the link and accept.
    assert Client().get(link)["Location"].startswith(reverse("login"))
    newcomer = logged_in(UserFactory(username="newcomer", email=""))
    page = newcomer.get(link)
    assert page.status_code == 200
    assert "alice would like you to review" in html.text(page, "main")
    assert newcomer.get(report.get_absolute_url()).status_code == 404  # not before accepting
    accepted = newcomer.post(link, follow=True)
    assert accepted.redirect_chain[-1][0] == report.get_absolute_url()
    assert "Invitation accepted" in html.text(accepted, "main")
    assert report.career_name in html.text(newcomer.get(reverse("reports:mentor")), "main")
    share.refresh_from_db()
    assert share.mentor.username == "newcomer"
    assert newcomer.get(link)["Location"] == report.get_absolute_url()  # opened again
    # Nobody else can use it now, and the owner's list still shows what they typed.
    assert logged_in(UserFactory(username="latecomer")).post(link).status_code == 404
    page = owner_client.get(reverse("reports:share", args=[report.uuid]))
    assert html.texts(page, "#shares .share-what strong")[0] == "newcomer@example.org"


def test_an_unknown_username_reaches_nobody_even_if_it_is_taken_later(
    owner_client: Client, owner: User
) -> None:
    report = finished(owner)
    owner_client.post(reverse("reports:share", args=[report.uuid]), {"mentor": "nobody-here"})
    share = Share.objects.get()
    assert (share.recipient, share.mentor, share.invite_token) == ("nobody-here", None, None)
    assert not mail.outbox
    squatter = logged_in(UserFactory(username="nobody-here"))
    assert squatter.get(report.get_absolute_url()).status_code == 404


def test_a_revoked_invitation_is_a_404(owner_client: Client, owner: User, other_user: User) -> None:
    report = finished(owner)
    share = services.invite(report=report, email="newcomer@example.org", base_url=BASE)
    owner_client.post(reverse("reports:revoke", args=[report.uuid, share.pk]))
    link = reverse("reports:invitation", args=[share.invite_token])
    assert logged_in(other_user).get(link).status_code == 404
    assert logged_in(other_user).post(link).status_code == 404
    assert logged_in(other_user).get(report.get_absolute_url()).status_code == 404


def test_unknown_invitation_tokens_are_a_404(other_client: Client) -> None:
    assert other_client.get("/mentor/invitations/made-up/").status_code == 404
    assert other_client.post("/mentor/invitations/made-up/").status_code == 404


def test_a_second_name_for_a_mentor_the_report_is_shared_with_is_refused(
    owner_client: Client,
    owner: User,
    mentor: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """One person, one row: their email after their username is "already shared", as the
    username twice is."""
    report = finished(owner)
    url = reverse("reports:share", args=[report.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url, {"mentor": "charlie"})
        response = owner_client.post(url, {"mentor": "charlie@example.com"})
    assert response.status_code == 400
    assert "This report is already shared with charlie@example.com." in html.text(response, "main")
    assert len(mail.outbox) == 1
    assert [s.recipient for s in Share.objects.all()] == ["charlie"]
    page = owner_client.get(reverse("reports:list"))
    assert html.texts(page, "#reports .activity") == ["Shared with charlie"]


def test_my_reports_name_each_share_as_the_owner_typed_it_never_deleted_user(
    owner_client: Client, owner: User, mentor: User
) -> None:
    """An account, a username nobody has, an address invited: the owner reads what they
    typed, the same whether or not it named someone (nothing says which)."""
    report = finished(owner)
    url = reverse("reports:share", args=[report.uuid])
    for typed in ["charlie", "nobody-here", "newcomer@example.org"]:
        owner_client.post(url, {"mentor": typed})
    services.create_link(report=report, days=3, show_name=False)
    page = owner_client.get(reverse("reports:list"))
    assert html.texts(page, "#reports .activity") == [
        "Shared with charlie, nobody-here, newcomer@example.org, a link"
    ]


def test_a_revoked_mentor_gets_no_access_from_entries_that_name_someone_else(
    owner_client: Client, owner: User, mentor: User
) -> None:
    report = finished(owner)
    url = reverse("reports:share", args=[report.uuid])
    owner_client.post(url, {"mentor": "nobody-here"})  # waits: no such account yet
    owner_client.post(url, {"mentor": "newcomer@example.org"})  # an invitation, waiting
    owner_client.post(url, {"mentor": "charlie"})
    reader = logged_in(mentor)
    assert reader.get(report.get_absolute_url()).status_code == 200
    share = Share.objects.get(mentor=mentor)
    owner_client.post(reverse("reports:revoke", args=[report.uuid, share.pk]))
    assert reader.get(report.get_absolute_url()).status_code == 404
    waiting = Share.objects.active().order_by("created")
    assert [(s.recipient, s.mentor) for s in waiting] == [
        ("nobody-here", None),
        ("newcomer@example.org", None),
    ]


def test_the_database_refuses_an_active_repeat_of_what_the_owner_typed(owner: User) -> None:
    from django.db import IntegrityError, transaction

    report = finished(owner)
    Share.objects.create(report=report, recipient="Nobody-Here")
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(report=report, recipient="nobody-here")


@pytest.mark.parametrize(
    "fields",
    [
        {},  # nobody and no link
        {"recipient": "x", "token": "t" * 32, "expires": timezone.now()},  # both
        {"token": "t" * 32, "expires": timezone.now(), "invite_token": "i" * 32},
    ],
)
def test_the_database_refuses_a_share_that_is_neither_a_person_nor_a_link(
    owner: User, fields: dict[str, object]
) -> None:
    from django.db import IntegrityError, transaction

    report = finished(owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(report=report, **fields)


def test_the_database_refuses_a_second_active_share_with_one_mentor(
    owner: User, mentor: User
) -> None:
    from django.db import IntegrityError, transaction

    report = finished(owner)
    shared(report, mentor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(report=report, mentor=mentor, recipient="charlie@example.com")


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
    assert report.career_name not in mentor_client.get(reverse("reports:mentor")).content.decode()
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
    services.add_comment(report=older, author=owner, body="Thoughts?", skill="", base_url=BASE)
    services.add_comment(report=older, author=owner, body="And this?", skill="", base_url=BASE)
    client = logged_in(mentor)
    body = client.get(reverse("reports:mentor")).content.decode()
    assert body.index(newer.career_name) < body.index(older.career_name)
    assert "2 new comments" in body
    assert html.texts(body, "#shared-reports .owner") == ["bob", "alice"]
    assert html.texts(body, "#shared-reports .placement") == ["Entry", "Entry"]
    assert html.texts(body, "#shared-reports .badge") == [
        "Not reviewed yet", "Not reviewed yet", "2 new comments",
    ]  # fmt: skip
    client.get(older.get_absolute_url())  # reading clears the count
    assert "new comment" not in client.get(reverse("reports:mentor")).content.decode()


def test_dashboard_says_which_reports_i_reviewed(owner: User, mentor: User) -> None:
    first, second = finished(owner), finished(owner)
    shared(first, mentor)
    shared(second, mentor)
    services.mark_reviewed(report=first, mentor=mentor, summary="Solid")
    page = logged_in(mentor).get(reverse("reports:mentor"))
    assert html.texts(page, "#shared-reports .badge") == ["Not reviewed yet", "Reviewed"]


@pytest.mark.parametrize("n_reports", [1, 50])
def test_dashboard_queries_do_not_grow_with_reports(
    mentor: User, django_assert_num_queries: DjangoAssertNumQueries, n_reports: int
) -> None:
    owner = UserFactory()
    report = finished(owner, n_skills=2)
    for _ in range(n_reports):
        copy = Report.objects.get(pk=report.pk)
        copy.pk, copy.uuid = None, uuid.uuid4()
        copy.save()  # a new row: saving an unsaved report is allowed
        shared(copy, mentor)
        services.add_comment(report=copy, author=owner, body="hi", skill="", base_url=BASE)
    client = logged_in(mentor)
    # session, user, how many shares (for the pages), a page of them with reports, owners
    # and counts
    with django_assert_num_queries(4):
        response = client.get(reverse("reports:mentor"))
    shown = min(n_reports, settings.LIST_PAGE_SIZE)
    assert response.content.decode().count("1 new comment") == shown


# --- comments and reviews ----------------------------------------------------------------------


def test_mentor_comments_on_a_skill_with_htmx_and_the_owner_sees_it(
    owner: User, mentor: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    report = finished(owner)
    shared(report, mentor)
    mail.outbox.clear()
    skill = first_skill(report)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(mentor).post(
            reverse("reports:comments", args=[report.uuid]),
            {"body": "Start with <script>alert(1)</script> basics", "skill": skill},
            **HTMX,
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="thread-{skill}"' in body and "&lt;script&gt;" in body and "<script>" not in body
    assert Comment.objects.get().skill == skill
    owner_client = logged_in(owner)
    page = owner_client.get(report.get_absolute_url())
    assert html.text(page, f"#skill-{skill} summary") == "1 comment"
    opened = owner_client.get(f"{report.get_absolute_url()}?skill={skill}", **HTMX)
    assert "Start with &lt;script&gt;" in opened.content.decode()
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "alert" not in mail.outbox[0].body


def test_comment_emails_name_the_report_as_each_reader_knows_it_one_reader_each(
    owner: User, mentor: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    report = finished(owner)
    second = UserFactory(username="bea", email="bea@example.com")
    shared(report, mentor)
    shared(report, second)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(report=report, author=owner, body="Thoughts?", skill="", base_url=BASE)
    assert sorted(m.to for m in mail.outbox) == sorted([[mentor.email], [second.email]])
    owner_name = display_name(owner)
    for sent in mail.outbox:
        assert f"commented on {owner_name}'s Skillgap report." in sent.body
        assert "you follow" not in sent.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            report=report, author=mentor, body="Start here", skill="", base_url=BASE
        )
    to_owner = next(m for m in mail.outbox if m.to == [owner.email])
    assert "commented on your Skillgap report." in to_owner.body
    assert sorted(m.to for m in mail.outbox) == sorted([[owner.email], [second.email]])


def test_owner_answers_in_the_same_thread_and_the_mentor_is_told(
    owner: User, mentor: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    report = finished(owner)
    shared(report, mentor)
    skill = first_skill(report)
    services.add_comment(report=report, author=mentor, body="Why 2?", skill=skill, base_url=BASE)
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
    response = owner_client.post(url, data, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    followed = owner_client.post(url, data, follow=True)
    assert message in followed.content.decode()
    assert not Comment.objects.exists()


def test_authors_delete_only_their_own_comments(owner: User, mentor: User) -> None:
    report = finished(owner)
    shared(report, mentor)
    mine = services.add_comment(report=report, author=mentor, body="mine", skill="", base_url=BASE)
    theirs = services.add_comment(
        report=report, author=owner, body="theirs", skill="", base_url=BASE
    )
    client = logged_in(mentor)
    url = lambda c: reverse("reports:delete_comment", args=[report.uuid, c.pk])  # noqa: E731
    assert client.post(url(theirs)).status_code == 404
    assert client.post(url(mine), **HTMX).status_code == 200
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
    owner: User, mentor: User, django_assert_num_queries: DjangoAssertNumQueries, n_comments: int
) -> None:
    report = finished(owner, n_skills=5)
    shared(report, mentor)
    skills = [s["slug"] for s in report.document["skills"]]
    Comment.objects.bulk_create(
        Comment(report=report, author=[owner, mentor][i % 2], body=f"c{i}", skill=skills[i % 5])
        for i in range(n_comments)
    )
    client = logged_in(mentor)
    # session, user, report, read-mark upsert, comments, the mentor's second opinions,
    # reviews, path progress
    with django_assert_num_queries(8):
        response = client.get(report.get_absolute_url())
    counts = [re.match(r"\d+", t) for t in html.texts(response, "#skills summary")]
    assert sum(int(c.group()) for c in counts if c) == n_comments
    with django_assert_num_queries(7):  # its comments, loaded when a row opens: no read mark
        opened = client.get(f"{report.get_absolute_url()}?skill={skills[0]}", **HTMX)
    assert len(html.texts(opened, ".comment-body")) == len(range(0, n_comments, 5))


# --- read-only links ----------------------------------------------------------------------------


def test_a_link_shows_the_report_read_only_without_the_owners_identity(owner: User) -> None:
    report = finished(owner)
    link = services.create_link(report=report, days=30, show_name=False)
    services.add_comment(report=report, author=owner, body="private note", skill="", base_url=BASE)
    body = Client().get(reverse("reports:shared_link", args=[link.token])).content.decode()
    assert report.document["career"]["name"] in body
    assert "alice" not in body and "private note" not in body
    assert 'name="body"' not in body and "Re-assess" not in body


def test_a_link_shows_the_owners_name_when_they_chose_so(owner: User) -> None:
    owner.first_name, owner.last_name = "Alice", "Liddell"
    owner.save()
    report = finished(owner)
    link = services.create_link(report=report, days=30, show_name=True)
    body = Client().get(reverse("reports:shared_link", args=[link.token])).content.decode()
    assert "shared by Alice Liddell" in body and "alice@example.com" not in body


def test_revoked_and_expired_links_say_they_no_longer_work(owner: User) -> None:
    report = finished(owner)
    revoked = services.create_link(report=report, days=30, show_name=False)
    services.revoke(share=revoked)
    expired = services.create_link(report=report, days=1, show_name=False)
    Share.objects.filter(pk=expired.pk).update(expires=timezone.now() - timedelta(minutes=1))
    for link in (revoked, expired):
        response = Client().get(reverse("reports:shared_link", args=[link.token]))
        assert response.status_code == 410
        assert "This link no longer works" in response.content.decode()
    assert Client().get("/s/made-up-token/").status_code == 404


# --- who may do what (the full table over every URL is tests/test_access.py) --------------------


@pytest.fixture
def cast(
    owner: User, other_user: User, mentor: User, curator: User
) -> tuple[Report, dict[str, Client]]:
    report = finished(owner)
    shared(report, mentor)
    former = UserFactory(username="dave")
    services.revoke(share=shared(report, former))
    return report, {
        "anonymous": Client(),
        "owner": logged_in(owner),
        "another user": logged_in(other_user),
        "mentor": logged_in(mentor),
        "revoked mentor": logged_in(former),
        "link holder": Client(),
        "staff": logged_in(curator),
    }


# A pending invitation (an address with no account) is a credential: whoever holds the
# emailed link and is signed in may accept it; anonymous visitors log in first; the owner
# cannot accept their own. (GET status, POST status, whether the POST made them the mentor.)
INVITATION_ACCESS = {
    "anonymous": (302, 302, False),
    "owner": (404, 404, False),
    "another user": (200, 302, True),
    "mentor": (200, 302, False),  # reads it already through their own share
    "revoked mentor": (200, 302, True),
    "link holder": (302, 302, False),
    "staff": (200, 302, True),
}


@pytest.mark.parametrize("visitor", list(INVITATION_ACCESS))
def test_access_table_for_invitations(cast: tuple[Report, dict[str, Client]], visitor: str) -> None:
    report, clients = cast
    share = services.invite(report=report, email="invitee@example.org", base_url=BASE)
    url = reverse("reports:invitation", args=[share.invite_token])
    get, post, accepts = INVITATION_ACCESS[visitor]
    assert clients[visitor].get(url).status_code == get
    response = clients[visitor].post(url)
    assert response.status_code == post
    if post == 302 and get == 302:
        assert response["Location"].startswith(reverse("login"))
    share.refresh_from_db()
    assert (share.mentor is not None) == accepts
    if accepts:  # the invitation is theirs now: a 404 to everyone else
        for name, other in clients.items():
            if name not in (visitor, "anonymous", "link holder"):
                assert other.get(url).status_code == 404, name


def test_the_link_itself_works_for_its_holder(cast: tuple[Report, dict[str, Client]]) -> None:
    report, clients = cast
    link = services.create_link(report=report, days=3, show_name=False)
    assert (
        clients["link holder"].get(reverse("reports:shared_link", args=[link.token])).status_code
        == 200
    )


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
