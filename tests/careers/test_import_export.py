"""Taxonomy import and export: messages that name the place, all-or-nothing, round trips."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from careers.exporter import export_csv, export_json
from careers.importer import import_taxonomy
from careers.models import Career, Requirement, Skill, SkillCategory
from tests.factories import (
    CareerLevelFactory,
    DescriptorFactory,
    RequirementFactory,
    ResourceFactory,
    SkillCategoryFactory,
    SkillFactory,
    standard_levels,
)

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/schema/taxonomy.schema.json").read_text()
)
REQ_HEADER = "career,level,category,skill,target,weight,must_have\n"
SKILL_HEADER = (
    "slug,name,category,description,hours_per_point,prerequisites,onet_id,esco_uri,sfia_code\n"
)


@pytest.fixture
def base() -> SkillCategory:
    """Levels, one category and two skills for CSVs to point at."""
    standard_levels()
    category = SkillCategoryFactory(slug="ml", name="ML")
    SkillFactory(slug="python", name="Python", category=category)
    SkillFactory(slug="statistics", name="Statistics", category=category)
    return category


def csv_import(requirements: str, skills: str | None = None, *, dry_run: bool = False):  # noqa: ANN201
    files = {"requirements.csv": requirements.encode()}
    if skills is not None:
        files["skills.csv"] = skills.encode()
    return import_taxonomy(files, dry_run=dry_run)


def messages(plan) -> list[str]:  # noqa: ANN001
    return [str(i) for i in plan.issues]


# --- every error names the file, the place, the field and the reason; nothing is saved -----------


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("ladder,entry,ml,python,7,3,no\n", "requirements.csv, line 3, target: 7 is out of 1–5"),
        ("ladder,entry,ml,python,3,0,no\n", "requirements.csv, line 3, weight: 0 is out of 1–5"),
        ("ladder,entry,ml,python,three,3,no\n", "requirements.csv, line 3, target: 'three' is not a whole number"),
        ("ladder,entry,ml,python,3,3,perhaps\n", "requirements.csv, line 3, must_have: 'perhaps' is not yes or no"),
        ("ladder,entry,cooking,python,3,3,no\n", "requirements.csv, line 3, category: unknown category 'cooking'"),
        ("ladder,entry,ml,knitting,3,3,no\n", "requirements.csv, line 3, skill: unknown skill 'knitting'"),
        ("ladder,principal,ml,python,3,3,no\n", "requirements.csv, line 3, level: unknown level 'principal'"),
        ("ladder,entry,ml,python,3,3,no\nladder,mid,ml,python,2,3,no\n",
         "requirements.csv, line 4, target: target 2 at mid is lower than 3 at entry for 'python' in 'ladder'"),
        ("ladder,entry,ml,python,3,3,no\nladder,entry,ml,python,4,3,no\n",
         "requirements.csv, line 4: duplicate row: the same requirement as requirements.csv, line 3"),
        ("ladder,entry,ml,python,3,3,no,extra\n", "requirements.csv, line 3: has 8 cells; the header has 7"),
    ],
)  # fmt: skip
def test_each_requirement_error_is_named_and_nothing_is_saved(
    base: SkillCategory, rows: str, message: str
) -> None:
    plan = csv_import(REQ_HEADER + "ladder,entry,ml,statistics,2,3,no\n" + rows)
    assert message in "\n".join(messages(plan))
    assert not plan.applied
    assert not Career.objects.exists() and not Requirement.objects.exists()


def test_one_upload_reports_every_problem_even_on_a_row_with_a_bad_number(
    base: SkillCategory,
) -> None:
    plan = csv_import(
        REQ_HEADER + "ladder,entry,ml,knitting,7,3,no\nladder,galactic,ml,python,x,3,no\n"
    )
    assert messages(plan) == [
        "requirements.csv, line 2, target: 7 is out of 1–5",
        "requirements.csv, line 3, target: 'x' is not a whole number",
        "requirements.csv, line 2, skill: unknown skill 'knitting': add it, with a name, to a skills CSV",
        "requirements.csv, line 3, level: unknown level 'galactic'",
    ]
    assert not Career.objects.exists()


def test_a_new_skill_without_a_name_is_refused(base: SkillCategory) -> None:
    plan = csv_import(
        REQ_HEADER + "ladder,entry,ml,graph-ml,2,3,no\n", SKILL_HEADER + "graph-ml,,ml,,,,,,\n"
    )
    assert (
        "skills.csv, line 2, name: is missing: 'graph-ml' is a new skill and needs a name"
        in messages(plan)
    )
    assert not Skill.objects.filter(slug="graph-ml").exists()


def test_a_prerequisite_cycle_across_file_and_database_is_named(base: SkillCategory) -> None:
    Skill.objects.get(slug="statistics").prerequisites.add(Skill.objects.get(slug="python"))
    plan = csv_import(REQ_HEADER, SKILL_HEADER + "python,Python,ml,,10,statistics,,,\n")
    assert messages(plan) == [
        "skills.csv, line 2, prerequisites: prerequisite cycle python → statistics → python"
    ]
    assert not Skill.objects.get(slug="python").prerequisites.exists()


def test_an_unknown_prerequisite_is_named(base: SkillCategory) -> None:
    plan = csv_import(REQ_HEADER, SKILL_HEADER + "python,Python,ml,,10,algebra;statistics,,,\n")
    assert messages(plan) == ["skills.csv, line 2, prerequisites: unknown skill 'algebra'"]


def test_a_stray_column_is_refused(base: SkillCategory) -> None:
    plan = csv_import(
        "career,level,category,skill,target,weight,must_have,colour\nx,entry,ml,python,3,3,no,red\n"
    )
    assert messages(plan)[0].startswith(
        "requirements.csv, line 1, colour: is not a requirements column"
    )
    assert not Career.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(base: SkillCategory) -> None:
    latin1 = (REQ_HEADER + "ladder,entry,ml,python,3,3,no  # café\n").encode("latin-1")
    plan = import_taxonomy({"requirements.csv": latin1}, dry_run=False)
    assert "is not UTF-8 text; save the file as UTF-8" in messages(plan)[0]
    assert not Career.objects.exists()


def test_a_nul_character_is_refused_not_a_server_error(base: SkillCategory) -> None:
    plan = csv_import(REQ_HEADER, SKILL_HEADER + "python,Py\x00thon,ml,,10,,,,\n")
    assert messages(plan) == ["skills.csv, line 2, name: contains a NUL character"]
    assert Skill.objects.get(slug="python").name == "Python"


def test_a_csv_with_an_unknown_header_is_refused(base: SkillCategory) -> None:
    plan = csv_import("name,age\nbob,3\n")
    assert "has neither a requirements header" in messages(plan)[0]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "taxonomy.json, line 1: is not valid JSON"),
        ('{"format": "other", "version": 1}', 'taxonomy.json, $, format: must be "skillgap-taxonomy"'),
        ('{"format": "skillgap-taxonomy", "version": 9}', "taxonomy.json, $, version: 9 is not supported"),
        ('{"format": "skillgap-taxonomy", "version": 1, "careers": [{"slug": "c", "name": "C",'
         ' "requirements": [{"skill": "python", "level": "entry", "target": 9, "weight": 1}]}]}',
         "taxonomy.json, $.careers[0].requirements[0], target: 9 is out of 1–5"),
        ('{"format": "skillgap-taxonomy", "version": 1, "skills": [{"slug": "x", "name": "X", "category": "ml",'
         ' "resources": [{"title": "T", "url": "u", "kind": "podcast", "hours": 1, "from_score": 0, "to_score": 2}]}]}',
         "taxonomy.json, $.skills[0].resources[0], kind: 'podcast' is not one of course"),
    ],
)  # fmt: skip
def test_json_errors_name_the_json_path(base: SkillCategory, document: str, message: str) -> None:
    plan = import_taxonomy({"taxonomy.json": document.encode()}, dry_run=False)
    assert any(message in m for m in messages(plan)), messages(plan)
    assert not Career.objects.exists()


@pytest.mark.parametrize(
    ("skill", "message"),
    [
        (
            '"external_ids": ["2.B.3.e"]',
            "taxonomy.json, $.skills[0], external_ids: must be an object",
        ),
        (
            '"prerequisites": "python"',
            "taxonomy.json, $.skills[0], prerequisites: must be a list of slugs",
        ),
    ],
)
def test_json_fields_of_the_wrong_shape_are_named(
    base: SkillCategory, skill: str, message: str
) -> None:
    document = '{"format": "skillgap-taxonomy", "version": 1, "skills": [{"slug": "x", "name": "X", "category": "ml", %s}]}'
    plan = import_taxonomy({"taxonomy.json": (document % skill).encode()}, dry_run=False)
    assert messages(plan) == [message]
    assert not Skill.objects.filter(slug="x").exists()


def test_one_bad_row_among_many_saves_nothing(base: SkillCategory) -> None:
    rows = "".join(f"ladder-{i},entry,ml,python,3,3,no\n" for i in range(50))
    plan = csv_import(REQ_HEADER + rows + "ladder-x,entry,ml,python,8,3,no\n")
    assert len(plan.issues) == 1
    assert not Career.objects.exists()


# --- dry run, upsert, and what job seekers get ----------------------------------------------------


def test_a_dry_run_previews_and_saves_nothing(base: SkillCategory) -> None:
    plan = csv_import(
        REQ_HEADER + "ladder,entry,ml,python,2,3,yes\nladder,entry,,graph-ml,1,2,no\n",
        SKILL_HEADER + "graph-ml,Graph ML,ml,Learning on graphs,30,python,,,\n",
        dry_run=True,
    )
    assert plan.ok and not plan.applied
    assert plan.counts["skills"]["create"] == 1 and plan.counts["requirements"]["create"] == 2
    assert plan.counts["careers"]["create"] == 1
    assert not Career.objects.exists() and not Skill.objects.filter(slug="graph-ml").exists()


def test_import_upserts_by_slug_and_job_seekers_can_assess_at_once(
    base: SkillCategory, client: Client
) -> None:
    first = csv_import(REQ_HEADER + "company-ladder,entry,ml,python,2,3,yes\n")
    assert first.applied
    second = csv_import(
        REQ_HEADER + "company-ladder,entry,ml,python,3,4,yes\ncompany-ladder,mid,ml,python,4,4,no\n"
    )
    assert second.counts["requirements"] == {"update": 1, "create": 1}
    career = Career.objects.get(slug="company-ladder")
    assert career.name == "Company Ladder"
    assert list(career.requirements.order_by("level__rank").values_list("target", flat=True)) == [
        3,
        4,
    ]
    response = client.post(reverse("assessments:start", args=[career.slug]), {"level": "mid"})
    assert client.get(response["Location"]).status_code == 200


def test_a_skill_missing_at_a_higher_level_is_a_warning_not_an_error(base: SkillCategory) -> None:
    plan = csv_import(
        REQ_HEADER + "ladder,entry,ml,python,2,3,no\nladder,mid,ml,statistics,2,3,no\n"
    )
    assert plan.applied
    assert plan.warnings == ["ladder: python is required from entry but missing at mid"]


# --- export and round trips ---------------------------------------------------------------------


def rich_taxonomy() -> None:
    entry, mid, senior = standard_levels()
    cat = SkillCategoryFactory(slug="ml", name="ML", order=2)
    other = SkillCategoryFactory(slug="soft", name="Soft skills", order=5)
    python = SkillFactory(
        slug="python", name="Python", category=cat, onet_id="2.B.3.e", sfia_code="PROG"
    )
    algebra = SkillFactory(
        slug="algebra",
        name="Linear algebra",
        category=cat,
        esco_uri="http://data.europa.eu/esco/skill/x",
    )
    deep = SkillFactory(slug="deep", name="Deep learning", category=cat, hours_per_point=30)
    talk = SkillFactory(slug="talk", name="Communication", category=other)
    deep.prerequisites.add(algebra, python)
    DescriptorFactory(skill=None, score=0, label="None", text="Nothing yet.")
    DescriptorFactory(skill=None, score=3, label="Competent", text="Works alone.")
    DescriptorFactory(skill=python, score=5, label="Expert", text="Sets standards.")
    ResourceFactory(
        skill=deep, title="D2L", url="https://d2l.ai/", kind="book", hours=80, to_score=4
    )
    ResourceFactory(
        skill=python, title="Tutorial", url="https://docs.python.org/3/tutorial/", is_free=True
    )
    career = RequirementFactory(
        career__slug="ml-eng",
        career__name="ML engineer",
        skill=python,
        level=entry,
        target=2,
        must_have=True,
    ).career
    for level, target in ((mid, 3), (senior, 4)):
        RequirementFactory(career=career, skill=python, level=level, target=target, must_have=True)
        RequirementFactory(career=career, skill=deep, level=level, target=target - 1, weight=5)
    RequirementFactory(career=career, skill=talk, level=senior, target=3, weight=2)
    CareerLevelFactory(
        career=career, level=entry, years_min=0, years_max=1, salary_min=90000, salary_max=120000
    )
    CareerLevelFactory(career=career, level=senior, years_min=5, years_max=None, salary_min=None, salary_max=None)  # fmt: skip


def wipe_taxonomy() -> None:
    for model in (Requirement, Career, Skill.prerequisites.through, Skill, SkillCategory):
        model.objects.all().delete()
    from careers.models import Descriptor, Level

    Descriptor.objects.all().delete()
    Level.objects.all().delete()


def test_json_round_trip_into_an_empty_database_gives_identical_bytes() -> None:
    rich_taxonomy()
    before = export_json()
    wipe_taxonomy()
    assert not Skill.objects.exists()
    plan = import_taxonomy({"taxonomy.json": before}, dry_run=False)
    assert plan.applied, messages(plan)
    assert export_json() == before
    again = import_taxonomy({"taxonomy.json": before}, dry_run=True)
    assert all(set(c) <= {"unchanged"} for c in again.counts.values())


def test_csv_round_trip_gives_identical_bytes_and_agrees_with_json() -> None:
    rich_taxonomy()
    csvs, as_json = export_csv(), export_json()
    Requirement.objects.all().delete()
    Career.objects.all().delete()
    Skill.prerequisites.through.objects.all().delete()
    Skill.objects.all().update(description="", onet_id="", esco_uri="", sfia_code="")
    plan = import_taxonomy(csvs, dry_run=False)
    assert plan.applied, messages(plan)
    assert export_csv() == csvs
    # Career names and levels, descriptors and resources live only in the bundle; the rest agrees.
    assert [
        (r["skill"], r["level"], r["target"], r["weight"], r["must_have"])
        for r in json.loads(export_json())["careers"][0]["requirements"]
    ] == [
        (r["skill"], r["level"], r["target"], r["weight"], r["must_have"])
        for r in json.loads(as_json)["careers"][0]["requirements"]
    ]


def test_exporting_a_career_brings_its_skills_and_their_prerequisites() -> None:
    rich_taxonomy()
    SkillFactory(slug="unrelated")
    data = json.loads(export_json(["ml-eng"]))
    assert [s["slug"] for s in data["skills"]] == ["algebra", "deep", "python", "talk"]
    assert [c["slug"] for c in data["careers"]] == ["ml-eng"]


def test_the_export_matches_the_documented_schema_and_carries_crosswalk_ids() -> None:
    rich_taxonomy()
    data = json.loads(export_json())
    jsonschema.validate(data, SCHEMA)
    python = next(s for s in data["skills"] if s["slug"] == "python")
    assert python["external_ids"] == {"onet_id": "2.B.3.e", "esco_uri": "", "sfia_code": "PROG"}


def test_a_large_generated_file_imports(django_assert_max_num_queries: Callable) -> None:
    standard_levels()
    SkillCategoryFactory(slug="gen", name="Generated")
    skills = SKILL_HEADER + "".join(
        f"s{i:04d},Skill {i},gen,,10,{f's{i - 1:04d}' if i else ''},,,\n" for i in range(600)
    )
    reqs = REQ_HEADER + "".join(
        f"career-{c},{level},gen,s{i:04d},{t},3,no\n"
        for c in range(3)
        for i in range(c * 200, c * 200 + 200)
        for level, t in (("entry", 1), ("mid", 2), ("senior", 3))
    )
    with django_assert_max_num_queries(60):  # bulk writes: the count does not follow the rows
        plan = import_taxonomy(
            {"skills.csv": skills.encode(), "requirements.csv": reqs.encode()}, dry_run=False
        )
    assert plan.applied, messages(plan)[:3]
    assert Skill.objects.count() == 600 and Requirement.objects.count() == 1800
    assert Skill.prerequisites.through.objects.count() == 599


# --- commands ---


def test_import_command_dry_run_then_import(base: SkillCategory, tmp_path: Path) -> None:
    path = tmp_path / "ladder.csv"
    path.write_text(REQ_HEADER + "ladder,entry,ml,python,2,3,yes\n")
    out = io.StringIO()
    call_command("import_taxonomy", str(path), "--dry-run", stdout=out)
    assert "Would import" in out.getvalue() and not Career.objects.exists()
    call_command("import_taxonomy", str(path), stdout=io.StringIO())
    assert Career.objects.filter(slug="ladder").exists()


def test_import_command_fails_with_every_error_and_saves_nothing(
    base: SkillCategory, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(REQ_HEADER + "ladder,entry,ml,python,7,3,no\nladder,entry,ml,nope,2,3,no\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_taxonomy", str(path), stderr=err)
    assert "line 2, target: 7 is out of 1–5" in err.getvalue()
    assert "line 3, skill: unknown skill 'nope'" in err.getvalue()
    assert not Career.objects.exists()


def test_export_command_writes_json_and_csv(tmp_path: Path) -> None:
    rich_taxonomy()
    out = io.StringIO()
    call_command("export_taxonomy", "ml-eng", stdout=out)
    assert json.loads(out.getvalue())["careers"][0]["slug"] == "ml-eng"
    call_command(
        "export_taxonomy", "--format", "csv", "--output", str(tmp_path), stdout=io.StringIO()
    )
    assert (tmp_path / "requirements.csv").read_text().startswith("career,level,category")
    with pytest.raises(CommandError, match="Unknown career: nope"):
        call_command("export_taxonomy", "nope")


# --- admin ---


def upload(client: Client, *files: tuple[str, str]) -> object:
    payload = [io.BytesIO(content.encode()) for _, content in files]
    for f, (name, _) in zip(payload, files, strict=True):
        f.name = name
    return client.post(reverse("admin:careers_career_import"), {"files": payload})


def test_admin_upload_previews_then_confirms(base: SkillCategory, curator_client: Client) -> None:
    changelist = curator_client.get(reverse("admin:careers_career_changelist")).content.decode()
    assert reverse("admin:careers_career_import") in changelist
    preview = upload(
        curator_client,
        (
            "requirements.csv",
            REQ_HEADER + "ladder,entry,ml,python,2,3,yes\nladder,entry,,graph,1,2,no\n",
        ),
        ("skills.csv", SKILL_HEADER + "graph,Graph ML,ml,,30,,,,\n"),
    )
    body = preview.content.decode()
    assert preview.status_code == 200 and "Confirm import" in body
    assert "<td>skills</td><td>1</td>" in body
    assert not Career.objects.exists()
    done = curator_client.post(
        reverse("admin:careers_career_import"), {"confirm": "1"}, follow=True
    )
    assert "Imported requirements.csv, skills.csv" in done.content.decode()
    assert Career.objects.get(slug="ladder").requirements.count() == 2


def test_admin_upload_with_errors_lists_them_and_offers_no_confirm(
    base: SkillCategory, curator_client: Client
) -> None:
    preview = upload(curator_client, ("ladder.csv", REQ_HEADER + "ladder,entry,ml,python,7,3,no\n"))
    body = preview.content.decode()
    assert preview.status_code == 400
    assert "ladder.csv, line 2, target: 7 is out of 1–5" in body and "Confirm import" not in body
    confirm = curator_client.post(
        reverse("admin:careers_career_import"), {"confirm": "1"}, follow=True
    )
    assert "That preview has expired" in confirm.content.decode()
    assert not Career.objects.exists()


def test_admin_import_is_for_curators_only(base: SkillCategory, owner_client: Client) -> None:
    response = owner_client.get(reverse("admin:careers_career_import"))
    assert response.status_code == 302  # to the admin log-in


def test_admin_export_actions_download(curator_client: Client) -> None:
    rich_taxonomy()
    career = Career.objects.get()
    url = reverse("admin:careers_career_changelist")
    as_json = curator_client.post(
        url, {"action": "export_as_json", "_selected_action": [career.pk]}
    )
    assert json.loads(as_json.content)["careers"][0]["slug"] == "ml-eng"
    as_zip = curator_client.post(url, {"action": "export_as_csv", "_selected_action": [career.pk]})
    names = zipfile.ZipFile(io.BytesIO(as_zip.content)).namelist()
    assert sorted(names) == ["requirements.csv", "skills.csv"]


@pytest.mark.parametrize("n_skills", [10, 200])
@pytest.mark.parametrize("model", ["skill", "requirement"])
def test_admin_changelists_stay_at_fixed_queries(
    curator_client: Client, django_assert_num_queries: Callable, n_skills: int, model: str
) -> None:
    from tests.factories import career_with_skills

    career_with_skills(n_skills)
    url = reverse(f"admin:careers_{model}_changelist")
    curator_client.get(url)  # warm the session
    # session, user, the changelist's count, page and filter choices: the same at any size
    with django_assert_num_queries(8):
        response = curator_client.get(url)
    assert response.status_code == 200


# --- whatever a curator uploads, the answer is a plan with messages, never an exception ---------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
# Keys biased to real field names, so the fuzzing reaches skills, resources and requirements.
field_names = st.sampled_from(
    [
        "slug",
        "name",
        "category",
        "prerequisites",
        "resources",
        "descriptors",
        "rank",
        "order",
        "score",
        "text",
        "label",
        "requirements",
        "levels",
        "skill",
        "level",
        "target",
        "weight",
        "must_have",
        "hours",
        "from_score",
        "to_score",
        "url",
        "kind",
        "is_free",
        "external_ids",
        "years_min",
        "years_max",
        "salary_min",
        "salary_max",
    ]
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 10)
    | cells
    | st.sampled_from(["python", "entry", "ml"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(field_names | cells, inner, max_size=5)
    ),
    max_leaves=25,
)
bundle_keys = st.sampled_from(["levels", "categories", "default_scale", "skills", "careers", "x"])


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=9), max_size=5))
def test_any_csv_cells_give_messages_not_exceptions(
    base: SkillCategory, rows: list[list[str]]
) -> None:
    import csv as csv_module

    out = io.StringIO()
    writer = csv_module.writer(out)
    writer.writerow(REQ_HEADER.strip().split(","))
    writer.writerows(rows)
    plan = import_taxonomy({"r.csv": out.getvalue().encode()}, dry_run=True)
    assert isinstance(plan.issues, list)


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(parts=st.dictionaries(bundle_keys, json_values, max_size=4))
def test_any_json_shape_gives_messages_not_exceptions(base: SkillCategory, parts: dict) -> None:
    document = {"format": "skillgap-taxonomy", "version": 1, **parts}
    plan = import_taxonomy({"t.json": json.dumps(document).encode()}, dry_run=True)
    assert isinstance(plan.issues, list)
