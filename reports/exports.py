"""A saved report as a file: CSV and PDF, drawn from its document alone.

A PDF takes a second or more to draw (several at 300 skills), so no request draws one: a
worker does (reports.tasks), when the report is saved and when a reader asks for a state
not drawn yet, and keeps it in the database (DrawnPdf), which every server reads.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.template.loader import render_to_string

from lib import spreadsheet
from lib.fragments import digest

from . import display
from .document import plan_of
from .models import DrawnPdf, Report

CSV_COLUMNS = [
    "row", "skill", "name", "category", "score", "target", "weight", "must_have", "gap",
    "weighted_gap", "stage", "from", "to", "hours", "resources", "evidence", "estimated",
]  # fmt: skip


def csv_rows(doc: dict[str, Any]) -> list[list[object]]:
    """A row per skill, a row per step of the plan to the target, then a row per
    learning-path step."""
    rows: list[list[object]] = []
    names = doc["inputs"]["skills"]
    for s in doc["skills"]:
        rows.append(
            ["skill", s["slug"], s["name"], s["category_name"], s["score"], s["target"],
             s["weight"], "yes" if s["must_have"] else "no", s["gap"], s["weighted_gap"],
             "", "", "", "", "", s.get("evidence", ""), "yes" if s.get("estimated") else "no"]
        )  # fmt: skip
    for step in plan_of(doc)["steps"]:
        rows.append(
            ["plan", step["skill"], names[step["skill"]]["name"], "", "", "", "",
             "yes" if step["must_have"] else "no", "", "", "plan", step["from"], step["to"],
             step["hours"], "", "", ""]
        )  # fmt: skip
    for step in doc["path"]:
        resources = " | ".join(f"{r['title']} <{r['url']}>" for r in step["resources"])
        rows.append(
            ["step", step["skill"], step["name"], "", "", "", "", "", "", "",
             step["stage_name"], step["from"], step["to"], step["hours"], resources, "", ""]
        )  # fmt: skip
    return rows


def csv_text(doc: dict[str, Any]) -> str:
    return spreadsheet.text([CSV_COLUMNS, *csv_rows(doc)])


def pdf_html(report: Report, context: dict[str, Any] | None = None) -> str:
    """The page WeasyPrint prints: the report as its reader's page shows it, no forms."""
    return render_to_string("reports/pdf.html", context or display.printable(report, None))


# The bar widths, shared with the page, then the paper's own styles.
PDF_STYLESHEETS = ("widths", "report-print")


def pdf_bytes(report: Report, context: dict[str, Any] | None = None) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which only PDFs need

    # The stylesheet is read from disk: WeasyPrint fetches nothing over the network. PDF/UA
    # tags the document's structure (headings, lists, tables) so screen readers can read it.
    stylesheets = [CSS(filename=finders.find(f"css/{css}.css")) for css in PDF_STYLESHEETS]
    html = HTML(string=pdf_html(report, context))
    return html.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1")


# Bump when the PDF's templates or stylesheet change what a PDF shows: PDFs of the old
# version are then drawn again when next asked for.
PDF_VERSION = 3  # 2: the new headline and gap list, tagged as PDF/UA; 3: the plan, progress,
# reviews and opinions, bars to scale, the reader's own words
ASKED_SECONDS = 5 * 60  # a PDF asked for is not asked for again meanwhile, by any server


JSON_SECONDS = 60 * 60 * 24  # kept a day after the first download; removed with the report
JSON_VERSION = 2  # raise when the download's shape changes: old entries are then unread
# (2: the plan; keys sorted)


def json_key(report: Report) -> str:
    return f"report-json:{JSON_VERSION}:{report.uuid}"


def json_export(report: Report) -> tuple[str, bytes]:
    """The JSON download and its career's slug (for the file's name), encoded once:
    indented JSON is encoded in pure Python, which at 300 skills took most of the request,
    and a report never changes once saved."""

    def encode() -> tuple[str, bytes]:
        created = report.created.isoformat()
        # A report saved before plans existed shows one computed from its inputs.
        document = {"report": str(report.uuid), "created": created, **report.document}
        document["plan"] = plan_of(report.document)
        # Keys sorted: PostgreSQL's jsonb keeps no key order, and the same report must read
        # byte for byte the same from every database (lists keep the curators' order).
        body = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True).encode()
        return report.document["career"]["slug"], body

    return cast(tuple[str, bytes], cache.get_or_set(json_key(report), encode, JSON_SECONDS))


def forget(report: Report) -> None:
    """The cached JSON of a deleted report goes with it (its PDFs are its rows: cascade)."""
    cache.delete(json_key(report))


def forget_deleted(sender: object, instance: Report, **kwargs: object) -> None:
    # After the commit: a deletion rolled back keeps its files.
    transaction.on_commit(lambda: forget(instance))


def connect() -> None:
    post_delete.connect(forget_deleted, sender=Report, dispatch_uid="reports-forget-drawn")


def pdf_name(report: Report, context: dict[str, Any]) -> str:
    """Where the PDF of this state is kept: the report, the reader's words, the marks,
    reviews and opinions it shows (display.printed_state)."""
    state = digest(display.printed_state(context))[:20]
    version = f"{report.document['format_version']}.{PDF_VERSION}"
    return f"reports/{report.uuid}/report-v{version}-{state}.pdf"


def pdf_of(report: Report, user: Any) -> tuple[str, DrawnPdf | None]:
    """The name of the PDF `user` would read now, and the row drawn for it, if any."""
    name = pdf_name(report, display.printed_context(report, user))
    return name, DrawnPdf.objects.filter(report=report, name=name).first()


def ask_for_pdf(report: Report, user: Any, name: str) -> None:
    """Have a worker draw it, once, whichever server and however many readers ask. Asked
    from a GET, outside any transaction: enqueued at once."""
    from .tasks import draw_pdf  # tasks import this module

    if cache.add(f"pdf-asked:{report.pk}:{name}", 1, timeout=ASKED_SECONDS):
        draw_pdf.enqueue(report.pk, user.pk, name)


def draw_pdf(report: Report, user: Any) -> str:
    """Draw and keep the PDF `user` reads now, unless it is there already; its name.

    Drawn outside any transaction (seconds of work), kept in one INSERT: a worker killed
    meanwhile leaves no row, and a second worker drawing the same state keeps the first's.
    """
    name = pdf_name(report, display.printed_context(report, user))
    if not DrawnPdf.objects.filter(report=report, name=name, content__isnull=False).exists():
        content = pdf_bytes(report, display.printable(report, user))
        DrawnPdf.objects.filter(report=report, name=name, content__isnull=True).delete()
        DrawnPdf.objects.bulk_create(
            [DrawnPdf(report=report, name=name, content=content)], ignore_conflicts=True
        )
    return name


def pdf_failed(report_id: int, name: str) -> None:
    """Every try failed: readers are told so rather than left waiting."""
    DrawnPdf.objects.get_or_create(report_id=report_id, name=name, defaults={"content": None})
