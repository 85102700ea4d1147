"""Job postings: paste or upload one, see what it asks for, your gap and plan to it."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from assessments import access as assessment_access
from assessments import services as assessment_services
from assessments.models import Assessment
from careers.models import Career, Level
from lib.http import htmx_alert
from lib.throttle import throttle

from . import access, gap, highlight, services
from .forms import PostingForm, RateForm
from .models import Posting, PostingSkill

EXTRACTS = "Too many extractions from your address in the last minute. Try again shortly."
SAVES = "Too many postings pasted from your address in the last hour. Sign up to paste more."
PAGE_SIZE = 20


# CSRF-exempt on purpose: it reads a text and writes nothing (no posting, no counts), so a
# forged request gains nothing; scripts and the acceptance run call it without a session.
@csrf_exempt
@require_POST
@throttle("postings-extract", "THROTTLE_POSTING_EXTRACTS", EXTRACTS)
def extract(request: HttpRequest) -> JsonResponse:
    """POST `text` (form field, or a JSON body {"text": ...}): the skills it asks for."""
    text: object
    if request.content_type == "application/json":
        if len(request.body) > services.MAX_BYTES + 1024:
            return _error("The posting is longer than 200 KB.", 413)
        try:
            text = json.loads(request.body.decode("utf-8")).get("text")
        except (UnicodeDecodeError, ValueError, AttributeError):
            return _error("The body is not a JSON object with a text.", 400)
    elif request.FILES:
        return _error("Send the posting's text in the `text` field, not as a file.", 415)
    else:
        text = request.POST.get("text", "")
    problem = services.text_problem(text)
    if problem:
        status = 413 if isinstance(text, str) and len(text.encode()) > services.MAX_BYTES else 400
        return _error(problem, status)
    assert isinstance(text, str)
    return JsonResponse(services.extract_json(text))


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_GET
def posting_list(request: HttpRequest) -> HttpResponse:
    postings = (
        access.visible_postings(request)
        .select_related("career", "level")
        .order_by("-created", "-pk")
    )
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "postings/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@throttle("postings-new", "THROTTLE_POSTING_SAVES", SAVES, anonymous_only=True)
def posting_new(request: HttpRequest) -> HttpResponse:
    form = PostingForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "postings/new.html", {"form": form}, status=400)
        owner = request.user if request.user.is_authenticated else None
        posting = services.create_posting(
            owner=owner,
            text=form.cleaned_data["posting_text"],
            title=form.cleaned_data.get("title") or "",
            company=form.cleaned_data.get("company") or "",
        )
        access.remember(request, posting)
        return redirect(posting)
    return render(request, "postings/new.html", {"form": form})


@require_GET
@vary_on_headers("HX-Request")
def posting_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    posting = access.get_posting(request, uuid)
    return render(request, "postings/detail.html", detail_context(request, posting))


def detail_context(request: HttpRequest, posting: Posting) -> dict[str, object]:
    asked = list(
        PostingSkill.objects.filter(posting=posting)
        .select_related("skill__category")
        .order_by("-required", "skill__name")
    )
    ratings = gap.latest_ratings(
        request.user, assessment_access.session_ids(request), [a.skill_id for a in asked]
    )
    return {
        "posting": posting,
        "asked": asked,
        "required": [a for a in asked if a.required],
        "preferred": [a for a in asked if not a.required],
        "pieces": highlight.pieces(posting.text, asked),
        "gap": gap.gap_to(posting, asked, ratings),
        "rate_form": RateForm(),
    }


@require_POST
def posting_rate(request: HttpRequest, uuid: str, skill: str) -> HttpResponse:
    """Rate a skill the posting asks for that the person never rated: saved into their
    draft assessment of the posting's career (started if none), so reports see it too."""
    posting = access.get_posting(request, uuid)
    asked = get_object_or_404(
        PostingSkill.objects.select_related("skill"), posting=posting, skill__slug=skill
    )
    level = gap.target_level(posting)
    form = RateForm(request.POST)
    if level is None or posting.career is None:
        raise Http404
    if not form.is_valid():  # nothing saved: the page says why, where the person looks
        refusal = form.refusal(asked.skill.name)
        if request.headers.get("HX-Request") == "true":
            return htmx_alert(request, refusal, status=422)
        messages.error(request, refusal)
        return render(request, "postings/detail.html", detail_context(request, posting), status=422)
    draft = _draft_for(request, posting.career, level)
    assessment_services.save_ratings(
        assessment=draft,
        ratings=[assessment_services.RatingInput(asked.skill, form.cleaned_data["score"], None)],
    )
    if request.headers.get("HX-Request") == "true":
        context = detail_context(request, posting)
        return render(request, "postings/detail.html#gap", context)
    messages.success(request, f"Saved: {asked.skill.name} {form.cleaned_data['score']} of 5.")
    return redirect(posting.get_absolute_url() + "#gap")


def _draft_for(request: HttpRequest, career: Career, level: Level) -> Assessment:
    """The person's latest draft of the career, or a new one at the posting's level."""
    mine = assessment_access.visible_assessments(request)
    draft = mine.filter(career=career, finished__isnull=True).order_by("-updated").first()
    if draft is None:
        owner = request.user if request.user.is_authenticated else None
        draft = assessment_services.start_assessment(career=career, level=level, owner=owner)
        assessment_access.remember(request, draft)
    return draft


@require_http_methods(["GET", "POST"])
def posting_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    posting = access.get_posting(request, uuid)
    if request.method == "POST":
        posting.delete()
        messages.success(request, f"Deleted the posting “{posting.title}”.")
        return redirect("postings:list")
    return render(request, "postings/delete.html", {"posting": posting})


@require_GET
def posting_compare(request: HttpRequest) -> HttpResponse:
    picks = request.GET.getlist("pick") or [request.GET.get("a", ""), request.GET.get("b", "")]
    picks = [p for p in picks if p]
    if len(picks) != 2:
        messages.error(request, "Tick two postings to compare.")
        return redirect("postings:list")
    a, b = (access.get_posting(request, p) for p in picks)
    # skill -> [skill, a's PostingSkill or None, b's]: one query for both postings.
    found: dict[int, list] = {}
    for ps in PostingSkill.objects.filter(posting__in=[a, b]).select_related("skill"):
        entry = found.setdefault(ps.skill_id, [ps.skill, None, None])
        entry[1 if ps.posting_id == a.pk else 2] = ps
    rows = sorted(found.values(), key=lambda row: (not (row[1] and row[2]), row[0].name))
    return render(request, "postings/compare.html", {"a": a, "b": b, "rows": rows})
