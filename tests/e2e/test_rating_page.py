"""The rating page in Chromium: its size and keyboard goals (issue 12), and how it behaves.

The goals are measured on the seed's Systems ML Engineer at Mid (67 skills in 9
categories), real names and descriptions included: the page people actually get.
"""

from __future__ import annotations

import re
from threading import Event
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, Request, Response, expect
from pytest_django.live_server_helper import LiveServer

from assessments import services
from assessments.models import Assessment, Rating
from careers.models import Career, Level, Requirement, Skill
from tests.e2e.axe import assert_accessible, assert_fits
from tests.e2e.conftest import log_in
from tests.factories import AssessmentFactory, UserFactory, career_with_skills

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Issue 12's goals, set at 60 skills (6,000 and 12,000 px, 70 Tab presses), per skill: the
# seed grows as curators add what its guide names.
EXTRA_TAB_STOPS = 10  # from the first skill's scale to "Finish": one a skill, and these

# Where the focused control is, and whether it sits clear of the two sticky bars.
FOCUS_IN_VIEW = """() => {
  const el = document.activeElement;
  const shown = el.classList.contains("btn-check") ? el.nextElementSibling : el;
  const box = shown.getBoundingClientRect();
  const top = document.getElementById("rate-bar").getBoundingClientRect().bottom;
  const bottom = document.getElementById("rate-actions").getBoundingClientRect().top;
  return {id: el.id, inView: box.top >= top - 1 && box.bottom <= bottom + 1};
}"""


# What a browser does when its tab goes to the background.
HIDE_PAGE = """() => {
  Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def start(page: Page, base: str, career_slug: str, level: str = "Mid") -> None:
    page.goto(f"{base}/careers/{career_slug}/")
    page.get_by_label(level).check()
    page.get_by_role("button", name="Start self-assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}/$"))
    page.wait_for_load_state()  # the stylesheets too: the URL changes before they arrive


def slugs_in_page_order(career: Career, level: str = "entry") -> list[str]:
    return list(
        career.requirements.filter(level__slug=level)
        .order_by("skill__category__order", "skill__name")
        .values_list("skill__slug", flat=True)
    )


def open_new_assessment(page: Page, live_server: LiveServer, n_skills: int, **kw: int) -> list[str]:
    """Start a fresh career's assessment as a visitor does; its skills' slugs in page order."""
    career = career_with_skills(n_skills, **kw)
    start(page, live_server.url, career.slug)
    return slugs_in_page_order(career)


def rating_posts(page: Page) -> list[Request]:
    """Every autosave the page sends from now on."""
    posts: list[Request] = []
    page.on("request", lambda r: posts.append(r) if "/ratings/" in r.url else None)
    return posts


def tab_stops_to_finish(page: Page) -> tuple[int, list[str]]:
    """Tab presses from the first skill's scale to Finish, and the stops left under a bar."""
    page.locator(".skill-row .btn-check").first.focus()
    hidden: list[str] = []
    for presses in range(1, 200):
        page.keyboard.press("Tab")
        where = page.evaluate(FOCUS_IN_VIEW)
        if where["id"] == "finish":
            return presses, hidden
        if where["id"].count("-score-") and not where["inView"]:
            hidden.append(where["id"])
    raise AssertionError("Tab never reached Finish")


@pytest.mark.parametrize(("size", "px_a_skill"), [(DESKTOP, 100), (PHONE, 200)])
def test_the_seed_careers_page_meets_its_height_and_tab_goals_and_passes_axe(
    live_server: LiveServer, page: Page, size: dict[str, int], px_a_skill: int
) -> None:
    base = live_server.url
    call_command("load_seed", verbosity=0)
    page.emulate_media(reduced_motion="reduce")  # focus scrolls at once, not smoothly
    page.set_viewport_size(size)
    start(page, base, "systems-ml-engineer")
    mid = Requirement.objects.filter(career__slug="systems-ml-engineer", level__slug="mid")
    expect(page.locator(".skill-row")).to_have_count(mid.count())

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= px_a_skill * mid.count(), f"{height} px tall at {size['width']} px wide"
    assert_accessible(page)
    assert_fits(page)

    presses, hidden = tab_stops_to_finish(page)
    assert presses <= mid.count() + EXTRA_TAB_STOPS
    assert hidden == []  # every scale Tab reaches shows clear of the sticky bars


def test_arrow_keys_send_one_save_with_the_final_score_once_the_choice_settles(
    live_server: LiveServer, page: Page
) -> None:
    slug = open_new_assessment(page, live_server, 3)[0]
    posts = rating_posts(page)

    page.locator(f"#{slug}-score-0").focus()  # unrated: Tab lands on 0, nothing chosen yet
    for _ in range(3):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(150)  # a person stepping through, not holding the key
    expect(page.locator(f"#status-{slug}")).to_contain_text("Saved (3)")
    page.wait_for_timeout(1000)  # long enough for any late save to show up

    assert [(r.method, r.post_data) for r in posts] == [
        ("POST", f"{slug}-score=3&{slug}-evidence=")
    ]
    assert Rating.objects.get().score == 3
    expect(page.locator("#rate-announce")).to_have_text(re.compile(r": Saved \(3\)$"))


