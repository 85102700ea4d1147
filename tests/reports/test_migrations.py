"""Moving reports out of assessments keeps every row: reports, shares, comments, reviews."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from reports.models import Comment, ReadMark, Report, Review, Share
from tests.conftest import latest, migrate

# The last migrations before the move, where these models were assessments'.
BEFORE = [("assessments", "0003_sharing")]


def old_report(model: type, **fields: object) -> object:
    """A report as a historical model makes one: the headline fields filled in."""
    headline = {"career_name": "C", "level_name": "Mid", "readiness": 0.5, "placement": "Entry"}
    return model.objects.create(**headline, scoring_version=1, **fields)


@pytest.mark.django_db(transaction=True)
def test_moving_the_models_to_the_reports_app_keeps_every_row() -> None:
    executor = migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        User = old.get_model("auth", "User")
        owner = User.objects.create(username="ada")
        mentor = User.objects.create(username="grace")
        career = old.get_model("careers", "Career").objects.create(name="C", slug="c")
        level = old.get_model("careers", "Level").objects.create(name="Mid", slug="mid", rank=2)
        assessment = old.get_model("assessments", "Assessment").objects.create(
            owner=owner, career=career, level=level, finished=timezone.now()
        )
        report = old_report(
            old.get_model("assessments", "Report"),
            owner=owner,
            assessment=assessment,
            career=career,
            document={"career": {"slug": "c"}},
        )
        OldShare = old.get_model("assessments", "Share")
        OldShare.objects.create(report=report, mentor=mentor)
        OldShare.objects.create(
            report=report, token="t" * 32, expires=timezone.now() + timedelta(days=3)
        )
        old.get_model("assessments", "Comment").objects.create(
            report=report, author=mentor, skill="python", body="Why a 2?"
        )
        old.get_model("assessments", "Review").objects.create(
            report=report, mentor=mentor, summary="Solid."
        )
        old.get_model("assessments", "ReadMark").objects.create(
            report=report, user=mentor, read_at=timezone.now()
        )
    finally:
        migrate(latest())

    moved = Report.objects.get(pk=report.pk)
    assert (moved.uuid, moved.owner_id, moved.assessment_id, moved.document) == (
        report.uuid,
        owner.pk,
        assessment.pk,
        {"career": {"slug": "c"}},
    )
    assert Share.objects.filter(report=moved, mentor_id=mentor.pk).exists()
    assert Share.objects.get(token="t" * 32).report == moved
    assert Comment.objects.get(report=moved).body == "Why a 2?"
    assert Review.objects.get(report=moved).summary == "Solid."
    assert ReadMark.objects.filter(report=moved, user_id=mentor.pk).exists()
    # New rows keep numbering after the old ones (the sequences moved with the tables).
    later = Report.objects.create(
        owner_id=owner.pk,
        career_name="C",
        level_name="Mid",
        readiness=0.6,
        placement="Entry",
        scoring_version=1,
        document={},
    )
    assert later.pk > moved.pk
    # Permissions hang off content types: theirs moved with the models, none left behind.
    assert ContentType.objects.get_for_model(Report).app_label == "reports"
    assert not ContentType.objects.filter(app_label="assessments", model="report").exists()


@pytest.mark.django_db(transaction=True)
def test_existing_shares_get_their_mentors_username_as_recipient() -> None:
    before = [("reports", "0001_initial")]
    executor = migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        User = old.get_model("auth", "User")
        owner = User.objects.create(username="ada")
        mentor = User.objects.create(username="Grace")
        report = old_report(old.get_model("reports", "Report"), owner=owner, document={})
        OldShare = old.get_model("reports", "Share")
        OldShare.objects.create(report=report, mentor=mentor, revoked=timezone.now())
        OldShare.objects.create(report=report, mentor=mentor)
        OldShare.objects.create(
            report=report, token="t" * 32, expires=timezone.now() + timedelta(days=3)
        )
    finally:
        migrate(latest())

    rows = Share.objects.filter(report_id=report.pk).order_by("pk")
    assert [(s.recipient, s.mentor_id, s.invite_token) for s in rows] == [
        ("Grace", mentor.pk, None),
        ("Grace", mentor.pk, None),
        ("", None, None),
    ]
