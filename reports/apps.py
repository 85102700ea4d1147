from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import exports, previews

        exports.connect()
        user_logged_in.connect(previews.keep_previewed, dispatch_uid="reports-keep-previewed")