def test_a_choice_made_just_before_leaving_the_page_is_still_saved(
    live_server: LiveServer, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = open_new_assessment(page, live_server, 2)[0]
    saved = Event()  # the server has written a rating: what the test waits on, not a clock
    save = services.save_ratings
    monkeypatch.setattr(services, "save_ratings", lambda **kw: (save(**kw), saved.set())[0])

    page.locator(f"#{slug}-score-0").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    base = live_server.url
    page.goto(f"{base}/")  # well inside the settle time

    assert saved.wait(timeout=30), "the choice was never sent"
    assert Rating.objects.get().score == 2


def rate_and_open_note(page: Page, live_server: LiveServer, score: int = 3) -> str:
    """A skill rated by a click, its note open for typing; the skill's slug."""
    slug = open_new_assessment(page, live_server, 2)[0]
    page.locator(f"label[for='{slug}-score-{score}']").click()
    expect(page.locator(f"#status-{slug}")).to_contain_text(f"Saved ({score})")
    page.locator(f"#row-{slug} .row-note > summary").click()
    return slug


def test_a_note_saves_as_it_is_typed_and_says_so(live_server: LiveServer, page: Page) -> None:
    slug = rate_and_open_note(page, live_server)
    note, status = page.locator(f"#{slug}-evidence"), page.locator(f"#status-{slug}")

    def sends_note(response: Response) -> bool:
        sent = parse_qs(response.request.post_data or "")
        return sent.get(f"{slug}-evidence") == ["Ran it"]

    with page.expect_response(sends_note):
        note.press_sequentially("Ran it")
        expect(status).to_contain_text("Saving")  # typed, not sent yet
    expect(note).to_be_focused()  # saved while still typing: no blur needed
    expect(status).to_contain_text("Saved (3)")
    assert Rating.objects.values_list("score", "evidence").get() == (3, "Ran it")


def test_a_note_typed_just_before_a_reload_is_still_there(
    live_server: LiveServer, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = rate_and_open_note(page, live_server)
    saved = Event()  # a note reached the database: what the test waits on, not a clock
    save = services.save_ratings

    def save_and_tell(*, assessment: Assessment, ratings: list[services.RatingInput]) -> int:
        done = save(assessment=assessment, ratings=ratings)
        if any(r.evidence for r in ratings):
            saved.set()
        return done

    monkeypatch.setattr(services, "save_ratings", save_and_tell)
    page.locator(f"#{slug}-evidence").press_sequentially("Led the migration")
    page.reload()  # at once: well inside the typing pause that would save it

    expect(page.locator(f"#{slug}-evidence")).to_have_value("Led the migration")
    assert saved.wait(timeout=30), "the note was never sent"
    expect(page.locator(f"#status-{slug}")).to_contain_text("3")  # rated, not refused
    assert Rating.objects.values_list("score", "evidence").get() == (3, "Led the migration")
    page.reload()
    expect(page.locator(f"#{slug}-evidence")).to_have_value("Led the migration")


def test_a_note_typed_as_the_page_is_hidden_is_sent_and_shown_saved(
    live_server: LiveServer, page: Page
) -> None:
    slug = rate_and_open_note(page, live_server)
    page.locator(f"#{slug}-evidence").press_sequentially("On call")
    with page.expect_response(lambda r: "/ratings/" in r.url):
        page.evaluate(HIDE_PAGE)  # a phone's app switcher: the page may never come back
    expect(page.locator(f"#status-{slug}")).to_contain_text("Saved (3)")
    expect(page.locator(f"#row-{slug} .note-written")).to_be_visible()  # "Note ✓"
    assert Rating.objects.values_list("score", "evidence").get() == (3, "On call")


def test_one_tab_stop_per_skill_and_shortcuts_from_its_scale(
    live_server: LiveServer, page: Page
) -> None:
    first, second, third = open_new_assessment(page, live_server, 3, n_categories=1)

    page.locator(f"#{first}-score-0").focus()
    page.keyboard.press("Tab")  # the row's "Note" disclosure is not a stop of its own
    expect(page.locator(f"#{second}-score-0")).to_be_focused()
    page.keyboard.press("Shift+Tab")

    page.keyboard.press("2")
    expect(page.locator(f"#{first}-score-2")).to_be_checked()
    expect(page.locator(f"#{first}-score-2")).to_be_focused()
    page.keyboard.press("n")
    note = page.locator(f"#{first}-evidence")
    expect(note).to_be_focused()
    page.keyboard.type("Shipped it")
    with page.expect_response(lambda r: "Shipped" in (r.request.post_data or "")):
        page.keyboard.press("Escape")  # the note saves as it loses focus
    expect(page.locator(f"#{first}-score-2")).to_be_focused()
    expect(note).to_be_hidden()
    expect(page.locator(f"#status-{first}")).to_contain_text("Saved (2)")
    expect(page.locator(f"#row-{first} .note-written")).to_be_visible()  # "Note ✓"
    assert Rating.objects.values_list("score", "evidence").get() == (2, "Shipped it")

    page.locator(f"label[for='{second}-score-0']").click()
    page.locator(f"#{first}-score-2").focus()
    page.keyboard.press("u")  # the next unrated, skipping the one just rated
    expect(page.locator(f"#{third}-score-0")).to_be_focused()
    hint = page.locator(f"#{third}-score-0").get_attribute("aria-describedby")
    assert hint == "rate-keys"
    expect(page.locator(f"#row-{third} .row-note > summary")).to_have_attribute(
        "aria-keyshortcuts", "N"
    )


def test_the_filter_finds_skills_by_name_or_slug_and_hides_empty_categories(
    live_server: LiveServer, page: Page
) -> None:
    base = live_server.url
    career = career_with_skills(4, n_categories=2)
    names = {
        "Python": "python",
        "PyTorch": "pytorch",
        "SQL": "sql-databases",
        "Statistics": "stats",
    }
    skills = Skill.objects.filter(requirements__career=career).distinct().order_by("pk")
    for skill, (name, slug) in zip(skills, names.items(), strict=True):
        Skill.objects.filter(pk=skill.pk).update(name=name, slug=slug)
    start(page, base, career.slug)
    rows = page.locator(".skill-row")
    box = page.get_by_label("Filter skills by name")

    box.fill("py")
    expect(rows.filter(visible=True)).to_have_count(2)
    expect(page.locator("#row-python")).to_be_visible()
    expect(page.locator("#row-pytorch")).to_be_visible()
    expect(page.locator("#filter-count")).to_have_text("2 of 4 skills match")
    box.fill("databases")  # the slug; aliases join the same data-terms
    expect(rows.filter(visible=True)).to_have_count(1)
    expect(page.locator("#row-sql-databases")).to_be_visible()
    sql_section = page.locator("details.section", has=page.locator("#row-sql-databases"))
    expect(page.locator("details.section").filter(visible=True)).to_have_count(1)
    expect(sql_section).to_be_visible()

    page.get_by_role("link", name="Next unrated").click()
    expect(page.locator("#sql-databases-score-0")).to_be_focused()
    box.fill("")
    expect(rows.filter(visible=True)).to_have_count(4)


def test_folded_categories_stay_folded_for_that_assessment(
    live_server: LiveServer, page: Page
) -> None:
    base = live_server.url
    owner = UserFactory(username="ada")
    career = career_with_skills(4, n_categories=2)
    mid = Level.objects.get(slug="mid")
    first_draft, second_draft = AssessmentFactory.create_batch(
        2, owner=owner, career=career, level=mid
    )
    log_in(page, base, "ada")
    page.goto(f"{base}{first_draft.get_absolute_url()}")
    sections = page.locator("details.section")
    first, second = sections.nth(0), sections.nth(1)

    first.locator("> summary").click()
    expect(first).not_to_have_attribute("open", "")
    page.reload()
    expect(first).not_to_have_attribute("open", "")
    expect(second).to_have_attribute("open", "")

    # With the rest rated, "Next unrated" opens the folded category to reach its skills,
    # and that is remembered too.
    for row in second.locator(".skill-row").all():
        row.locator("label[for$='-score-2']").click()
    expect(page.locator("#progress")).to_contain_text("2 of 4 rated")
    page.get_by_role("link", name="Next unrated").click()
    expect(first).to_have_attribute("open", "")
    page.reload()
    expect(first).to_have_attribute("open", "")

    second.locator("> summary").click()
    expect(second).not_to_have_attribute("open", "")
    page.goto(f"{base}{second_draft.get_absolute_url()}")  # another assessment, all unfolded
    expect(page.locator("details.section[open]")).to_have_count(2)


def test_on_a_phone_the_target_readiness_stays_in_view_and_follows_each_save(
    live_server: LiveServer, page: Page
) -> None:
    base = live_server.url
    career = career_with_skills(30)
    slug = slugs_in_page_order(career, "mid")[15]
    page.set_viewport_size(PHONE)
    start(page, base, career.slug)
    summary = page.locator("#summary")
    expect(summary).to_have_text("Mid: 0% ready 1 must-have below target")

    page.locator(f"#row-{slug}").scroll_into_view_if_needed()
    page.locator(f"label[for='{slug}-score-3']").click()
    expect(summary).not_to_contain_text("Mid: 0% ready")
    expect(summary).to_be_in_viewport()
    box = summary.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    assert_accessible(page)
