"""The user's data is the user's: they download all of it, and they can delete all of it."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.db.models import CASCADE, SET_NULL
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from assessments.models import Assessment, Rating
from postings.models import Posting, PostingSkill
from reports import services
from reports.models import Comment, ReadMark, Report, Review, Share
from tests import html
from tests.conftest import BASE, finished, logged_in, shared
from tests.factories import PASSWORD, RatingFactory, SkillFactory, UserFactory, assessment_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_owner(owner: User, other_user: User, mentor: User) -> dict[str, object]:
    """Alice: a draft with evidence and an estimate, a report shared three ways, and words on
    Bob's report."""
    owner.first_name, owner.last_name = "Alice", "Liddell"
    owner.save()
    draft = assessment_for(owner, n_skills=2)
    rated, estimated = sorted({r.skill for r in draft.career.requirements.all()}, key=str)
    RatingFactory(assessment=draft, skill=rated, score=4, evidence="Ran the team's CI")
    RatingFactory(assessment=draft, skill=estimated, score=2, estimated=True)
    report = finished(owner)
    shared(report, mentor)
    link = services.create_link(report=report, days=7, show_name=False)
    invitation = services.invite(report=report, email="newcomer@example.org", base_url=BASE)
    services.add_comment(report=report, author=owner, body="On my own", skill="", base_url=BASE)
    bobs = finished(other_user)
    shared(bobs, owner)
    services.add_comment(report=bobs, author=owner, body="Try SQL next", skill="", base_url=BASE)
    services.mark_reviewed(report=bobs, mentor=owner, summary="Solid start, Bob.")
    return {"draft": draft, "report": report, "link": link, "invitation": invitation, "bobs": bobs}


