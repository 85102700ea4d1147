"""Crosswalks that merge (issue 11, capability 7): several ids per scheme, aliases, and an
import that matches skills by external id before slug."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from careers.models import ExternalId, Requirement, Skill, SkillAlias, SkillCategory
from careers.transfer.importer import import_taxonomy
from tests import html
from tests.careers.importing import bundle, messages
from tests.conftest import latest, migrate
from tests.factories import (
    ExternalIdFactory,
    SkillAliasFactory,
    SkillCategoryFactory,
    SkillFactory,
    skill_form,
    standard_levels,
    with_ids,
)

pytestmark = pytest.mark.django_db

ESCO = "http://data.europa.eu/esco/skill/"


@pytest.fixture
def seeded() -> SkillCategory:
    """A seed-like taxonomy a curator has crosswalked to ESCO and O*NET."""
    standard_levels()
    programming = SkillCategoryFactory(slug="programming", name="Programming")
    python = SkillFactory(
        slug="python", name="Python", category=programming, description="The language."
    )
    with_ids(python, esco=ESCO + "python", onet="2.B.3.e")
    with_ids(
        SkillFactory(slug="sql", name="SQL", category=programming, description=""), sfia="DBDS"
    )
    return programming


def esco_bundle(*skills: dict, careers: list[dict] | None = None) -> dict[str, bytes]:
    return bundle("esco.json", skills=list(skills), careers=careers or [])


# --- the model --------------------------------------------------------------------------------


def refused(create: Callable[[], Any]) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_skill_carries_several_ids_per_scheme() -> None:
    skill = with_ids(SkillFactory(), onet=["2.B.3.e", "2.A.1.b"], esco=ESCO + "x")
    assert skill.codes() == {"onet": ["2.A.1.b", "2.B.3.e"], "esco": [ESCO + "x"], "sfia": []}
    assert refused(lambda: ExternalIdFactory(skill=skill, scheme="onet", code="2.B.3.e"))


@pytest.mark.parametrize("code", ["data.europa.eu/esco/skill/x", "ftp://x.org/a", "javascript:x"])
def test_the_database_refuses_an_esco_id_that_is_not_an_http_uri(code: str) -> None:
    assert refused(lambda: ExternalIdFactory(scheme="esco", code=code))


def test_an_unknown_scheme_or_an_empty_code_is_refused_by_the_database() -> None:
    assert refused(lambda: ExternalIdFactory(scheme="isco", code="2512"))
    assert refused(lambda: ExternalIdFactory(scheme="onet", code=""))


def test_aliases_are_unique_per_skill_and_read_without_a_query_each(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    python, rust = SkillFactory(), SkillFactory()
    SkillAliasFactory(skill=python, name="Py")
    SkillAliasFactory(skill=rust, name="Py")  # another skill may share an alias
    assert refused(lambda: SkillAliasFactory(skill=python, name="Py"))
    SkillAliasFactory(skill=python, name="CPython")
    with django_assert_num_queries(2):  # the skills, then every alias at once
        names = {s.pk: s.alias_names() for s in Skill.objects.with_aliases()}
    assert names == {python.pk: ["CPython", "Py"], rust.pk: ["Py"]}


def test_the_admin_form_refuses_an_esco_id_that_is_not_an_http_uri(
    curator_client: Client,
) -> None:
    skill = SkillFactory(name="Python")
    data = skill_form(
        skill,
        **{
            "aliases-TOTAL_FORMS": 1,
            "aliases-0-name": "Python 3",
            "external_ids-TOTAL_FORMS": 1,
            "external_ids-0-scheme": "esco",
            "external_ids-0-code": "data.europa.eu/esco/skill/x",
        },
    )
    url = reverse("admin:careers_skill_change", args=[skill.pk])
    response = curator_client.post(url, data)
    assert "is not an http(s) URI, as ESCO ids are" in html.text(response)
    assert not ExternalId.objects.exists() and not SkillAlias.objects.exists()
    data["external_ids-0-code"] = ESCO + "x"
    assert curator_client.post(url, data).status_code == 302
    assert skill.alias_names() == ["Python 3"] and skill.codes()["esco"] == [ESCO + "x"]


# --- the data migration -----------------------------------------------------------------------

BEFORE = [("careers", "0002_level_rank_and_resource_hours_at_least_one")]


@pytest.mark.django_db(transaction=True)
def test_the_three_id_columns_move_into_the_table_and_back() -> None:
    executor = migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        category = old.get_model("careers", "SkillCategory").objects.create(name="C", slug="c")
        OldSkill = old.get_model("careers", "Skill")
        OldSkill.objects.create(
            name="Python", slug="python", category=category, onet_id="2.B.3.e",
            esco_uri="https://data.europa.eu/esco/skill/p", sfia_code="PROG",
        )  # fmt: skip
        OldSkill.objects.create(
            name="SQL", slug="sql", category=category, esco_uri="data.europa.eu/esco/skill/s"
        )
        OldSkill.objects.create(name="Talk", slug="talk", category=category)
        executor = migrate([("careers", "0003_external_ids_table_replaces_three_columns")])
        moved = executor.loader.project_state(
            [("careers", "0003_external_ids_table_replaces_three_columns")]
        ).apps
        rows = moved.get_model("careers", "ExternalId").objects.values_list(
            "skill__slug", "scheme", "code"
        )
        assert sorted(rows) == [
            ("python", "esco", "https://data.europa.eu/esco/skill/p"),
            ("python", "onet", "2.B.3.e"),
            ("python", "sfia", "PROG"),
            # Typed without its scheme in admin, which assumed https:// (an import did not).
            ("sql", "esco", "https://data.europa.eu/esco/skill/s"),
        ]
        executor = migrate(BEFORE)
        back = executor.loader.project_state(BEFORE).apps.get_model("careers", "Skill")
        assert back.objects.get(slug="python").sfia_code == "PROG"
        assert back.objects.get(slug="talk").onet_id == ""
    finally:
        migrate(latest())


# --- merging by external id -------------------------------------------------------------------


def test_an_esco_skill_with_the_same_uri_merges_into_the_existing_one(
    seeded: SkillCategory,
) -> None:
    incoming = {
        "slug": "python-computer-programming",
        "name": "Python (computer programming)",
        "category": "esco-digital",
        "description": "ESCO's description.",
        "aliases": ["Python 3", "Python"],
        "external_ids": {"esco": [ESCO + "python"]},
    }
    requirement = {
        "skill": "python-computer-programming",
        "level": "entry",
        "target": 2,
        "weight": 3,
    }
    files = esco_bundle(
        incoming, careers=[{"slug": "dev", "name": "Dev", "requirements": [requirement]}]
    )
    plan = import_taxonomy(files, dry_run=False, match_external_ids=True)
    assert plan.applied, messages(plan)
    assert plan.merges == [
        "python-computer-programming → python (same ESCO http://data.europa.eu/esco/skill/python)"
    ]
    python = Skill.objects.get(slug="python")
    assert not Skill.objects.filter(slug="python-computer-programming").exists()
    assert (python.name, python.description, python.category.slug) == (
        "Python", "The language.", "programming",
    )  # fmt: skip
    assert python.alias_names() == ["Python (computer programming)", "Python 3"]
    assert python.codes() == {"onet": ["2.B.3.e"], "esco": [ESCO + "python"], "sfia": []}
    assert Requirement.objects.get(career__slug="dev").skill == python


def test_a_merge_fills_an_empty_description_and_adds_ids(seeded: SkillCategory) -> None:
    incoming = {
        "slug": "sql-esco",
        "name": "SQL",
        "description": "Structured Query Language.",
        "external_ids": {"sfia": ["DBDS"], "esco": [ESCO + "sql"]},
    }
    plan = import_taxonomy(esco_bundle(incoming), dry_run=False, match_external_ids=True)
    assert plan.applied, messages(plan)
    sql = Skill.objects.get(slug="sql")
    assert sql.description == "Structured Query Language."
    assert sql.codes() == {"onet": [], "esco": [ESCO + "sql"], "sfia": ["DBDS"]}
    assert sql.alias_names() == []  # same name: nothing to add


def test_without_the_option_a_skill_is_matched_by_slug_only(seeded: SkillCategory) -> None:
    incoming = {
        "slug": "python-computer-programming",
        "name": "Python (computer programming)",
        "category": "programming",
        "external_ids": {"esco": [ESCO + "python"]},
    }
    plan = import_taxonomy(esco_bundle(incoming), dry_run=False)
    assert plan.applied and plan.merges == []
    assert Skill.objects.filter(slug="python-computer-programming").exists()


def test_a_skill_matching_two_existing_skills_is_refused(seeded: SkillCategory) -> None:
    incoming = {
        "slug": "code",
        "name": "Coding",
        "category": "programming",
        "external_ids": {"onet": ["2.B.3.e"], "sfia": ["DBDS"]},
    }
    plan = import_taxonomy(esco_bundle(incoming), dry_run=True, match_external_ids=True)
    assert messages(plan) == [
        "esco.json, line 1 ($.skills[0]), external_ids: matches 2 skills by external id: 'python' "
        "(O*NET 2.B.3.e); 'sql' (SFIA DBDS); keep one"
    ]


def test_two_rows_merging_into_one_skill_are_refused(seeded: SkillCategory) -> None:
    first = {"slug": "py-a", "name": "Py A", "external_ids": {"esco": [ESCO + "python"]}}
    second = {"slug": "py-b", "name": "Py B", "external_ids": {"onet": ["2.B.3.e"]}}
    plan = import_taxonomy(esco_bundle(first, second), dry_run=True, match_external_ids=True)
    assert messages(plan) == [
        "esco.json, line 1 ($.skills[1]), external_ids: matches skill 'python' (O*NET 2.B.3.e), as "
        "esco.json, line 1 ($.skills[0]) does; merge the two rows in the file"
    ]


def test_aliases_and_ids_come_in_through_a_skills_csv(seeded: SkillCategory) -> None:
    csv = (
        "slug,name,category,onet_id,esco_uri,aliases\n"
        f"rust,Rust,programming,2.B.3.e;2.B.3.f,{ESCO}rust,Rust lang;rustlang\n"
    )
    plan = import_taxonomy({"skills.csv": csv.encode()}, dry_run=False)
    assert plan.applied, messages(plan)
    rust = Skill.objects.get(slug="rust")
    assert rust.alias_names() == ["Rust lang", "rustlang"]
    assert rust.codes() == {"onet": ["2.B.3.e", "2.B.3.f"], "esco": [ESCO + "rust"], "sfia": []}


def test_an_import_refuses_an_esco_id_that_is_not_an_http_uri(seeded: SkillCategory) -> None:
    incoming = {"slug": "python", "external_ids": {"esco": ["javascript:alert(1)"]}}
    plan = import_taxonomy(esco_bundle(incoming), dry_run=True)
    assert messages(plan) == [
        "esco.json, line 1 ($.skills[0]), external_ids: 'javascript:alert(1)' is not an http(s) URI, "
        "as ESCO ids are"
    ]


def test_a_version_1_bundle_with_aliases_is_told_they_need_version_2(seeded: SkillCategory) -> None:
    document = {
        "format": "skillgap-taxonomy",
        "version": 1,
        "skills": [{"slug": "python", "aliases": ["Py"]}],
    }
    plan = import_taxonomy({"t.json": json.dumps(document).encode()}, dry_run=True)
    assert messages(plan) == ["t.json, line 1 ($.skills[0]), aliases: needs a version 2 bundle"]


def test_the_admin_merges_by_external_id_when_asked(
    seeded: SkillCategory, curator_client: Client
) -> None:
    incoming = {
        "slug": "esco-python",
        "name": "Python (ESCO)",
        "external_ids": {"esco": [ESCO + "python"]},
    }
    file = io.BytesIO(esco_bundle(incoming)["esco.json"])
    file.name = "esco.json"
    url = reverse("admin:careers_career_import")
    preview = curator_client.post(url, {"files": [file], "match_external_ids": "on"})
    assert html.texts(preview, "#import-merges li") == [
        "esco-python → python (same ESCO http://data.europa.eu/esco/skill/python)"
    ]
    assert "merging by external id" in html.text(preview, "#import-confirm")
    curator_client.post(url, {"confirm": "1"})
    assert Skill.objects.get(slug="python").alias_names() == ["Python (ESCO)"]
    assert not Skill.objects.filter(slug="esco-python").exists()


def test_the_import_command_merges_by_external_id_when_asked(
    seeded: SkillCategory, tmp_path: Path
) -> None:
    from django.core.management import call_command

    path = tmp_path / "esco.json"
    path.write_bytes(
        esco_bundle({"slug": "esco-sql", "name": "SQL", "external_ids": {"sfia": ["DBDS"]}})[
            "esco.json"
        ]
    )
    out = io.StringIO()
    call_command("import_taxonomy", str(path), "--match-external-ids", stdout=out)
    assert "merge: esco-sql → sql (same SFIA DBDS)" in out.getvalue()
    assert not Skill.objects.filter(slug="esco-sql").exists()
