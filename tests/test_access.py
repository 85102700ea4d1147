"""Who gets what at every URL: one row per URL pattern, one column per kind of visitor.

The test walks Django's URL resolver: a pattern added without a row here fails the
suite, so no page or action ships without saying who may use it. Someone else's
assessment or report is a 404 (never a 403), and a refused POST changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.services import confirmation_token
from assessments.models import Assessment
from postings.models import Posting, PostingSkill
from reports import services
from reports.models import Comment, Report, Share
from tests.conftest import BASE, finished, logged_in, shared
from tests.factories import UserFactory, assessment_for

pytestmark = pytest.mark.django_db

VISITORS = [
    "anonymous",
    "owner",
    "another user",
    "mentor",
    "revoked mentor",
    "link holder",
    "staff",
]


@dataclass
class World:
    """One owner's draft and finished report, shared with a mentor and by a link."""

    owner: User
    draft: Assessment
    report: Report
    earlier: Report  # a second report of the same career, for compare
    share: Share
    link: Share
    invitation: Share  # to an address with no account yet
    comment: Comment  # the mentor's
    clients: dict[str, Client]


def make_world(owner: User, other: User, mentor: User, curator: User) -> World:
    earlier = finished(owner, n_skills=2)
    draft = services.reassess(report=earlier, owner=owner)
    report = services.finish_assessment(assessment=draft)
    draft = assessment_for(owner, n_skills=2)
    share = shared(report, mentor)
    former = UserFactory(username="dave")
    services.revoke(share=shared(report, former))
    link = services.create_link(report=report, days=3, show_name=False)
    invitation = services.invite(report=report, email="new@example.org", base_url=BASE)
    comment = services.add_comment(report=report, author=mentor, body="Hm", skill="", base_url=BASE)
    holder = Client()
    holder.get(reverse("reports:shared_link", args=[link.token]))
    clients = {
        "anonymous": Client(),
        "owner": logged_in(owner),
        "another user": logged_in(other),
        "mentor": logged_in(mentor),
        "revoked mentor": logged_in(former),
        "link holder": holder,
        "staff": logged_in(curator),
    }
    return World(owner, draft, report, earlier, share, link, invitation, comment, clients)


@dataclass(frozen=True)
class Row:
    method: str
    url: Callable[[World], str]
    expect: dict[str, int]  # visitor -> status
    data: Callable[[World], dict[str, str]] = lambda w: {}


def everyone(status: int, **others: int) -> dict[str, int]:
    return {v: others.get(v.replace(" ", "_"), status) for v in VISITORS}


def signed_in(status: int, **others: int) -> dict[str, int]:
    """`status` for anyone logged in; anonymous visitors and link holders are sent to log in."""
    return everyone(status, anonymous=302, link_holder=302, **others)


OWNER_ONLY = everyone(404, owner=200)
READERS = everyone(404, owner=200, mentor=200)


def report_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"reports:{name}", args=[w.report.uuid])


def first_step(w: World) -> tuple[str, str]:
    step = w.report.document["path"][0]
    return step["stage"], step["skill"]


def draft_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.draft.uuid])


def posting_of(w: World) -> Posting:
    """The owner's posting of the draft's career, asking for its first skill."""
    posting, created = Posting.objects.get_or_create(
        owner=w.owner, title="A posting", defaults={"text": "Python", "career": w.draft.career}
    )
    if created:
        skill = w.draft.career.requirements.first().skill
        PostingSkill.objects.create(
            posting=posting, skill=skill, required=True, evidence=[[0, 6]], matched="x",
            source="name",
        )  # fmt: skip
    return posting


def posting_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[posting_of(w).uuid])


