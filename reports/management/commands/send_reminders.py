"""python manage.py send_reminders [--weeks N] [--base-url URL]: run it daily (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.services import send_reminders


class Command(BaseCommand):
    help = (
        "Email everyone who asked for reminders and whose latest report is "
        "SKILLGAP_REMINDER_WEEKS old (default 6), once a report."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--weeks", type=int, default=settings.SKILLGAP_REMINDER_WEEKS)
        parser.add_argument(
            "--base-url",
            default=settings.SKILLGAP_BASE_URL,
            help="The site's address, for the link in the email (SKILLGAP_BASE_URL).",
        )

    def handle(self, *args: Any, weeks: int, base_url: str, **options: Any) -> None:
        if weeks < 1:
            raise CommandError("--weeks must be at least 1.")
        if not base_url.startswith(("http://", "https://")):
            raise CommandError("Give the site's address: --base-url https://skillgap.example.com")
        sent = send_reminders(weeks=weeks, base_url=base_url.rstrip("/"))
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
