"""Saved reports: finishing, the page, hours a week, exports, comparison, re-assessment.

Everything after finishing reads the report's saved document, never the live taxonomy.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from assessments.access import get_assessment
from assessments.scoring import percent
from assessments.services import DRAFT_GONE, DraftGone
from assessments.sheet import build_sheet
from lib.http import HtmxRequest, SignedInRequest, content_disposition, gone
from lib.paging import paged

from . import access, display, exports, previews, services
from .models import Report
from .snapshot import snapshot

DOCUMENT = "reports/_document.html"


@require_http_methods(["GET", "POST"])
def finish(request: HtmxRequest, uuid: str) -> HttpResponse:
    """GET: what finishing means (unrated skills count 0). POST: save the report."""
    assessment = get_assessment(request, uuid)
    if not assessment.is_draft:
        return redirect(Report.objects.latest_of(assessment) or assessment)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        # The result first: the whole report from the draft, read-only and not saved;
        # signing up keeps it (previews.keep_previewed).
        previews.remember(request, assessment)
        context = {"assessment": assessment, **display.preview(snapshot(assessment))}
        return render(request, "reports/preview.html", context)
    if request.method == "POST":
        try:
            report = services.finish_assessment(assessment=assessment)
        except DraftGone:
            return gone(request, DRAFT_GONE)
        messages.success(request, "Your report is saved.")
        return redirect(report)
    sheet = build_sheet(assessment, with_choices=False)
    return render(request, "reports/finish.html", {"assessment": assessment, "sheet": sheet})


@login_required
@require_GET
def report_list(request: SignedInRequest) -> HttpResponse:
    reports = Report.objects.owned_by(request.user).listing()
    page = paged(request, reports, lambda rows: rows.with_unread(request.user).with_activity())
    return render(request, "reports/list.html", {"paged": page})


@vary_on_headers("HX-Request")
@require_GET
def report_detail(request: HtmxRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid)
    if request.htmx and "hours" in request.GET:
        plan = display.plan(report, data=request.GET)
        reader = display.voice(report, request.user)
        context = {
            **display.document(report, plan["plan"], hours=plan["hours"], reader=reader),
            **plan,
        }
        return render(request, f"{DOCUMENT}#weeks_changed", context, status=status_of(plan))
    if request.htmx and ("skill" in request.GET or "step" in request.GET):
        return detail_opened(request, report)
    try:
        services.mark_read(report=report, user=request.user)
    except services.ReportGone:
        return gone(request, services.REPORT_GONE)
    context = display.page(report, request.user, request.GET)
    return render(request, "reports/detail.html", context, status=status_of(context))


def detail_opened(request: HtmxRequest, report: Report) -> HttpResponse:
    """What a skill row (comments, scores) or a path step (resources, marks) shows once
    opened: loaded then, so the page does not carry every skill's (skillgap.js)."""
    context = display.page(report, request.user, request.GET)
    if "skill" in request.GET:
        row = context["rows_by_slug"].get(request.GET["skill"])
        if row is None:
            raise Http404("That skill is not in this report.")
        return render(request, f"{DOCUMENT}#skill_detail", {**context, "row": row})
    stage, _, skill = request.GET["step"].partition(".")
    plan = context["plan"]
    shown = {s.key: s for s in [*plan.steps, *plan.beyond.steps]}
    step = shown.get((stage, skill))
    if step is None:
        raise Http404("That step is not in this report's plan or path.")
    return render(request, f"{DOCUMENT}#step_detail", {**context, "step": step})


def status_of(context: dict[str, Any]) -> int:
    """400 when the hours a week asked for were not a number the page can use."""
    return 200 if context["hours_valid"] else 400


def download_name(report: Report, extension: str, slug: str = "") -> str:
    slug = slug or report.document["career"]["slug"]
    return f"skillgap-{slug}-{report.created:%Y-%m-%d}.{extension}"


def attachment(
    response: HttpResponse, report: Report, extension: str, slug: str = ""
) -> HttpResponse:
    name = download_name(report, extension, slug)
    response["Content-Disposition"] = content_disposition(name)
    return response


@require_GET
def report_json(request: HtmxRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid, document=False)
    slug, body = exports.json_export(report)
    response = HttpResponse(body, content_type="application/json")
    return attachment(response, report, "json", slug)


@require_GET
def report_csv(request: HtmxRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid)
    response = HttpResponse(
        exports.csv_text(report.document), content_type="text/csv; charset=utf-8"
    )
    return attachment(response, report, "csv")


@require_GET
@vary_on_headers("HX-Request")
def report_pdf(request: HtmxRequest, uuid: str) -> HttpResponse:
    """The PDF as a file once a worker has drawn it. Until then a page that says it is being
    prepared and refreshes itself; to htmx (the report page's button, polling) the button."""
    report = access.get_report(request, uuid)
    name, drawn = exports.pdf_of(report, request.user)
    if drawn is None:
        exports.ask_for_pdf(report, request.user, name)
    elif drawn.content is not None and not request.htmx:
        response = HttpResponse(bytes(drawn.content), content_type="application/pdf")
        return attachment(response, report, "pdf")
    context = {"report": report, "drawn": drawn is not None and drawn.content is not None,
               "failed": drawn is not None and drawn.content is None}  # fmt: skip
    if request.htmx:
        return render(request, f"{PDF_PAGE}#pdf_button", context)
    # 202: accepted, not there yet; 503 when every try failed (logged, and in the admin).
    return render(request, PDF_PAGE, context, status=503 if context["failed"] else 202)


PDF_PAGE = "reports/pdf_status.html"


@require_GET
def compare(request: HtmxRequest) -> HttpResponse:
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
    rows = compare_rows(a, b)
    context = {
        "first": first,
        "second": second,
        # Two reports of one day are told apart by their time.
        "same_day": first.created.date() == second.created.date(),
        "changed": [r for r in rows if r["delta"]],
        "unchanged": [r for r in rows if not r["delta"]],
        "levels": level_rows(a, b),
    }
    return render(request, "reports/compare.html", context)


def compare_rows(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    names = {**a["inputs"]["skills"], **b["inputs"]["skills"]}
    rows = []
    for slug in names:
        before = a["inputs"]["ratings"].get(slug, 0)
        after = b["inputs"]["ratings"].get(slug, 0)
        rows.append(
            {"name": names[slug]["name"], "before": before, "after": after, "delta": after - before}
        )
    return sorted(rows, key=lambda r: (-abs(r["delta"]), r["name"].lower()))


def level_rows(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """Readiness per level before and after; the change is the difference of what is shown."""
    levels = {lv["slug"]: lv for lv in [*a["levels"], *b["levels"]]}
    rows = []
    for slug, lv in sorted(levels.items(), key=lambda item: item[1]["rank"]):
        before, after = a["readiness"].get(slug), b["readiness"].get(slug)
        points = percent(after or 0) - percent(before or 0)
        rows.append({"name": lv["name"], "before": before, "after": after, "points": points})
    return rows
