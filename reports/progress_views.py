"""After the report: progress along its learning path, re-assessing from where the
person has got to, and reminders to re-assess."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from lib.http import HtmxRequest, SignedInRequest

from . import access, display, services
from .document import plan_of
from .forms import ReassessForm, StepStatusForm
from .models import Report
from .progress import PLAN

DOCUMENT = "reports/_document.html"


def step_of(report: Report, stage: str, skill: str) -> dict:
    """The plan's or the learning path's step the URL names (the plan's under the stage
    "plan"); a step the report doesn't have is a 404."""
    if stage == PLAN:
        for step in plan_of(report.document)["steps"]:
            if step["skill"] == skill:
                return step
        raise Http404("That step is not in this report's plan.")
    for step in report.document["path"]:
        if step["stage"] == stage and step["skill"] == skill:
            return step
    raise Http404("That step is not on this report's learning path.")


@vary_on_headers("HX-Request")
@require_POST
def path_step(request: HtmxRequest, uuid: str, stage: str, skill: str) -> HttpResponse:
    """The owner marks a step to do, doing or done."""
    report = access.get_owned_report(request, uuid)
    step_of(report, stage, skill)
    form = StepStatusForm(request.POST)
    if form.is_valid():
        services.set_step_status(
            report=report, stage=stage, skill=skill, status=form.cleaned_data["status"]
        )
    status = 200 if form.is_valid() else 400
    if request.htmx:
        refused = None if form.is_valid() else ((stage, skill), form)
        context = display.plan(report, editable=True, data=request.POST, refused=refused)
        plan = context["plan"]
        beyond = plan.beyond
        shown = {s.key: s for s in [*plan.steps, *beyond.steps]}
        marked = shown.get((stage, skill)) or plan.path.find(stage, skill)
        # Marking a step moves every step of its skill (done up to its `to`), the stages'
        # and plan's hours and the next steps: those come back out of band.
        context["step"] = marked
        context["siblings"] = [s for s in plan.of_skill(skill) if s.key != marked.key]
        context["stages"] = [st for st in beyond.stages if any(s.skill == skill for s in st.steps)]
        context.update(display.document(report, plan, hours=context["hours"]))
        context |= {"steps_lazy": True, "open_steps": {(stage, skill)}}  # drawn open again
        return render(request, f"{DOCUMENT}#step_marked", context, status=status)
    if form.is_valid():
        return redirect(f"{report.get_absolute_url()}#step-{stage}-{skill}")
    page = display.page(report, request.user, step_refused=((stage, skill), form))
    return render(request, "reports/detail.html", page, status=400)


@require_GET
def progress_json(request: HtmxRequest, uuid: str) -> HttpResponse:
    report = access.get_owned_report(request, uuid)
    return JsonResponse(display.path_progress(report).as_json())


@require_http_methods(["GET", "POST"])
def reassess(request: HtmxRequest, uuid: str) -> HttpResponse:
    """GET: the scores the new draft could start from (steps done, mentors' opinions).
    POST: start it, with the ones the owner ticked and nothing else changed."""
    report = access.get_owned_report(request, uuid)
    proposals = display.proposals(report)
    form = ReassessForm(request.POST if request.method == "POST" else None, proposals=proposals)
    if request.method == "GET" or not form.is_valid():
        context = {"report": report, "form": form, "proposals": proposals}
        status = 200 if request.method == "GET" else 400
        return render(request, "reports/reassess.html", context, status=status)
    try:
        assessment = services.reassess(
            report=report, owner=request.user, adopt=form.cleaned_data["adopt"]
        )
    except services.CannotReassess as error:
        messages.error(request, str(error))
        return redirect(report)
    messages.success(request, "A new assessment starts from your previous ratings.")
    return redirect(assessment)


@login_required
@require_POST
def reminders(request: SignedInRequest) -> HttpResponse:
    """Turn reminders to re-assess on or off, for all of this person's reports."""
    wanted = request.POST.get("remind") == "on"
    services.set_reminders(user=request.user, wanted=wanted)
    if wanted:
        messages.success(request, "We'll remind you to re-assess when your latest report is old.")
    else:
        messages.success(request, "No more reminders to re-assess.")
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/reports/") else reverse("reports:list"))
