"""A link curators supplied reaches people only if it is http(s): stored XSS stays out."""

from __future__ import annotations

import copy

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from reports import exports, services
from reports.models import Report
from tests import html
from tests.conftest import finished, logged_in, shared
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

EVIL = " JaVaScRiPt:alert(document.cookie)//"


def report_with_links(owner: User) -> Report:
    """A report saved before links were checked: one good and one script link in its path."""
    report = finished(owner, n_skills=2, score=0)
    doc = copy.deepcopy(report.document)
    step = doc["path"][0]
    good = {"title": "Good course", "url": "https://example.com/c", "kind": "course", "hours": 5}
    step["resources"] = [{**good, "is_free": True}, {**good, "title": "Evil course", "url": EVIL}]
    Report.objects.filter(pk=report.pk).update(document=doc)  # as an old row would hold it
    report.refresh_from_db()
    return report


def links(page: object) -> dict[str, str]:
    found = html.soup(page).select(".path-step a[href], .step-detail a[href]")
    return {a.get_text(strip=True): a["href"] for a in found}


def test_a_script_link_in_a_saved_report_is_never_a_link(
    owner: User, owner_client: Client, mentor: User
) -> None:
    report = report_with_links(owner)
    shared(report, mentor)
    link = services.create_link(report=report, days=3, show_name=False)
    opened = f"{report.get_absolute_url()}?open=all"  # without JavaScript: every step open
    pages = {
        "owner": owner_client.get(opened),
        "mentor": logged_in(mentor).get(opened),
        "link": Client().get(reverse("reports:shared_link", args=[link.token])),
    }
    for who, page in pages.items():
        assert links(page) == {"Good course": "https://example.com/c"}, who
        assert "Evil course" in html.text(page), who  # still named, as plain text
        assert "javascript" not in page.content.decode().lower(), who
    printed = exports.pdf_html(report)
    assert links(printed) == {"Good course": "https://example.com/c"}
    assert "javascript" not in printed.lower()


def test_the_database_refuses_a_resource_with_a_script_link() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(url="javascript:alert(1)")


def test_admin_refuses_a_resource_link_that_is_not_http(curator_client: Client) -> None:
    resource = ResourceFactory()
    url = reverse("admin:careers_resource_change", args=[resource.pk])
    form = {
        "skill": resource.skill_id, "title": "T", "url": "ftp://example.com/file", "kind": "course",
        "hours": 3, "from_score": 0, "to_score": 2, "is_free": "on",
    }  # fmt: skip
    response = curator_client.post(url, form)
    assert response.status_code == 200
    assert "Enter a valid URL." in html.text(response)
    resource.refresh_from_db()
    assert resource.url.startswith("https://")
