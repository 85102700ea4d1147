"""Emails about shares and comments. They carry a link, never the report's contents.

Each is sent with lib.mail.send_later: once the transaction commits, within each address's
hourly limit of its kind, and never for the demo's made-up people.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from lib.mail import send_later
from lib.people import display_name


def _one_line(name: str) -> str:
    """A name fit for a subject line: a full name is free text, and a header is one line."""
    return " ".join(name.split())[:80]


def _later(subject: str, body: str, users: Iterable[Any], *, kind: str) -> None:
    send_later(subject, body, [u.email for u in users], kind=kind)


def report_shared(*, report: Any, mentor: Any, base_url: str) -> None:
    owner = display_name(report.owner)
    body = (
        f"{owner} shared a Skillgap report with you for review.\n\n"
        f"Open it here: {base_url}{reverse('reports:detail', args=[report.uuid])}\n"
        f"All reports shared with you: {base_url}{reverse('reports:mentor')}\n"
    )
    _later(f"{_one_line(owner)} shared a Skillgap report with you", body, [mentor], kind="shared")


def invited(*, share: Any, base_url: str) -> None:
    owner = display_name(share.report.owner)
    url = f"{base_url}{reverse('reports:invitation', args=[share.invite_token])}"
    body = (
        f"{owner} would like you to review their Skillgap report.\n\n"
        f"Sign up or log in to Skillgap, then open this link to accept:\n{url}\n\n"
        "If you don't know them, ignore this message: nothing happens.\n"
    )
    subject = f"{_one_line(owner)} invites you to review their Skillgap report"
    send_later(subject, body, [share.recipient], kind="invited")


def opinion_given(*, report: Any, mentor: Any, base_url: str) -> None:
    url = f"{base_url}{reverse('reports:detail', args=[report.uuid])}"
    body = (
        f"{display_name(mentor)} gave a second opinion on a skill of your Skillgap report.\n\n"
        f"See it beside your own rating: {url}\n"
    )
    _later(
        "A mentor's second opinion on your Skillgap report", body, [report.owner], kind="opinion"
    )


def reassess_reminder(*, report: Any, base_url: str) -> None:
    url = f"{base_url}{reverse('reports:reassess', args=[report.uuid])}"
    body = (
        f"It has been a while since your last Skillgap report.\n"
        f"Re-assess to see how far you have come: {url}\n\n"
        f"You asked for these reminders; turn them off on any of your reports.\n"
    )
    _later("Time to re-assess your skills?", body, [report.owner], kind="reminder")


def comment_added(*, comment: Any, readers: Iterable[Any], base_url: str) -> None:
    """One email per reader: each names the report as that reader knows it ("your report"
    to its owner, "Jordan's report" to a mentor), and no reader sees another's address."""
    author, owner = display_name(comment.author), comment.report.owner
    url = f"{base_url}{reverse('reports:detail', args=[comment.report.uuid])}"
    for reader in readers:
        if reader == comment.author:
            continue
        whose = "your" if reader == owner else f"{display_name(owner)}'s"
        body = f"{author} commented on {whose} Skillgap report.\n\nRead it here: {url}\n"
        _later("New comment on a Skillgap report", body, [reader], kind="comment")
