"""Work done by the workers (manage.py db_worker), never in a request."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from background.queue import retried

from . import exports, services
from .models import Report


def _pdf_failed(report_id: int, user_id: int, name: str | None) -> None:
    if name is not None:  # asked for by a reader, who is waiting for it
        exports.pdf_failed(report_id, name)


@retried(given_up=_pdf_failed)
def draw_pdf(report_id: int, user_id: int, name: str | None) -> str | None:
    """Draw the PDF `user_id` reads now (`name`: the state a reader asked for, None when the
    report was saved). A report or reader deleted meanwhile needs none."""
    report = Report.objects.filter(pk=report_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if report is None or user is None:
        return None
    return exports.draw_pdf(report, user)


@retried()
def send_reminders() -> int:
    """Scheduled (settings.TASKS_SCHEDULE): nudges each opted-in reader once a report."""
    return services.send_reminders(
        weeks=settings.SKILLGAP_REMINDER_WEEKS, base_url=settings.SKILLGAP_BASE_URL.rstrip("/")
    )
