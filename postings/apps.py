from __future__ import annotations

from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = "Job postings"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the claim at log-in)
