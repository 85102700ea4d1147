"""The rating sheet: what the rating page and an autosave show, in a fixed number of queries.

It reads the career's requirements (every level, for the live preview), the assessment's
ratings and, for the full page only, the descriptors; everything else is computed here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.template.defaultfilters import pluralize

from . import quick, scoring
from .inputs import CategoryRef, Need, SheetInputs, SkillRef
from .models import Assessment, Rating


@dataclass(frozen=True)
class Choice:
    score: int
    label: str
    text: str
    own: bool = False  # the skill's own wording, not the default scale's


# The scale's names when the database holds no default wording (DESIGN.md's 0–5 scale).
FALLBACK_LABELS = ("None", "Awareness", "Beginner", "Competent", "Advanced", "Expert")


@dataclass
class Row:
    skill: SkillRef
    target: int
    must_have: bool
    rating: Rating | None
    choices: list[Choice] = field(default_factory=list)
    error: str = ""
    just_saved: bool = False
    retired: bool = False  # its skill was archived after it was rated: shown, not counted
    aliases: tuple[str, ...] = ()  # other names the filter finds it by
    weight: int = 0  # how much the skill counts at the target level (1–5)

    @property
    def rated(self) -> bool:
        """Rated by the person: a category's estimate does not count as rated."""
        return self.rating is not None and not self.rating.estimated

    @property
    def score(self) -> int | None:
        """The person's own rating; None while unrated or only estimated."""
        return self.rating.score if self.rated and self.rating else None

    @property
    def estimate(self) -> int | None:
        """The category's estimate while the person has not rated the skill."""
        return self.rating.score if self.rating and self.rating.estimated else None

    @property
    def evidence(self) -> str:
        return self.rating.evidence if self.rating else ""

    @property
    def own_choices(self) -> list[Choice]:
        """The scores this skill words itself: the rest read as the page's legend says."""
        return [c for c in self.choices if c.own]

    @property
    def options(self) -> list[dict[str, Any]]:
        """The score's <option>s as plain values, each read with one lookup: comparing every
        choice with the target and the rating in the template was a third of drawing a row."""
        score, target = self.score, self.target
        return [
            {
                "score": c.score,
                "target": c.score == target,
                "selected": c.score == score,
                "own": c.own,
                "text": f"{c.score} (target)" if c.score == target else c.score,
            }
            for c in self.choices
        ]


@dataclass
class Section:
    category: CategoryRef
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(1 for r in self.rows if not r.retired)

    @property
    def rated_count(self) -> int:
        return sum(1 for r in self.rows if r.rated and not r.retired)

    @property
    def estimated_count(self) -> int:
        return sum(1 for r in self.rows if r.estimate is not None and not r.retired)

    @property
    def estimates(self) -> set[int]:
        return {r.estimate for r in self.rows if r.estimate is not None and not r.retired}

    @property
    def estimate(self) -> int | None:
        """The score its estimated skills share: what the person gave the category."""
        shared = self.estimates
        return next(iter(shared)) if len(shared) == 1 else None

    @property
    def estimate_choices(self) -> list[tuple[int, bool]]:
        """The category box's scores 0–5, its estimate chosen: still shown after a reload."""
        chosen = self.estimate  # worked out once, not once a score
        return [(score, score == chosen) for score in range(len(FALLBACK_LABELS))]

    @property
    def mixed(self) -> bool:
        """Its estimated skills differ (an older page's "Save all"): no one score to show."""
        return len(self.estimates) > 1


@dataclass(frozen=True)
class Readiness:
    level: scoring.LevelInfo
    readiness: Fraction
    blocked: int
    is_target: bool
    reached: bool

    @property
    def ready_percent(self) -> int:
        return scoring.percent(self.readiness)


