"""The report speaks to its reader: "you" to its owner, the owner's name to a mentor or a
link holder (issue 20). One row per reader kind; pages, the PDF and the CSV alike."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from reports import services
from reports.models import Report
from tests import html
from tests.conftest import BASE, finished, logged_in, shared
from tests.factories import UserFactory
from tests.tasks import pdf_response

pytestmark = pytest.mark.django_db

# What the report says about its owner, in the second person: none may reach anyone else.
ABOUT_THE_OWNER = [
    r"\bYou (place|do not reach|already place)\b", r"\byou are at\b", r"level you aim at",
    r"between you and", r"Where you stand", r"\bYour (next|gaps)\b", r"\byou \d · target",
    r"\(yours \d", r"\byour score →", r"\bYou against the target", r"\byour mean score",
]  # fmt: skip


def said_to_owner(text: str) -> list[str]:
    return [p for p in ABOUT_THE_OWNER if re.search(p, text)]


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.text(response)


def pdf_text(client: Client, report: Report) -> str:
    pdf = pdf_response(client, report).content
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


Reader = Callable[[Report, User], tuple[str, str]]  # -> (what they read, the owner's name there)


def owner_page(report: Report, mentor: User) -> tuple[str, str]:
    return page_text(logged_in(report.owner), report.get_absolute_url()), "you"


def mentor_page(report: Report, mentor: User) -> tuple[str, str]:
    return page_text(logged_in(mentor), report.get_absolute_url()), "Jordan Lee"


def mentor_pdf(report: Report, mentor: User) -> tuple[str, str]:
    return pdf_text(logged_in(mentor), report), "Jordan Lee"


def named_link(report: Report, mentor: User) -> tuple[str, str]:
    link = services.create_link(report=report, days=3, show_name=True)
    return page_text(Client(), reverse("reports:shared_link", args=[link.token])), "Jordan Lee"


def unnamed_link(report: Report, mentor: User) -> tuple[str, str]:
    link = services.create_link(report=report, days=3, show_name=False)
    url = reverse("reports:shared_link", args=[link.token])
    return page_text(Client(), url), "This person"


READERS = {
    "owner": owner_page,
    "mentor": mentor_page,
    "mentor's PDF": mentor_pdf,
    "link with the name": named_link,
    "link without it": unnamed_link,
}


@pytest.fixture
def report(mentor: User) -> Report:
    jordan = UserFactory(username="jordan", first_name="Jordan", last_name="Lee")
    report = finished(jordan, n_skills=3, score=1)
    shared(report, mentor)
    skill = report.document["skills"][0]["slug"]
    services.give_opinion(report=report, mentor=mentor, skill=skill, score=3, note="",
                          base_url=BASE)  # fmt: skip
    return report


@pytest.mark.parametrize("kind", READERS)
def test_only_the_owner_is_called_you(report: Report, mentor: User, kind: str) -> None:
    text, name = READERS[kind](report, mentor)
    if kind == "owner":
        assert len(said_to_owner(text)) >= 6  # the list above is what the owner reads
        assert "You do not reach Entry yet." in text or "You place at" in text
        return
    assert said_to_owner(text) == [], kind
    placed = "places at" if report.document["placement"]["slug"] else "does not reach"
    assert f"{name} {placed}" in text, kind
    if kind != "link without it":
        assert f"{name} 1 · target" in text, kind  # a gap row
    else:
        assert "Jordan" not in text and "jordan" not in text
