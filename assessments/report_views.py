"""Saved reports: the page, hours-per-week, exports, comparison and re-assessment.

Everything here reads the report's saved document, never the live taxonomy.
"""

from __future__ import annotations

import csv
import math
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from . import access, charts, services, sharing
from .forms import HoursForm
from .models import Comment, Report

TEMPLATE = "reports/detail.html"
BODY = "reports/_body.html"  # the page's content, shared with the PDF; holds the partials
DEFAULT_HOURS = 10


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    reports = Report.objects.owned_by(request.user).listing()
    return render(request, "reports/list.html", {"reports": reports})


def weeks_context(report: Report, data: Any) -> tuple[dict[str, Any], bool]:
    form = HoursForm(data if data and "hours" in data else None)
    hours = form.cleaned_data["hours"] if form.is_bound and form.is_valid() else DEFAULT_HOURS
    total = report.document["total_hours"]
    valid = not form.is_bound or form.is_valid()
    return {"hours_form": form, "hours": hours, "weeks": math.ceil(total / hours)}, valid


def report_context(report: Report) -> dict[str, Any]:
    doc = report.document
    categories = doc["categories"]
    radar = charts.radar(
        [c["name"] for c in categories],
        [c["you"] for c in categories],
        [c["target"] for c in categories],
    )
    return {"report": report, "doc": doc, "radar": radar, "skills": doc["skills"]}


def discussion_context(report: Report, user: Any) -> dict[str, Any]:
    """Comments threaded under their skills, reviews, and what this reader may do."""
    threads: dict[str, list[Comment]] = {}
    for c in report.comments.select_related("author").order_by("created"):
        threads.setdefault(c.skill, []).append(c)
    reviews = list(report.reviews.select_related("mentor").order_by("-created"))
    is_owner = report.owner_id == user.pk
    return {
        "discuss": True,
        "is_owner": is_owner,
        "skills": [
            {**s, "comments": threads.get(s["slug"], [])} for s in report.document["skills"]
        ],
        "general_comments": threads.get("", []),
        "reviews": reviews,
        "my_review": next((r for r in reviews if r.mentor_id == user.pk), None),
    }


@vary_on_headers("HX-Request")
@require_GET
def report_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid)
    weeks, valid = weeks_context(report, request.GET)
    status = 200 if valid else 400
    if request.htmx and "hours" in request.GET:
        return render(request, f"{BODY}#weeks", {"report": report, **weeks}, status=status)
    context = {**report_context(report), **weeks, **discussion_context(report, request.user)}
    sharing.mark_read(report=report, user=request.user)
    return render(request, TEMPLATE, context, status=status)


def download_name(report: Report, extension: str) -> str:
    slug = report.document["career"]["slug"]
    return f"skillgap-{slug}-{report.created:%Y-%m-%d}.{extension}"


def attachment(response: HttpResponse, report: Report, extension: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{download_name(report, extension)}"'
    return response


@require_GET
def report_json(request: HttpRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid)
    document = {
        "report": str(report.uuid),
        "created": report.created.isoformat(),
        **report.document,
    }
    response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    return attachment(response, report, "json")


def spreadsheet_safe(value: object) -> object:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@require_GET
def report_csv(request: HttpRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid)
    doc = report.document
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["row", "skill", "name", "category", "score", "target", "weight", "must_have", "gap",
         "weighted_gap", "stage", "from", "to", "hours", "resources"]
    )  # fmt: skip
    for s in doc["skills"]:
        writer.writerow(
            [spreadsheet_safe(v) for v in (
                "skill", s["slug"], s["name"], s["category_name"], s["score"], s["target"],
                s["weight"], "yes" if s["must_have"] else "no", s["gap"], s["weighted_gap"],
                "", "", "", "", "",
            )]
        )  # fmt: skip
    for step in doc["path"]:
        resources = " | ".join(f"{r['title']} <{r['url']}>" for r in step["resources"])
        writer.writerow(
            [spreadsheet_safe(v) for v in (
                "step", step["skill"], step["name"], "", "", "", "", "", "", "",
                step["stage_name"], step["from"], step["to"], step["hours"], resources,
            )]
        )  # fmt: skip
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    return attachment(response, report, "csv")


@require_GET
def report_pdf(request: HttpRequest, uuid: str) -> HttpResponse:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    report = access.get_report(request, uuid)
    weeks, _ = weeks_context(report, None)
    context = {**report_context(report), **weeks, "print_css": print_css()}
    html = render_to_string("reports/pdf.html", context, request)
    pdf = HTML(string=html).write_pdf()
    return attachment(HttpResponse(pdf, content_type="application/pdf"), report, "pdf")


@cache
def print_css() -> str:
    """The print stylesheet, inlined so WeasyPrint fetches nothing over the network."""
    path = finders.find("css/report-print.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    picked = request.GET.getlist("pick")  # the list page's checkboxes
    a_id, b_id = picked if len(picked) == 2 else (request.GET.get("a"), request.GET.get("b"))
    if not (a_id and b_id):
        message = "Choose two reports to compare: tick two on My reports."
        return render(request, "reports/compare.html", {"error": message}, status=400)
    first = access.get_report(request, a_id)
    second = access.get_report(request, b_id)
    a, b = first.document, second.document
    if a["career"]["slug"] != b["career"]["slug"]:
        message = (
            f"These reports are for different careers ({a['career']['name']} and "
            f"{b['career']['name']}); compare two reports of the same career."
        )
        return render(request, "reports/compare.html", {"error": message}, status=400)
    if first.created > second.created:  # earlier on the left, so deltas read as progress
        first, second, a, b = second, first, b, a
    return render(
        request,
        "reports/compare.html",
        {"first": first, "second": second, "rows": compare_rows(a, b), "levels": level_rows(a, b)},
    )


def compare_rows(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    names = {**a["inputs"]["skills"], **b["inputs"]["skills"]}
    slugs = sorted(names, key=lambda slug: names[slug]["name"].lower())
    rows = []
    for slug in slugs:
        before = a["inputs"]["ratings"].get(slug, 0)
        after = b["inputs"]["ratings"].get(slug, 0)
        rows.append(
            {"name": names[slug]["name"], "before": before, "after": after, "delta": after - before}
        )
    return sorted(rows, key=lambda r: (-abs(r["delta"]), r["name"].lower()))


def level_rows(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    levels = {lv["slug"]: lv for lv in [*a["levels"], *b["levels"]]}
    return [
        {
            "name": lv["name"],
            "before": a["readiness"].get(slug),
            "after": b["readiness"].get(slug),
            "points": round(
                100 * ((b["readiness"].get(slug) or 0) - (a["readiness"].get(slug) or 0))
            ),
        }
        for slug, lv in sorted(levels.items(), key=lambda item: item[1]["rank"])
    ]


@require_POST
def reassess(request: HttpRequest, uuid: str) -> HttpResponse:
    report = access.get_owned_report(request, uuid)
    try:
        assessment = services.reassess(report=report, owner=request.user)
    except services.CannotReassess as error:
        messages.error(request, str(error))
        return redirect(report)
    messages.success(request, "A new assessment starts from your previous ratings.")
    return redirect(assessment)