@dataclass
class Sheet:
    assessment: Assessment
    sections: list[Section]
    inputs: SheetInputs  # every level of the career, for the preview
    ratings: dict[int, Rating]  # by skill id
    scale: list[Choice] = field(default_factory=list)  # the default wording: the legend
    opened: str = ""  # the category a lazy page shows the rows of (`?category=`), if any

    @property
    def lazy(self) -> bool:
        """Categories drawn closed, their rows loaded when opened (or paged without JS)."""
        return self.total >= settings.SKILLGAP_LAZY_CATEGORIES_AT

    def shows(self, section: Section) -> bool:
        """Whether the page draws this section's rows."""
        return not self.lazy or section.category.slug == self.opened

    @property
    def shown_sections(self) -> list[tuple[Section, bool]]:
        """Each section, and whether its rows are on this page."""
        return [(section, self.shows(section)) for section in self.sections]

    def row_href(self, skill_slug: str) -> str:
        """A link to a skill's row: on a lazy page, by way of its category's page when that
        category's rows are not drawn (rate.js opens the category instead)."""
        found = self.find(skill_slug)
        if found is None or self.shows(found[0]):
            return f"#row-{skill_slug}"
        return f"?category={found[0].category.slug}#row-{skill_slug}"

    @property
    def lead_links(self) -> list[tuple[quick.Suggestion, str]]:
        return [(s, self.row_href(s.skill)) for s in self.suggestions]

    @property
    def next_unrated_href(self) -> str:
        row = self.first_unrated
        return self.row_href(row.skill.slug) if row else "#ratings-form"

    @functools.cached_property
    def preview(self) -> list[Readiness]:
        """Scored once a page: the preview and the summary bar both read it."""
        return preview(self.assessment, self.inputs, self.ratings)

    @functools.cached_property
    def draft(self) -> quick.Draft:
        """The ratings as the quick assessment's model reads them: own, estimated, open."""
        slugs = {need.skill.pk: need.skill.slug for need in self.inputs.needs}  # as preview()
        own: dict[str, int] = {}
        estimates: dict[str, int] = {}
        for skill_id, rating in self.ratings.items():
            if skill_id in slugs:
                (estimates if rating.estimated else own)[slugs[skill_id]] = rating.score
        return quick.Draft(
            levels=self.inputs.scoring_levels,
            requirements=self.inputs.scoring,
            own=own,
            estimates=estimates,
            rateable={row.skill.slug for row in self.rows if not row.retired},
            threshold=scoring.as_fraction(settings.SKILLGAP_READY_THRESHOLD),
        )

    @functools.cached_property
    def bounds(self) -> quick.Bounds:
        return quick.bounds(self.draft)

    @functools.cached_property
    def suggestions(self) -> list[quick.Suggestion]:
        """What to rate next, most decisive first."""
        return quick.next_skills(self.draft, self.assessment.level.slug)

    @property
    def placement_sentence(self) -> str:
        return quick.placement_sentence(self.inputs.scoring_levels, self.bounds)

    @property
    def target_readiness(self) -> Readiness | None:
        """The target level's line of the preview: the phone's summary bar shows it."""
        return next((item for item in self.preview if item.is_target), None)

    @property
    def first_unrated(self) -> Row | None:
        return next((row for row in self.rows if not row.rated and not row.retired), None)

    def record(self, row: Row, rating: Rating) -> None:
        """Show a rating just saved without reading the sheet again."""
        row.rating = rating
        row.just_saved = True
        self.ratings[row.skill.pk] = rating
        # Scored again with this rating.
        for scored in ("preview", "draft", "bounds", "suggestions"):
            self.__dict__.pop(scored, None)

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def rated_count(self) -> int:
        return sum(s.rated_count for s in self.sections)

    @property
    def estimated_count(self) -> int:
        return sum(s.estimated_count for s in self.sections)

    @property
    def unrated_count(self) -> int:
        """Neither rated nor estimated: these count 0."""
        return self.total - self.rated_count - self.estimated_count

    @property
    def left_to_do(self) -> str:
        """The progress line's other end. An estimate is not the person's rating: "All
        rated" waits for every skill's own, and estimates left are estimates to confirm."""
        if self.unrated_count:
            nor = " or estimated" if self.estimated_count else ""
            return f"{self.unrated_count} not rated{nor} yet"
        if self.estimated_count:
            return f"{self.estimated_count} estimate{pluralize(self.estimated_count)} to confirm"
        return "All rated"

    @property
    def next_label(self) -> str:
        """What "next" leads to: an estimated skill counts as not rated (rate.js too)."""
        return (
            "Next to confirm" if self.estimated_count and not self.unrated_count else "Next unrated"
        )

    @property
    def rated_percent(self) -> int:
        return scoring.percent(Fraction(self.rated_count, self.total)) if self.total else 100

    @property
    def threshold_percent(self) -> int:
        return scoring.percent(settings.SKILLGAP_READY_THRESHOLD)

    def section(self, category_slug: str) -> Section | None:
        return next((s for s in self.sections if s.category.slug == category_slug), None)

    def find(self, skill_slug: str) -> tuple[Section, Row] | None:
        """The row a rating of `skill_slug` saves to; a retired skill takes no more ratings."""
        for section in self.sections:
            for row in section.rows:
                if row.skill.slug == skill_slug and not row.retired:
                    return section, row
        return None


