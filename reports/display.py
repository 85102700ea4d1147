"""What report pages show beside the saved document: the headline and radar, progress on
the path, threads, second opinions.

Shared by the owner's and mentors' page, the read-only link and the PDF; every figure
comes from the report's document, never the live taxonomy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from lib.people import display_name

from . import charts
from .document import plan_of
from .forms import CommentForm, HoursForm, OpinionForm, Proposal, ReviewForm, StepStatusForm
from .headline import OWNER, Voice, headline
from .models import Comment, Opinion, ReminderOptIn, Report, StepStatus
from .opinions import MentorView, mentor_view, said
from .progress import PlanProgress, plan_progress, plan_steps, proposed_ratings

DEFAULT_HOURS = 10


@dataclass
class Thread:
    """The comments on one skill (or on the report as a whole: skill ""), oldest first."""

    skill: str
    comments: list[Comment] = field(default_factory=list)
    form: CommentForm | None = None  # a comment refused, shown again with its reason


@dataclass
class SkillRow:
    skill: dict[str, Any]  # as the document holds it
    thread: Thread | None = None  # where the reader may discuss the report
    opinions: list[Opinion] = field(default_factory=list)  # second opinions the reader sees
    opinion_form: OpinionForm | None = None  # a mentor's own: to give or change theirs
    open: bool = False  # its comments and scores drawn in the page, not loaded when opened


@dataclass
class MentorOpinions:
    """One mentor's second opinions on a report, and the report as they see it."""

    mentor: Any
    opinions: dict[str, Opinion]  # by skill slug
    view: MentorView
    sentences: tuple[str, str]  # opinions.said: what their scores change, how far apart


def voice(report: Report, user: Any) -> Voice:
    """ "You" to the owner; the owner's name to a mentor, a link holder, anyone else."""
    if user is not None and user.pk is not None and report.owner_id == user.pk:
        return OWNER
    return Voice(display_name(report.owner))


def document(
    report: Report, progress: PlanProgress, *, hours: int = 10, reader: Voice = OWNER
) -> dict[str, Any]:
    """What every page of a report draws from its document: headline and radar."""
    doc = report.document
    categories = doc["categories"]
    radar = charts.radar(
        [c["name"] for c in categories],
        [c["you"] for c in categories],
        [c["target"] for c in categories],
    )
    top = headline(doc, progress, hours_per_week=hours, voice=reader)
    return {"report": report, "doc": doc, "radar": radar, "headline": top, "voice": reader}


def path_progress(report: Report, *, marked: bool = True) -> PlanProgress:
    """The report's plan and path with the owner's progress (`marked`), or as the report
    saved them (a report not yet started on)."""
    doc = report.document
    statuses = {(p.stage, p.skill): p.status for p in report.progress.all()} if marked else {}
    names = {slug: s["name"] for slug, s in doc["inputs"]["skills"].items()}
    return plan_progress(plan_of(doc), doc["path"], statuses, names)


def plan(
    report: Report,
    *,
    progress: PlanProgress | None = None,
    editable: bool = False,
    data: Any = None,
    refused: tuple[tuple[str, str], StepStatusForm] | None = None,
) -> dict[str, Any]:
    """The learning path with its progress (the owner's marks unless given), and the weeks
    left at the hours a week asked for in `data` (10 unless asked). `editable`: the owner
    marks steps here."""
    form = HoursForm(data if data and "hours" in data else None)
    valid = not form.is_bound or form.is_valid()
    hours = form.cleaned_data["hours"] if form.is_bound and valid else DEFAULT_HOURS
    progress = progress or path_progress(report)
    return {
        "plan": progress,
        "progress": progress.path,
        "beyond": progress.beyond,
        "hours_form": form,
        "hours_valid": valid,
        "hours": hours,
        "weeks": progress.path.weeks_left(hours),
        "plan_weeks": progress.weeks_left(hours),
        "steps_editable": editable,
        "step_refused": refused,
        # A refused mark on a step the page doesn't show (the plan climbs it) is said above
        # the rest of the path instead.
        "refused_unshown": refused is not None
        and refused[0] not in {s.key for s in [*progress.steps, *progress.beyond.steps]},
        "status_choices": StepStatus.choices,
    }


