"""Issue 24: names that cannot collide by accident, on both databases and at every door."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse

from careers.models import Skill, SkillAlias
from careers.transfer.importer import import_taxonomy
from lib.names import name_key, search_terms, search_words
from tests.careers.importing import SKILL_HEADER, bundle, messages
from tests.factories import CareerFactory, SkillAliasFactory, SkillCategoryFactory, SkillFactory

# Each pair looks like one name to a reader: the look-alikes.
LOOK_ALIKES = [
    ("Python", "python"),
    ("Café", "Cafe"),
    ("R\u00e9sum\u00e9", "Re\u0301sume\u0301"),  # NFC and NFD: the same on screen
    ("Python", "Py\u200bthon"),  # a zero-width space inside
    ("Python", "\uff30\uff59\uff54\uff48\uff4f\uff4e"),  # fullwidth Ｐｙｔｈｏｎ
    ("Data science", "Data\u00adscience".replace("\u00ad", " \u00ad")),  # soft hyphen
    ("Straße", "STRASSE"),
    ("Big  data", "Big data"),
]
DIFFERENT = [("Java", "JavaScript"), ("C", "C++"), ("नमस्ते", "नमस्त"), ("Go", "Go 2")]


@pytest.mark.parametrize(("first", "second"), LOOK_ALIKES)
def test_look_alike_names_share_a_key(first: str, second: str) -> None:
    assert first != second
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_different_names_keep_different_keys(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


def test_search_words_are_word_prefixes_not_substrings() -> None:
    words = search_words("Big data", "Metadata for http://data.europa.eu/esco/skill/x")
    assert " data" in words and " big" in words
    assert " metadata" in words and words.count(" data") == 2  # "data" and "data" of the URL
    assert search_terms("  ＤＡＴＡ  science ") == ["data", "science"]


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), LOOK_ALIKES)
@pytest.mark.parametrize("factory", [SkillFactory, SkillCategoryFactory, CareerFactory])
def test_the_database_refuses_a_look_alike_name(first: str, second: str, factory: Any) -> None:
    factory(name=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(name=second)
    assert factory._meta.model.objects.count() == 1


@pytest.mark.django_db
def test_a_renamed_row_gets_its_new_key() -> None:
    skill = SkillFactory(name="Pandas")
    skill.name = "Ｐｏｌａｒｓ"
    skill.save()
    assert Skill.objects.get(name_key="polars") == skill


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "name"),
    [("CAFÉ", "café"), ("ΣΊΣΥΦΟΣ", "σίσυφος"), ("ПРИВЕТ", "привет"), ("ｐｙｔｈｏｎ", "Python")],
)
def test_a_skill_is_named_whatever_the_case_on_both_databases(query: str, name: str) -> None:
    skill = SkillFactory(name=name)
    SkillFactory(name="Other")
    assert list(Skill.objects.named(query)) == [skill]


@pytest.mark.django_db
def test_a_skill_is_named_by_an_alias_whatever_the_case() -> None:
    skill = SkillFactory(name="Statistics")
    SkillAliasFactory(skill=skill, name="Ανάλυση")
    assert list(Skill.objects.named("ΑΝΆΛΥΣΗ")) == [skill]


# --- the importer's preview ---


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), LOOK_ALIKES)
def test_import_refuses_a_look_alike_of_a_stored_skill_naming_both(first: str, second: str) -> None:
    category = SkillCategoryFactory(slug="ml")
    SkillFactory(slug="stored", name=first, category=category)
    skill = {"slug": "incoming", "name": second, "category": "ml"}
    plan = import_taxonomy(bundle(skills=[skill]), dry_run=True)
    assert messages(plan) == [
        f"t.json, line 1 ($.skills[0]), name: {second!r} looks the same as {first!r}, the name "
        "of skill 'stored' (names are compared ignoring case, accents, character width and "
        "invisible characters)"
    ]
    assert not import_taxonomy(bundle(skills=[skill]), dry_run=False).applied
    assert not Skill.objects.filter(slug="incoming").exists()


@pytest.mark.django_db
def test_import_refuses_look_alikes_within_its_files_naming_both_rows() -> None:
    SkillCategoryFactory(slug="ml")
    files = {
        "skills.csv": (
            SKILL_HEADER + "cafe,Cafe,ml,,,,,,\nother,Other,ml,,,,,,\ncafe2,CAFÉ,ml,,,,,,\n"
        ).encode()
    }
    plan = import_taxonomy(files, dry_run=True)
    assert messages(plan) == [
        "skills.csv, line 4, name: 'CAFÉ' looks the same as 'Cafe', the name of skill 'cafe' at "
        "skills.csv, line 2 (names are compared ignoring case, accents, character width and "
        "invisible characters)"
    ]


@pytest.mark.django_db
def test_import_refuses_a_look_alike_category_and_career() -> None:
    SkillCategoryFactory(slug="ml", name="Machine learning")
    CareerFactory(slug="ds", name="Data scientist")
    plan = import_taxonomy(
        bundle(
            categories=[{"slug": "ml2", "name": "MACHINE LEARNING"}],
            careers=[{"slug": "ds2", "name": "Data\u200b Scientist"}],
        ),
        dry_run=True,
    )
    assert [m.split(" looks the same as ")[0] for m in messages(plan)] == [
        "t.json, line 1 ($.categories[0]), name: 'MACHINE LEARNING'",
        "t.json, line 1 ($.careers[0]), name: 'Data\\u200b Scientist'",
    ]


@pytest.mark.django_db
def test_import_may_change_a_names_case_and_swap_two_names() -> None:
    ml = SkillCategoryFactory(slug="ml")
    SkillFactory(slug="a", name="Alpha", category=ml)
    SkillFactory(slug="b", name="Beta", category=ml)
    skills = [
        {"slug": "a", "name": "BETA", "category": "ml"},
        {"slug": "b", "name": "alpha", "category": "ml"},
    ]
    plan = import_taxonomy(bundle(skills=skills), dry_run=False)
    assert plan.applied, messages(plan)
    assert dict(Skill.objects.values_list("slug", "name_key")) == {"a": "beta", "b": "alpha"}
    assert all("name key" not in str(change) for change in plan.changes)


@pytest.mark.django_db
def test_imported_rows_get_their_keys() -> None:
    SkillCategoryFactory(slug="ml")
    skill = {
        "slug": "py",
        "name": "Ｐｙｔｈｏｎ",
        "category": "ml",
        "description": "Data work",
        "aliases": ["CPython"],
    }
    assert import_taxonomy(bundle(skills=[skill]), dry_run=False).applied
    stored = Skill.objects.get(slug="py")
    assert (stored.name_key, stored.search_words) == ("python", " python data work ")
    assert SkillAlias.objects.get().name_key == "cpython"


# --- the admin's forms ---


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory", "extra"),
    [
        ("skill", SkillFactory, {"hours_per_point": 10}),
        ("skillcategory", SkillCategoryFactory, {"order": 0}),
        ("career", CareerFactory, {"order": 0}),
    ],
)
def test_admin_form_refuses_a_look_alike_name_on_the_name_field(
    curator_client: Client, model: str, factory: Any, extra: dict[str, Any]
) -> None:
    existing = factory(name="Café")
    data: dict[str, Any] = {"name": "CAFE\u200b", "slug": "new-one", **extra}
    if model == "skill":
        data["category"] = existing.category_id
        for prefix in ("aliases", "external_ids", "descriptors", "resources"):
            data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    if model == "career":
        data.update({"career_levels-TOTAL_FORMS": 0, "career_levels-INITIAL_FORMS": 0})
    response = curator_client.post(reverse(f"admin:careers_{model}_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["name"] == [
        "“CAFE\u200b” looks the same as “Café”, the name of another "
        f"{factory._meta.model._meta.verbose_name}: names are compared ignoring case, accents, "
        "character width and invisible characters."
    ]
    assert factory._meta.model.objects.count() == 1


@pytest.mark.django_db
def test_a_skill_may_change_the_case_of_its_own_name() -> None:
    skill = SkillFactory(name="python")
    assert Skill(pk=skill.pk, name="Python").look_alike() is None
    assert Skill(name="PYTHON").look_alike() == skill


# --- the migration that fills keys for rows stored before them ---


@pytest.mark.django_db
def test_the_migration_fills_keys_and_sets_stored_look_alikes_apart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = SkillFactory(name="Python", description="Code")
    second = SkillFactory(name="Other")
    # As stored before keys existed: a look-alike name, and no keys at all.
    Skill.objects.filter(pk=second.pk).update(name="Pyth\u200bon")
    Skill.objects.update(name_key=F("slug"), search_words="")
    migration = importlib.import_module("careers.migrations.0009_names_compared_by_key")
    migration.fill_keys(apps, None)
    keys = dict(Skill.objects.values_list("pk", "name_key"))
    assert keys == {first.pk: "python", second.pk: f"python\x1f{second.pk}"}
    assert Skill.objects.get(pk=first.pk).search_words == " python code "
    assert "looks like" in capsys.readouterr().out