def build_sheet(assessment: Assessment, *, with_choices: bool = True) -> Sheet:
    inputs = SheetInputs.load(assessment.career_id)
    ratings = {r.skill_id: r for r in Rating.objects.filter(assessment=assessment)}
    target_rank = assessment.level.rank

    # Per skill, the requirement at the highest level not above the target; a retired
    # skill only where this draft rated it (a new assessment never meets it).
    in_scope: dict[int, Need] = {}
    retired = [n for n in inputs.retired if n.skill.pk in ratings]
    for need in [*inputs.needs, *retired]:
        if need.level_rank <= target_rank:
            held = in_scope.get(need.skill.pk)
            if held is None or need.level_rank > held.level_rank:
                in_scope[need.skill.pk] = need

    skills = [r.skill for r in in_scope.values()]
    scale, choices = scale_for(inputs, skills) if with_choices else ([], {})
    aliases = inputs.aliases
    sections: dict[int, Section] = {}
    ordered = sorted(
        in_scope.values(),
        key=lambda n: (n.skill.category.order, n.skill.category.name, n.skill.name.lower()),
    )
    for need in ordered:
        skill = need.skill
        section = sections.setdefault(skill.category.pk, Section(skill.category))
        section.rows.append(
            Row(
                skill=skill,
                target=need.target,
                weight=need.weight,
                must_have=need.must_have,
                rating=ratings.get(skill.pk),
                choices=choices.get(skill.pk, []),
                retired=skill.archived,
                aliases=aliases.get(skill.pk, ()),
            )
        )
    return Sheet(assessment, list(sections.values()), inputs, ratings, scale)


def preview(
    assessment: Assessment, inputs: SheetInputs, ratings: dict[int, Rating]
) -> list[Readiness]:
    scores = {
        n.skill.slug: ratings[n.skill.pk].score for n in inputs.needs if n.skill.pk in ratings
    }
    results = scoring.evaluate(inputs.scoring_levels, inputs.scoring, scores)
    bar = scoring.as_fraction(settings.SKILLGAP_READY_THRESHOLD)
    return [
        Readiness(
            level=res.level,
            readiness=res.readiness,
            blocked=len(res.blocked),
            is_target=res.level.slug == assessment.level.slug,
            reached=res.passes(bar),
        )
        for res in results
    ]


def scale_for(
    inputs: SheetInputs, skills: list[SkillRef]
) -> tuple[list[Choice], dict[int, list[Choice]]]:
    """The default scale 0–5, and per skill its six choices in its own words where it has them."""

    def worded(score: int, found: tuple[str, str] | None, *, is_own: bool = False) -> Choice:
        if found is None:
            return Choice(score, FALLBACK_LABELS[score], "")
        label, text = found
        return Choice(score, label or FALLBACK_LABELS[score], text, own=is_own)

    default = inputs.worded.get(None, {})
    scale = [worded(score, default.get(score)) for score in range(6)]

    def choice(skill_id: int, score: int) -> Choice:
        if (found := inputs.worded.get(skill_id, {}).get(score)) is not None:
            return worded(score, found, is_own=True)
        return scale[score]

    return scale, {s.pk: [choice(s.pk, score) for score in range(6)] for s in skills}
