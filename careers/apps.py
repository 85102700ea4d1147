from __future__ import annotations

from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Skill taxonomy"

    def ready(self) -> None:
        from . import versions

        versions.connect()
