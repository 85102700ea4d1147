"""Issue 24: skill search at ESCO's size (14,000 skills, each with an ESCO URI)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from careers.models import ExternalId, Scheme, Skill, SkillAlias, SkillCategory
from careers.transfer.importer import keyed

SKILLS = 14_000
ESCO = "http://data.europa.eu/esco/skill/"
# The ones that say "data", in each place search reads; every other skill says it only in
# its ESCO URI, or inside a word ("metadata").
SAYS_DATA = {
    "skill-00007": "name",  # "Big data 7"
    "skill-00070": "description",
    "skill-00700": "alias",
    "skill-07000": "prefix",  # "Database design"
}


# ESCO-like names: a verb and an object, few words shared by many skills; "metadata" says
# "data" only inside a word.
VERBS = ["manage", "operate", "maintain", "design", "apply", "monitor", "install", "inspect",
         "prepare", "advise", "assess", "repair", "plan", "teach"]  # fmt: skip
OBJECTS = ["records", "machinery", "budgets", "software", "livestock", "contracts", "vehicles",
           "metadata", "policies", "textiles", "crops", "networks", "patients", "archives",
           "furniture", "engines", "exhibitions", "invoices", "vineyards"]  # fmt: skip


def skill(n: int, category: SkillCategory) -> Skill:
    slug = f"skill-{n:05d}"
    verb, thing = VERBS[n % len(VERBS)], OBJECTS[n // len(VERBS) % len(OBJECTS)]
    name = f"{verb.capitalize()} {thing} {n}"
    description = f"The ability to {verb} {thing} safely and well."
    kind = SAYS_DATA.get(slug)
    if kind == "name":
        name = f"Big data {n}"
    elif kind == "description":
        description = "Clean data before analysis."
    elif kind == "prefix":
        name = f"Database design {n}"
    return keyed(Skill(slug=slug, name=name, description=description, category=category))


def esco_taxonomy() -> list[Skill]:
    """14,000 skills, each with an ESCO URI, in seconds (bulk writes); bench/search_bench.py too."""
    category = keyed(SkillCategory(slug="esco", name="ESCO"))
    category.save()
    skills = Skill.objects.bulk_create([skill(n, category) for n in range(SKILLS)], batch_size=2000)
    ExternalId.objects.bulk_create(
        [ExternalId(skill=s, scheme=Scheme.ESCO, code=f"{ESCO}{uuid.uuid4()}") for s in skills],
        batch_size=2000,
    )
    aliased = next(s for s in skills if s.slug == "skill-00700")
    SkillAlias.objects.bulk_create(
        [keyed(SkillAlias(skill=aliased, name="Data stewardship"))]
        + [keyed(SkillAlias(skill=s, name=f"Metadata {s.pk}")) for s in skills[:500]]
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give
            cursor.execute("ANALYZE careers_skill, careers_skillalias, careers_externalid")
    return skills


@pytest.fixture(scope="module")
def esco_module(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[list[Skill]]:
    """Built once for the module (as `seeded` is), then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield esco_taxonomy()
        transaction.set_rollback(True)


@pytest.fixture
def esco_sized(esco_module: list[Skill], db: None) -> list[Skill]:
    """Each test runs in a savepoint inside the module's transaction."""
    return esco_module


def timed(client: Client, url: str, params: dict[str, str]) -> tuple[float, object]:
    client.get(url, params)  # warm: the first request pays for imports and caches
    start = time.perf_counter()
    response = client.get(url, params)
    return time.perf_counter() - start, response


def test_searching_data_finds_only_skills_that_say_data(
    esco_sized: list[Skill], curator_client: Client
) -> None:
    assert Skill.objects.count() == SKILLS
    found = Skill.objects.search("data").values_list("slug", flat=True)
    assert sorted(found) == sorted(SAYS_DATA)


def test_admin_search_for_data_lists_only_those_skills(
    esco_sized: list[Skill], curator_client: Client
) -> None:
    seconds, response = timed(
        curator_client, reverse("admin:careers_skill_changelist"), {"q": "data"}
    )
    assert response.status_code == 200  # type: ignore[attr-defined]
    cl = response.context["cl"]  # type: ignore[attr-defined]
    assert sorted(s.slug for s in cl.result_list) == sorted(SAYS_DATA)
    assert seconds < 2.0  # generous: the bench measures it (docs/performance.md)


def test_prerequisite_autocomplete_for_data_at_esco_size(
    esco_sized: list[Skill], curator_client: Client
) -> None:
    params = {
        "app_label": "careers",
        "model_name": "skill",
        "field_name": "prerequisites",
        "term": "data",
    }
    seconds, response = timed(curator_client, reverse("admin:autocomplete"), params)
    texts = sorted(r["text"] for r in response.json()["results"])  # type: ignore[attr-defined]
    assert texts == ["Big data 7", "Database design 7000", "Manage contracts 70",
                     "Manage patients 700"]  # fmt: skip
    assert seconds < 2.0


def test_an_esco_uri_or_its_uuid_finds_its_skill(esco_sized: list[Skill]) -> None:
    target = esco_sized[1234]
    code = ExternalId.objects.get(skill=target).code
    assert list(Skill.objects.search(code)) == [target]
    assert list(Skill.objects.search(code.removeprefix(ESCO))) == [target]