ROWS: dict[str, Row] = {
    "healthz": Row("GET", lambda w: "/healthz", everyone(200)),
    "favicon": Row("GET", lambda w: "/favicon.ico", everyone(204)),
    "careers:list": Row("GET", lambda w: "/", everyone(200)),
    "careers:detail": Row("GET", lambda w: w.draft.career.get_absolute_url(), everyone(200)),
    "careers:aliases": Row(
        "GET", lambda w: reverse("careers:aliases", args=[w.draft.career.slug]), everyone(200)
    ),
    # Accounts: public forms, and a logged-in user's own password pages.
    "signup": Row("GET", lambda w: reverse("signup"), everyone(200)),
    "login": Row("GET", lambda w: reverse("login"), everyone(200)),
    "logout": Row("POST", lambda w: reverse("logout"), everyone(302)),
    "password_change": Row("GET", lambda w: reverse("password_change"), signed_in(200)),
    "password_change_done": Row("GET", lambda w: reverse("password_change_done"), signed_in(200)),
    "password_reset": Row("GET", lambda w: reverse("password_reset"), everyone(200)),
    "password_reset_done": Row("GET", lambda w: reverse("password_reset_done"), everyone(200)),
    "password_reset_confirm": Row(
        "GET",
        lambda w: reverse("password_reset_confirm", args=["MQ", "set-password"]),
        everyone(200),
    ),
    "password_reset_complete": Row(
        "GET", lambda w: reverse("password_reset_complete"), everyone(200)
    ),
    # A person's own account pages; an email confirmation link is its account's alone.
    "account_data": Row("GET", lambda w: reverse("account_data"), signed_in(200)),
    "account_data_json": Row("GET", lambda w: reverse("account_data_json"), signed_in(200)),
    "account_delete": Row("GET", lambda w: reverse("account_delete"), signed_in(200)),
    "email_change": Row("GET", lambda w: reverse("email_change"), signed_in(200)),
    "email_confirm": Row(
        "GET",
        lambda w: reverse(
            "email_confirm", args=[confirmation_token(w.owner, "alice@work.example")]
        ),
        everyone(404, owner=200, anonymous=302, link_holder=302),
    ),
    # Assessments: everyone has a list (anonymous ones live in the session); a draft is its
    # owner's alone.
    "assessments:list": Row("GET", lambda w: reverse("assessments:list"), everyone(200)),
    "assessments:start": Row(
        "POST",
        lambda w: reverse("assessments:start", args=[w.draft.career.slug]),
        everyone(302, owner=200),  # the owner has a draft of it: offered to resume it
        lambda w: {"level": "entry"},
    ),
    "assessments:rate": Row("GET", draft_url("assessments:rate"), OWNER_ONLY),
    "assessments:rate_skill": Row(
        "POST",
        lambda w: reverse(
            "assessments:rate_skill",
            args=[w.draft.uuid, w.draft.career.requirements.first().skill.slug],
        ),
        everyone(404, owner=302),
        lambda w: {"score": "3"},
    ),
    "assessments:level": Row(
        "POST",
        draft_url("assessments:level"),
        everyone(404, owner=302),
        lambda w: {"level": "senior"},
    ),
    "assessments:delete": Row("GET", draft_url("assessments:delete"), OWNER_ONLY),
    "assessments:json": Row("GET", draft_url("assessments:json"), OWNER_ONLY),
    "assessments:estimate_category": Row(
        "POST",
        lambda w: reverse(
            "assessments:estimate_category",
            args=[w.draft.uuid, w.draft.career.requirements.first().skill.category.slug],
        ),
        everyone(404, owner=302),
        lambda w: {"score": "2"},
    ),
    # Reports: the owner, and mentors while their share is active.
    "reports:finish": Row("GET", draft_url("reports:finish"), OWNER_ONLY),
    "reports:list": Row("GET", lambda w: reverse("reports:list"), signed_in(200)),
    "reports:compare": Row(
        "GET",
        lambda w: f"{reverse('reports:compare')}?a={w.earlier.uuid}&b={w.report.uuid}",
        OWNER_ONLY,
    ),
    "reports:detail": Row("GET", report_url("detail"), READERS),
    "reports:json": Row("GET", report_url("json"), READERS),
    "reports:csv": Row("GET", report_url("csv"), READERS),
    # 202: the PDF is being drawn (a worker draws it; the page says so and refreshes).
    "reports:pdf": Row("GET", report_url("pdf"), everyone(404, owner=202, mentor=202)),
    "reports:reassess": Row("POST", report_url("reassess"), everyone(404, owner=302)),
    "reports:share": Row("GET", report_url("share"), OWNER_ONLY),
    "reports:revoke": Row(
        "POST",
        lambda w: reverse("reports:revoke", args=[w.report.uuid, w.share.pk]),
        everyone(404, owner=302),
    ),
    "reports:comments": Row(
        "POST",
        report_url("comments"),
        everyone(404, owner=302, mentor=302),
        lambda w: {"body": "A thought"},
    ),
    "reports:delete_comment": Row(
        "POST",
        lambda w: reverse("reports:delete_comment", args=[w.report.uuid, w.comment.pk]),
        everyone(404, mentor=302),  # its author only: not even the report's owner
    ),
    "reports:review": Row(
        "POST", report_url("review"), everyone(404, mentor=302), lambda w: {"summary": "Good"}
    ),
    "reports:path_step": Row(
        "POST",
        lambda w: reverse("reports:path_step", args=[w.report.uuid, *first_step(w)]),
        everyone(404, owner=302),  # the owner's own progress
        lambda w: {"status": "done"},
    ),
    "reports:progress": Row("GET", report_url("progress"), OWNER_ONLY),
    "reports:opinion": Row(
        "POST",
        lambda w: reverse(
            "reports:opinion", args=[w.report.uuid, w.report.document["skills"][0]["slug"]]
        ),
        everyone(404, mentor=302),  # a mentor with an active share; never the owner
        lambda w: {"score": "2"},
    ),
    "reports:opinions": Row("GET", report_url("opinions"), READERS),
    "reports:reminders": Row(
        "POST", lambda w: reverse("reports:reminders"), everyone(302), lambda w: {"remind": "on"}
    ),
    "reports:mentor": Row("GET", lambda w: reverse("reports:mentor"), signed_in(200)),
    # Each signed-in person's own cohort (mentees with an active share to them).
    "reports:cohort": Row("GET", lambda w: reverse("reports:cohort"), signed_in(200)),
    "reports:cohort_csv": Row("GET", lambda w: reverse("reports:cohort_csv"), signed_in(200)),
    # A pending invitation is a credential: anyone signed in who holds the emailed link may
    # open (and accept) it, never its report's owner (tests/reports/test_sharing.py).
    "reports:invitation": Row(
        "GET",
        lambda w: reverse("reports:invitation", args=[w.invitation.invite_token]),
        signed_in(200, owner=404),
    ),
    "reports:shared_link": Row(
        "GET", lambda w: reverse("reports:shared_link", args=[w.link.token]), everyone(200)
    ),
    # Postings: everyone may paste one (anonymous ones live in the session); a posting is
    # its owner's alone. The extractor answers anyone and writes nothing.
    "postings:list": Row("GET", lambda w: reverse("postings:list"), everyone(200)),
    "postings:new": Row("GET", lambda w: reverse("postings:new"), everyone(200)),
    "postings:extract": Row(
        "POST", lambda w: reverse("postings:extract"), everyone(200), lambda w: {"text": "SQL"}
    ),
    "postings:detail": Row("GET", posting_url("postings:detail"), OWNER_ONLY),
    "postings:delete": Row("GET", posting_url("postings:delete"), OWNER_ONLY),
    "postings:compare": Row(
        "GET",
        lambda w: f"{reverse('postings:compare')}?a={posting_of(w).uuid}&b={posting_of(w).uuid}",
        OWNER_ONLY,
    ),
    "postings:rate": Row(
        "POST",
        lambda w: reverse(
            "postings:rate",
            args=[posting_of(w).uuid, w.draft.career.requirements.first().skill.slug],
        ),
        everyone(404, owner=302),
        lambda w: {"score": "3"},
    ),
}

