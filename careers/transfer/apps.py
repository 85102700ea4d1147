from __future__ import annotations

from django.apps import AppConfig


class TransferConfig(AppConfig):
    """Import and export of the taxonomy; an app of its own so its commands are found."""

    name = "careers.transfer"
    label = "transfer"
    verbose_name = "Taxonomy import and export"
