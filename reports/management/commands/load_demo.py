"""Build the demo people and their work from fixtures/demo.json (development only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments import services as assessments
from assessments.models import Assessment
from careers.models import Career, Level, Skill
from lib.mail import held_back
from reports import services as reports

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


class Command(BaseCommand):
    help = "Create demo users, assessments, a shared report and comments (once; idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (demo passwords are public).",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo accounts have public passwords: load them with DEBUG on, or --force."
            )
        spec = json.loads(DEMO.read_text(encoding="utf-8"))
        User = get_user_model()
        if User.objects.filter(username=spec["users"][0]["username"]).exists():
            self.stdout.write("Demo data present; nothing loaded.")
            return
        if not Career.objects.exists():
            raise CommandError("Load the taxonomy first: python manage.py load_seed")
        with held_back(), transaction.atomic():  # its people are made up: no emails
            users = {u["username"]: self.make_user(u, spec["password"]) for u in spec["users"]}
            for item in spec["assessments"]:
                self.make_assessment(item, users)
        names = ", ".join(users)
        self.stdout.write(f"Demo users {names}; password {spec['password']}")

    def make_user(self, fields: dict[str, str], password: str) -> Any:
        user = get_user_model().objects.create_user(**fields)
        user.set_password(password)
        user.save(update_fields=["password"])
        return user

    def make_assessment(self, item: dict[str, Any], users: dict[str, Any]) -> Assessment:
        owner = users[item["owner"]]
        assessment = assessments.start_assessment(
            career=Career.objects.get(slug=item["career"]),
            level=Level.objects.get(slug=item["level"]),
            owner=owner,
        )
        skills = Skill.objects.in_bulk(list(item["ratings"]), field_name="slug")
        assessments.save_ratings(
            assessment=assessment,
            ratings=[
                assessments.RatingInput(skills[slug], score, item.get("evidence", {}).get(slug, ""))
                for slug, score in item["ratings"].items()
            ],
        )
        if item.get("finish"):
            report = reports.finish_assessment(assessment=assessment)
            for mentor in item.get("share_with", []):
                reports.share_with_mentor(report=report, mentor=users[mentor], base_url="")
            for c in item.get("comments", []):
                reports.add_comment(
                    report=report,
                    author=users[c["author"]],
                    body=c["body"],
                    skill=c["skill"],
                    base_url="",
                )
        return assessment
