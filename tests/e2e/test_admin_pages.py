"""Every admin page a curator uses, at 1280 px: axe-clean and no wider than the window (issue 24).

The skill change page had unlabelled Resources fields (8 critical and 3 serious axe
findings) and was 1,601 px wide; a 120-character unbroken name pushed the career page's
matrix past the page.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from careers.models import Career, Skill
from tests.e2e.axe import assert_accessible, assert_fits
from tests.e2e.conftest import log_in
from tests.factories import (
    CareerLevelFactory,
    DescriptorFactory,
    RequirementFactory,
    ResourceFactory,
    SkillAliasFactory,
    SkillCategoryFactory,
    SkillFactory,
    UserFactory,
    standard_levels,
    with_ids,
)

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = "Hyperparameter" * 8 + "Tuning"[:8]  # 120 characters, no place to break


def taxonomy() -> tuple[Career, Skill]:
    entry, mid, senior = standard_levels()
    category = SkillCategoryFactory(name="Machine learning")
    python = SkillFactory(name="Python", category=category, description="Writing Python.")
    SkillAliasFactory(skill=python, name="Python 3")
    with_ids(python, esco="http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d")
    DescriptorFactory(skill=python, score=3)
    ResourceFactory(
        skill=python, title="The Python tutorial", url="https://docs.python.org/3/tutorial/"
    )
    ResourceFactory(skill=python, title="Fluent Python", kind="book", is_free=False)
    long = SkillFactory(name=LONG_NAME, category=category)
    requirement = RequirementFactory(skill=python, level=entry, target=2, weight=5)
    career = requirement.career
    RequirementFactory(career=career, skill=python, level=mid, target=3)
    RequirementFactory(career=career, skill=long, level=senior, target=2)
    for level in (entry, mid, senior):
        CareerLevelFactory(career=career, level=level)
    return career, python


PAGES: list[tuple[str, Callable[[Career, Skill], str]]] = [
    ("index", lambda c, s: "/admin/"),
    ("careers", lambda c, s: "/admin/careers/career/"),
    ("career", lambda c, s: f"/admin/careers/career/{c.pk}/change/"),
    ("matrix", lambda c, s: f"/admin/careers/career/{c.pk}/matrix/"),
    ("import", lambda c, s: "/admin/careers/career/import/"),
    ("skills", lambda c, s: "/admin/careers/skill/"),
    ("skill search", lambda c, s: "/admin/careers/skill/?q=data"),
    ("skill", lambda c, s: f"/admin/careers/skill/{s.pk}/change/"),
    ("new skill", lambda c, s: "/admin/careers/skill/add/"),
    ("categories", lambda c, s: "/admin/careers/skillcategory/"),
    ("levels", lambda c, s: "/admin/careers/level/"),
    ("requirements", lambda c, s: "/admin/careers/requirement/"),
    ("resources", lambda c, s: "/admin/careers/resource/"),
    ("descriptors", lambda c, s: "/admin/careers/descriptor/"),
    ("career page", lambda c, s: f"/careers/{c.slug}/"),
]


def test_every_curator_page_is_axe_clean_and_fits_1280(live_server: LiveServer, page: Page) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    career, python = taxonomy()
    UserFactory(username="curator", is_staff=True, is_superuser=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "curator")
    failures = []
    for name, path in PAGES:
        page.goto(base + path(career, python))
        for check in (assert_accessible, assert_fits):
            try:
                check(page)
            except AssertionError as error:
                failures.append(f"{name} ({path(career, python)}): {error}")
    assert not failures, "\n\n".join(failures)