# Django's own admin patterns (and ours inside it): staff only, everyone else to its login.
ADMIN = everyone(302, staff=200)
ADMIN_SAMPLE: dict[str, Callable[[World], str]] = {
    "admin:index": lambda w: reverse("admin:index"),
    "admin:careers_career_changelist": lambda w: reverse("admin:careers_career_changelist"),
    "admin:careers_career_change": lambda w: reverse(
        "admin:careers_career_change", args=[w.draft.career.pk]
    ),
    "admin:careers_career_matrix": lambda w: reverse(
        "admin:careers_career_matrix", args=[w.draft.career.pk]
    ),
    "admin:careers_career_import": lambda w: reverse("admin:careers_career_import"),
    "admin:careers_skill_add": lambda w: reverse("admin:careers_skill_add"),
    "admin:auth_user_changelist": lambda w: reverse("admin:auth_user_changelist"),
    "admin:postings_unmatchedphrase_changelist": lambda w: reverse(
        "admin:postings_unmatchedphrase_changelist"
    ),
}


def pattern_names(patterns: list, namespace: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from pattern_names(p.url_patterns, inner)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}"


def test_every_url_pattern_has_a_row() -> None:
    missing = [
        name
        for name in pattern_names(get_resolver().url_patterns)
        if name not in ROWS and not name.startswith("admin:")
    ]
    assert missing == []


@pytest.fixture
def world(owner: User, other_user: User, mentor: User, curator: User) -> World:
    return make_world(owner, other_user, mentor, curator)


@pytest.mark.parametrize("name", list(ROWS))
def test_access_table(
    name: str, owner: User, other_user: User, mentor: User, curator: User
) -> None:
    row = ROWS[name]
    w = make_world(owner, other_user, mentor, curator)
    for visitor in VISITORS:
        client = w.clients[visitor]
        if row.method == "GET":
            response = client.get(row.url(w))
        else:
            response = client.post(row.url(w), row.data(w))
        assert response.status_code == row.expect[visitor], (name, visitor)
        if row.method == "POST" and response.status_code < 400:
            # An allowed POST changed things (a share revoked, a comment gone): start afresh.
            User.objects.exclude(pk__in=[owner.pk, other_user.pk, mentor.pk, curator.pk]).delete()
            Assessment.objects.all().delete()
            w = make_world(owner, other_user, mentor, curator)


def refused_changes_nothing(w: World) -> tuple:
    w.report.refresh_from_db()
    return (
        Comment.objects.count(),
        Share.objects.active().count(),
        Assessment.objects.count(),
        w.report.reviews.count(),
    )


@pytest.mark.parametrize("visitor", ["another user", "revoked mentor", "link holder", "staff"])
def test_refused_posts_change_nothing(world: World, visitor: str) -> None:
    before = refused_changes_nothing(world)
    client = world.clients[visitor]
    for name, row in ROWS.items():
        if row.method == "POST" and row.expect[visitor] == 404:
            client.post(row.url(world), row.data(world))
            assert refused_changes_nothing(world) == before, name


@pytest.mark.parametrize("name", list(ADMIN_SAMPLE))
def test_admin_is_for_staff_only(world: World, name: str) -> None:
    for visitor in VISITORS:
        status = world.clients[visitor].get(ADMIN_SAMPLE[name](world)).status_code
        assert status == ADMIN[visitor], (name, visitor)
