"""A person's own account in Chromium: an invitation accepted, the data page, leaving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reports.models import Comment, Share
from tests.conftest import finished
from tests.e2e.axe import assert_accessible, assert_fits
from tests.e2e.conftest import log_in, nav
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def test_an_invited_newcomer_accepts_then_downloads_their_data_and_leaves(
    live_server: LiveServer, page: Page
) -> None:
    base = live_server.url
    owner = UserFactory(username="ada", first_name="Ada", last_name="Owner")
    report = finished(owner)

    # The owner shares with an address that has no account yet.
    log_in(page, base, "ada")
    page.goto(f"{base}/reports/{report.uuid}/share/")
    page.get_by_label("Mentor's username or email").fill("newcomer@example.org")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Shared with newcomer@example.org.")
    token = Share.objects.get(report=report).invite_token

    # The newcomer opens the emailed link signed in, and accepts.
    UserFactory(username="newcomer", email="")
    log_in(page, base, "newcomer")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/mentor/invitations/{token}/")
    expect(page.get_by_text("Ada Owner would like you to review")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Invitation accepted")).to_be_visible()
    thread = page.locator("#thread-report")
    thread.get_by_placeholder("Write a comment…").fill("Nice work.")
    thread.get_by_role("button", name="Comment").click()
    expect(page.locator("#thread-report .comment-body")).to_have_text("Nice work.")

    # Their name in the menu leads to what is kept; the download holds it.
    nav(page, "newcomer")
    expect(page.locator("#kept")).to_contain_text("Comments you wrote")
    assert_accessible(page)
    assert_fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download all of it (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [c["body"] for c in data["comments"]] == ["Nice work."]

    # They leave; their comment stays on Ada's report as "deleted user".
    page.get_by_role("link", name="Delete my account").click()
    assert_accessible(page)
    assert_fits(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and everything in it are deleted.")).to_be_visible()
    assert not User.objects.filter(username="newcomer").exists()
    assert Comment.objects.get().author is None
    log_in(page, base, "ada")
    page.goto(f"{base}{report.get_absolute_url()}")
    expect(page.locator("#thread-report")).to_contain_text("deleted user")