def rows(
    doc: dict[str, Any],
    *,
    threads: dict[str, Thread] | None = None,
    opinions_by_skill: dict[str, list[Opinion]] | None = None,
    opinion_forms: dict[str, OpinionForm] | None = None,
    opened: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The skills with a gap, biggest first, and the met ones (strengths first) apart, each
    with what the reader may see and do beside it; the `opened` ones drawn open."""
    everything = [
        SkillRow(
            s,
            threads.get(s["slug"], Thread(s["slug"])) if threads is not None else None,
            (opinions_by_skill or {}).get(s["slug"], []),
            (opinion_forms or {}).get(s["slug"]),
            "*" in opened or s["slug"] in opened,
        )
        for s in doc["skills"]
    ]
    met = [r for r in everything if not r.skill["gap"]]
    met.sort(key=lambda r: r.skill["target"] - r.skill["score"])  # furthest above first
    return {
        "gap_rows": [r for r in everything if r.skill["gap"]],
        "met_rows": met,
        "rows_by_slug": {r.skill["slug"]: r for r in everything},
    }


def read_only(report: Report, reader: Voice | None = None) -> dict[str, Any]:
    """The whole report without discussion or forms, as its owner has got on with it: a
    shared link and the PDF. It speaks to the owner only when told `reader` is the owner."""
    reader = reader or Voice(display_name(report.owner))
    shown = plan(report)
    return {
        **document(report, shown["plan"], hours=shown["hours"], reader=reader),
        **shown,
        **rows(report.document),
    }


EVERY = frozenset({"*"})  # every skill row drawn open


def printable(report: Report, user: Any) -> dict[str, Any]:
    """The PDF: the whole report as this reader's page shows it (the owner's progress,
    mentors' reviews and second opinions, "you" only to the owner), without forms."""
    is_owner = voice(report, user).owner
    nobody: dict[str, Any] = {"mentor_views": [], "opinions_by_skill": {}}
    seconds = nobody if user is None else second_opinions(report, user)
    return {
        **read_only(report, voice(report, user)),
        # Paper cannot open a row: every skill's mentors' scores are drawn in it.
        **rows(report.document, opinions_by_skill=seconds["opinions_by_skill"], opened=EVERY),
        "is_owner": is_owner,
        "mentor_views": seconds["mentor_views"],
        "opinions_by_skill": seconds["opinions_by_skill"],
        "reviews": list(report.reviews.select_related("mentor").order_by("-created")),
        "printing": True,  # the radar's phone numbers stay off paper
    }


def printed_context(report: Report, user: Any) -> dict[str, Any]:
    """Of printable's context, only what printed_state reads: naming the PDF a reader would
    get costs a download no skill rows (each download asks which PDF it is)."""
    nobody: dict[str, Any] = {"opinions_by_skill": {}}
    return {
        "voice": voice(report, user),
        "plan": plan(report)["plan"],
        "reviews": list(report.reviews.select_related("mentor").order_by("-created")),
        "opinions_by_skill": (nobody if user is None else second_opinions(report, user))[
            "opinions_by_skill"
        ],
    }


def printed_state(context: dict[str, Any]) -> tuple[Any, ...]:
    """Everything a PDF shows beyond the saved document, as plain values: a PDF is drawn
    again when one of them changes, and only then."""
    plan = context["plan"]
    return (
        context["voice"].name,
        tuple((s.stage, s.skill, s.status) for s in [*plan.steps, *plan.path.steps]),
        tuple((r.pk, r.summary, display_name(r.mentor), r.created.isoformat())
              for r in context["reviews"]),
        tuple((o.pk, o.skill, o.score, o.note, display_name(o.mentor))
              for found in context["opinions_by_skill"].values() for o in found),
    )  # fmt: skip


def preview(document_: dict[str, Any]) -> dict[str, Any]:
    """A draft's report, computed and not saved: what a visitor without an account sees
    before signing up. Nothing here reads or writes a saved report."""
    report = Report(document=document_, career_name=document_["career"]["name"],
                    level_name=document_["level"]["name"])  # fmt: skip
    names = {slug: s["name"] for slug, s in document_["inputs"]["skills"].items()}
    progress = plan_progress(plan_of(document_), document_["path"], {}, names)
    return {
        **document(report, progress),
        **plan(report, progress=progress),
        **rows(document_),
    }


def thread(report: Report, skill: str, form: CommentForm | None = None) -> dict[str, Any]:
    """One thread alone: what an htmx comment or delete answers with."""
    comments = report.comments.filter(skill=skill).select_related("author").order_by("created")
    return {"report": report, "thread": Thread(skill, list(comments), form)}


def second_opinions(report: Report, user: Any) -> dict[str, Any]:
    """Mentors' scores the reader may see: the owner sees every mentor whose share is active,
    a mentor their own. Each mentor's view re-scores the report with their scores in."""
    found = report.opinions.showing().select_related("mentor").order_by("mentor_id", "skill")
    if report.owner_id != user.pk:
        found = found.filter(mentor=user)
    by_mentor: dict[int, tuple[Any, dict[str, Opinion]]] = {}
    by_skill: dict[str, list[Opinion]] = {}
    for o in found:
        by_mentor.setdefault(o.mentor_id, (o.mentor, {}))[1][o.skill] = o
        by_skill.setdefault(o.skill, []).append(o)
    views = []
    for mentor, mine in by_mentor.values():
        view = mentor_view(report.document, scores_of(mine))
        who = display_name(mentor) if report.owner_id == user.pk else None
        views.append(MentorOpinions(mentor, mine, view, said(view, report.document, who=who)))
    return {"mentor_views": views, "opinions_by_skill": by_skill}


def scores_of(given: dict[str, Opinion]) -> dict[str, int]:
    return {skill: o.score for skill, o in given.items()}


def opinion_forms(
    report: Report, given: dict[str, list[Opinion]], refused: tuple[str, OpinionForm] | None
) -> dict[str, OpinionForm]:
    """A mentor's form for each skill, holding their current score (or a refused one)."""
    forms = {
        s["slug"]: OpinionForm(
            initial={"score": o[0].score, "note": o[0].note} if (o := given.get(s["slug"])) else {}
        )
        for s in report.document["skills"]
    }
    if refused is not None:
        forms[refused[0]] = refused[1]
    return forms


def page(
    report: Report,
    user: Any,
    query: Any = None,
    *,
    refused: tuple[str, CommentForm] | None = None,
    review_form: ReviewForm | None = None,
    opinion_refused: tuple[str, OpinionForm] | None = None,
    step_refused: tuple[tuple[str, str], StepStatusForm] | None = None,
) -> dict[str, Any]:
    """Everything the owner's and mentors' report page shows, and what this reader may do.

    A report is discussed once it is shared with a mentor (or has comments already); before
    that its owner has nobody to talk to, so no comment boxes. The `refused` arguments are
    forms sent without JavaScript that were not saved: each shows again, with its reason,
    where it was sent from.
    """
    is_owner = report.owner_id == user.pk
    threads: dict[str, Thread] = {}
    for c in report.comments.select_related("author").order_by("created"):
        threads.setdefault(c.skill, Thread(c.skill)).comments.append(c)
    if refused is not None:
        threads.setdefault(refused[0], Thread(refused[0])).form = refused[1]
    discussed = (
        not is_owner
        or bool(threads)
        or report.shares.active().filter(mentor__isnull=False).exists()
    )
    seconds = second_opinions(report, user)
    given = seconds["opinions_by_skill"]
    reviews = list(report.reviews.select_related("mentor").order_by("-created"))
    shown = plan(report, editable=is_owner, data=query, refused=step_refused)
    opened_skills, opened_steps = opened(query, refused, opinion_refused, step_refused)
    return {
        **document(report, shown["plan"], hours=shown["hours"], reader=voice(report, user)),
        **shown,
        **rows(
            report.document,
            threads=threads if discussed else None,
            opinions_by_skill=given,
            opinion_forms=None if is_owner else opinion_forms(report, given, opinion_refused),
            opened=opened_skills,
        ),
        "lazy": True,
        "steps_lazy": True,
        "open_steps": opened_steps,
        "is_owner": is_owner,
        "score_range": range(6),
        "reminders_on": is_owner and ReminderOptIn.objects.filter(user=user).exists(),
        "reminder_weeks": settings.SKILLGAP_REMINDER_WEEKS,
        "general": threads.get("", Thread("")) if discussed else None,
        "mentor_views": seconds["mentor_views"],
        "reviews": reviews,
        "my_review": next((r for r in reviews if r.mentor_id == user.pk), None),
        "review_form": review_form,
    }


def opened(
    query: Any,
    refused: tuple[str, CommentForm] | None = None,
    opinion_refused: tuple[str, OpinionForm] | None = None,
    step_refused: tuple[tuple[str, str], StepStatusForm] | None = None,
) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The skill rows and path steps the page draws open, with their comments, scores or
    resources: the one asked for (`?skill=` or `?step=stage.skill`, how the page opens one
    without JavaScript, or all: `?open=all`) and any holding a refused form. The others load
    when opened."""
    query = query or {}
    if query.get("open") == "all":  # without JavaScript, every one at once
        return EVERY, frozenset({("*", "*")})
    skills = {query.get("skill", "")} | {f[0] for f in (refused, opinion_refused) if f}
    stage, _, skill = query.get("step", "").partition(".")
    steps = {(stage, skill)} | ({step_refused[0]} if step_refused else set())
    return frozenset(skills - {""}), frozenset(steps - {("", "")})


def proposals(report: Report) -> list[Proposal]:
    """Scores a re-assessment may start from: the `to` of steps marked done, and each active
    mentor's opinion that differs from the owner's own rating."""
    doc = report.document
    own, names = doc["inputs"]["ratings"], doc["inputs"]["skills"]
    statuses = {(p.stage, p.skill): p.status for p in report.progress.all()}
    plan = plan_steps(plan_of(doc), doc["path"], {slug: s["name"] for slug, s in names.items()})
    found = [
        Proposal(skill, names[skill]["name"], score, own.get(skill, 0), "the step you finished")
        for skill, score in proposed_ratings([*plan, *doc["path"]], statuses, own).items()
    ]
    for o in report.opinions.showing().select_related("mentor").order_by("skill", "mentor_id"):
        if o.skill in names and o.score != own.get(o.skill, 0):
            source = f"{display_name(o.mentor)}'s opinion"
            found.append(
                Proposal(o.skill, names[o.skill]["name"], o.score, own.get(o.skill, 0), source)
            )
    return found