def download(client: Client) -> dict[str, object]:
    response = client.get(reverse("account_data_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="skillgap-alice-')
    assert response.streaming  # written as it is read, not built whole first
    return json.loads(response.getvalue())


# --- export -------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["用户名字", "José", "Дмитрий"])
def test_the_download_is_named_for_its_owner_whatever_the_letters(username: str) -> None:
    client = logged_in(UserFactory(username=username))
    response = client.get(reverse("account_data_json"))
    header = response["Content-Disposition"]
    assert header.isascii()
    assert html.name_a_browser_keeps(header).startswith(f"skillgap-{username}-")
    assert html.FALLBACK.match(header)  # and a plain name for clients that lack filename*


def test_the_download_holds_everything_the_user_owns(
    owner_client: Client, busy_owner: dict[str, object]
) -> None:
    data = download(owner_client)
    assert data["profile"]["username"] == "alice"
    assert data["profile"]["email"] == "alice@example.com"
    assert (data["profile"]["first_name"], data["profile"]["last_name"]) == ("Alice", "Liddell")
    assert data["profile"]["date_joined"]
    drafts = [a for a in data["assessments"] if a["finished"] is None]
    ratings = {r.pop("skill"): r for r in drafts[0]["ratings"]}
    draft: Assessment = busy_owner["draft"]
    rated, estimated = (draft.ratings.get(estimated=e).skill.slug for e in (False, True))
    assert all(r.pop("updated") for r in ratings.values())
    assert ratings == {
        rated: {"score": 4, "evidence": "Ran the team's CI", "estimated": False},
        estimated: {"score": 2, "evidence": "", "estimated": True},  # a category's estimate
    }
    assert len(data["assessments"]) == 2  # the draft and the finished one
    report: Report = busy_owner["report"]
    [exported] = data["reports"]
    assert exported["uuid"] == str(report.uuid)
    assert exported["document"] == report.document
    shares = {s["with"]: s for s in exported["shares"]}
    assert set(shares) == {"charlie", "newcomer@example.org", None}
    link: Share = busy_owner["link"]
    assert shares[None]["link"] == f"http://testserver/s/{link.token}/"
    assert shares[None]["expires"] and shares["charlie"]["revoked"] is None
    assert [(c["body"], c["report"]) for c in data["comments"]] == [
        ("On my own", str(report.uuid)),
        ("Try SQL next", str(busy_owner["bobs"].uuid)),
    ]
    assert [r["summary"] for r in data["reviews"]] == ["Solid start, Bob."]
    assert [s["report"] for s in data["shared_with_me"]] == [str(busy_owner["bobs"].uuid)]


def test_the_download_holds_nobody_elses_data_nor_invitation_tokens(
    owner_client: Client, busy_owner: dict[str, object], other_user: User
) -> None:
    assessment_for(other_user)
    text = owner_client.get(reverse("account_data_json")).getvalue().decode()
    invitation: Share = busy_owner["invitation"]
    assert invitation.invite_token not in text  # the invitee's key, never seen by the owner
    assert "bob@example.com" not in text and "charlie@example.com" not in text
    assert len(json.loads(text)["assessments"]) == 2


@pytest.mark.parametrize("n", [1, 8])
def test_the_download_costs_the_same_queries_however_much_there_is(
    owner: User, mentor: User, django_assert_num_queries: DjangoAssertNumQueries, n: int
) -> None:
    for _ in range(n):
        report = finished(owner, n_skills=3)
        shared(report, mentor)
        services.add_comment(report=report, author=owner, body="hi", skill="", base_url=BASE)
        posting = Posting.objects.create(owner=owner, title="A posting", text="Python")
        PostingSkill.objects.create(
            posting=posting, skill=SkillFactory(),
            required=True, evidence=[[0, 6]], matched="Python", source="name",
        )  # fmt: skip
    client = logged_in(owner)
    # session, user; assessments, their ratings; reports, their shares, their path progress;
    # shared with me, comments, reviews, opinions given, read marks, reminders; postings,
    # their skills
    with django_assert_num_queries(15):
        client.get(reverse("account_data_json")).getvalue()  # streamed: read as it is sent


def test_the_data_page_says_what_is_kept_and_links_the_download(
    owner_client: Client, busy_owner: dict[str, object]
) -> None:
    page = owner_client.get(reverse("account_data"))
    assert page.status_code == 200
    kept = dict((row[0], row[1]) for row in html.rows(page, "#kept"))
    assert kept["Assessments"] == "2 (6 ratings)"  # 2 on the draft, 4 on the report's
    assert kept["Reports"] == "1"
    assert kept["Shares and links of your reports"] == "3"
    assert kept["Comments you wrote"] == "2"
    assert kept["Reviews you wrote"] == "1"
    links = {a.get_text(" ", strip=True): a["href"] for a in html.soup(page).select("main a")}
    assert links["Download all of it (JSON)"] == reverse("account_data_json")
    assert links["Delete my account"] == reverse("account_delete")
    # Everyone reaches it from their name in the menu.
    menu = html.soup(owner_client.get("/")).select_one("nav a[href='/accounts/data/']")
    assert menu is not None and menu.get_text(strip=True) == "alice"


@pytest.mark.parametrize("name", ["account_data", "account_data_json", "account_delete"])
def test_account_pages_ask_anonymous_visitors_to_log_in(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- deletion ----------------------------------------------------------------------------------


def test_deleting_asks_for_the_password_first(
    owner_client: Client, busy_owner: dict[str, object]
) -> None:
    page = owner_client.get(reverse("account_delete"))
    assert page.status_code == 200
    assert "Comments and reviews you wrote on other people's reports stay" in html.text(
        page, "main"
    )
    response = owner_client.post(reverse("account_delete"), {"password": "not-it"})
    assert response.status_code == 400
    assert "nothing was deleted" in html.text(response, "main")
    assert User.objects.filter(username="alice").exists()
    assert Report.objects.filter(owner__username="alice").count() == 1


def test_deleting_the_account_removes_everything_it_owned(
    owner_client: Client, owner: User, busy_owner: dict[str, object]
) -> None:
    bobs: Report = busy_owner["bobs"]
    response = owner_client.post(reverse("account_delete"), {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("careers:list")
    assert "Your account and everything in it are deleted." in html.text(response, "main")
    assert "_auth_user_id" not in owner_client.session
    assert not User.objects.filter(username="alice").exists()
    assert not Assessment.objects.filter(owner_id=owner.pk).exists()
    assert not Rating.objects.filter(assessment__owner_id=owner.pk).exists()
    assert list(Report.objects.all()) == [bobs]  # Bob's is Bob's
    assert not Share.objects.filter(report__owner_id=owner.pk).exists()
    assert not Share.objects.filter(mentor_id=owner.pk).exists()
    assert not ReadMark.objects.filter(user_id=owner.pk).exists()
    assert Assessment.objects.count() == Report.objects.count() == 1  # Bob's


def test_their_words_on_other_peoples_reports_stay_as_deleted_user(
    owner_client: Client, busy_owner: dict[str, object], other_user: User
) -> None:
    bobs: Report = busy_owner["bobs"]
    owner_client.post(reverse("account_delete"), {"password": PASSWORD})
    assert list(Comment.objects.values_list("body", "author")) == [("Try SQL next", None)]
    assert list(Review.objects.values_list("summary", "mentor")) == [("Solid start, Bob.", None)]
    page = logged_in(other_user).get(bobs.get_absolute_url())
    assert "Reviewed by deleted user" in html.text(page, "#reviews")
    assert "deleted user" in html.text(page, "#thread-report")
    assert "Try SQL next" in html.text(page, "#thread-report")
    assert "alice" not in html.text(page, "main").lower()


def test_a_failure_midway_deletes_nothing(
    owner_client: Client,
    owner: User,
    busy_owner: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("accounts.services.forget_login_failures", broken)
    with pytest.raises(RuntimeError):
        owner_client.post(reverse("account_delete"), {"password": PASSWORD})
    assert User.objects.filter(pk=owner.pk).exists()
    assert Report.objects.filter(owner=owner).count() == 1
    assert Comment.objects.filter(author=owner).count() == 2


# Every relation to a user, and what deleting the user does to it. A new model pointing at
# users fails this test until someone decides, and adds it to the download.
USER_RELATIONS = {
    "admin.LogEntry.user": CASCADE,
    "assessments.Assessment.owner": CASCADE,
    "reports.Report.owner": CASCADE,
    "reports.Share.mentor": CASCADE,
    "reports.Comment.author": SET_NULL,
    "reports.Review.mentor": SET_NULL,
    "reports.ReadMark.user": CASCADE,
    # A mentor's scores are their view, kept only while they are: they go with them.
    "reports.Opinion.mentor": CASCADE,
    "reports.ReminderOptIn.user": CASCADE,
    # Postings they pasted are theirs alone: in the download, gone with them.
    "postings.Posting.owner": CASCADE,
}


def test_every_relation_to_a_user_is_decided() -> None:
    found = {}
    for relation in User._meta.related_objects:
        if relation.many_to_many or relation.one_to_one and relation.parent_link:
            continue
        label = f"{relation.related_model._meta.label}.{relation.field.name}"
        found[label] = relation.on_delete
    assert found == USER_RELATIONS
