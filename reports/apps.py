from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete

        from . import exports
        from .models import Report

        def forget(sender: object, instance: Report, **kwargs: object) -> None:
            # After the commit: a deletion rolled back keeps its files.
            transaction.on_commit(lambda: exports.forget(instance))

        post_delete.connect(forget, sender=Report, dispatch_uid="reports-forget-drawn")
