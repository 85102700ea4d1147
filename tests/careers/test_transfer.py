"""Taxonomy import and export: messages that name the place, all-or-nothing, round trips."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from careers.models import (
    Career,
    CareerNote,
    DemandFigure,
    ExternalId,
    Level,
    Requirement,
    Resource,
    SalaryBand,
    Skill,
    SkillAlias,
    SkillCategory,
)
from careers.transfer.bundle import GUIDE_COLUMNS
from careers.transfer.exporter import export_csv, export_json
from careers.transfer.importer import Plan, import_taxonomy
from careers.transfer.limits import model_limits
from tests import html, sheets
from tests.careers.importing import REQ_HEADER, SKILL_HEADER, messages
from tests.factories import (
    CareerFactory,
    CareerLevelFactory,
    DescriptorFactory,
    RequirementFactory,
    ResourceFactory,
    SkillAliasFactory,
    SkillCategoryFactory,
    SkillFactory,
    standard_levels,
    with_ids,
)

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/schema/taxonomy.schema.json").read_text()
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
         "requirements.csv, line 4, target: python: target 2 at mid is lower than 3 at entry; a higher level needs at least as much. (career 'ladder')"),
        ("ladder,entry,ml,python,3,3,no\nladder,entry,ml,python,4,3,no\n",
         "requirements.csv, line 4: duplicate row: requirement ladder: python at entry is already at requirements.csv, line 3"),
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
    assert "requirements.csv, line 2: is not UTF-8 text" in messages(plan)[0]
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
         "taxonomy.json, line 1 ($.careers[0].requirements[0]), target: 9 is out of 1–5"),
        ('{"format": "skillgap-taxonomy", "version": 1, "skills": [{"slug": "x", "name": "X", "category": "ml",'
         ' "resources": [{"title": "T", "url": "u", "kind": "podcast", "hours": 1, "from_score": 0, "to_score": 2}]}]}',
         "taxonomy.json, line 1 ($.skills[0].resources[0]), kind: 'podcast' is not one of course"),
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
            "taxonomy.json, line 1 ($.skills[0]), external_ids: must be an object",
        ),
        (
            '"prerequisites": "python"',
            "taxonomy.json, line 1 ($.skills[0]), prerequisites: must be a list of slugs",
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
    assert plan.warnings == ["ladder: python is required from entry but missing at mid."]


# --- export and round trips ---------------------------------------------------------------------


def rich_taxonomy() -> None:
    entry, mid, senior = standard_levels()
    cat = SkillCategoryFactory(slug="ml", name="ML", order=2)
    other = SkillCategoryFactory(slug="soft", name="Soft skills", order=5)
    python = with_ids(
        SkillFactory(slug="python", name="Python", category=cat), onet="2.B.3.e", sfia="PROG"
    )
    algebra = with_ids(
        SkillFactory(slug="algebra", name="Linear algebra", category=cat),
        esco=["http://data.europa.eu/esco/skill/x", "http://data.europa.eu/esco/skill/y"],
    )
    SkillAliasFactory(skill=python, name="Python 3")
    SkillAliasFactory(skill=python, name="CPython")
    SkillFactory(slug="cobol", name="COBOL", category=other, archived=True)
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
    # The career guide's data (issue 24): every shape of a pay figure, demand, notes.
    python.in_demand = True
    python.save()
    for order, (level, lo, hi, approx, plus, kind, place) in enumerate(
        [
            (None, 157969, 161777, False, False, "market", ""),
            (None, 44362, 44362, True, False, "market", ""),
            (senior, None, 258810, False, False, "city", "San Francisco, CA"),
            (entry, 112000, None, True, False, "market", ""),
            (None, 150000, 200000, False, True, "remote", "Remote"),
            (None, 148296, 254898, False, False, "employer", '=Top tech, e.g. "Google"'),
        ]
    ):
        SalaryBand.objects.create(
            career=career, level=level, label=f"Band {order}", place_kind=kind, place=place,
            salary_min=lo, salary_max=hi, approximate=approx, open_ended=plus,
            source="The guide; p. 2", year=2024 if order % 2 else None, order=order,
        )  # fmt: skip
    DemandFigure.objects.create(career=career, text="+35% postings", source="Indeed", period="")
    DemandFigure.objects.create(career=career, text="+74%", source="LinkedIn", period="4 years", order=1)  # fmt: skip
    CareerNote.objects.create(career=career, section="trend", heading="AutoML", text="Automates.")
    CareerNote.objects.create(career=career, section="challenge", text="Line one,\nline two", order=1)  # fmt: skip


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
    Skill.objects.all().update(description="", archived=False)
    ExternalId.objects.all().delete()
    SkillAlias.objects.all().delete()
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
    assert python["external_ids"] == {"onet": ["2.B.3.e"], "esco": [], "sfia": ["PROG"]}
    assert python["aliases"] == ["CPython", "Python 3"]
    assert next(s for s in data["skills"] if s["slug"] == "cobol")["archived"] is True


def test_a_large_generated_file_imports(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
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
    assert ["skills", "1", "0", "0"] in html.rows(preview, "#import-counts")
    assert not Career.objects.exists()
    done = curator_client.post(
        reverse("admin:careers_career_import"), {"confirm": "1"}, follow=True
    )
    assert "Imported requirements.csv, skills.csv" in done.content.decode()
    assert Career.objects.get(slug="ladder").requirements.count() == 2


def test_a_file_the_taxonomy_already_holds_says_so_and_offers_nothing_to_confirm(
    base: SkillCategory, curator_client: Client
) -> None:
    """Re-importing an unchanged export offered "Confirm import" beside all-zero changes."""
    files = (
        ("requirements.csv", REQ_HEADER + "ladder,entry,ml,python,2,3,yes\n"),
        ("skills.csv", SKILL_HEADER + "graph,Graph ML,ml,,30,,,,\n"),
    )
    upload(curator_client, *files)
    curator_client.post(reverse("admin:careers_career_import"), {"confirm": "1"})
    again = upload(curator_client, *files)
    assert again.status_code == 200 and "Confirm import" not in again.content.decode()
    assert "Nothing to change" in html.text(again, "#import-nothing")


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
    assert sorted(names) == ["guide.csv", "requirements.csv", "skills.csv"]


def hostile_taxonomy() -> Career:
    """Slugs, names, descriptions, aliases and codes that start like spreadsheet formulas."""
    entry, _, _ = standard_levels()
    cat = SkillCategoryFactory(slug="-cat", name="=HYPERLINK(1)")
    base = SkillFactory(slug="-base", name="+Base", category=cat, description="@SUM(1)")
    skill = with_ids(
        SkillFactory(slug="x", name="=1+1", category=cat, description="-2+3"),
        onet="+1.A",
        sfia="@PROG",
    )
    skill.prerequisites.add(base)
    SkillAliasFactory(skill=skill, name="=alias")
    SkillAliasFactory(skill=skill, name="'=already quoted")
    career = CareerFactory(slug="-career", name="-Career")
    RequirementFactory(career=career, skill=skill, level=entry, target=2)
    RequirementFactory(career=career, skill=base, level=entry, target=1)
    return career


def test_the_taxonomy_csv_export_runs_no_formula_and_imports_back_as_it_was(
    curator_client: Client,
) -> None:
    career = hostile_taxonomy()
    url = reverse("admin:careers_career_changelist")
    download = curator_client.post(
        url, {"action": "export_as_csv", "_selected_action": [career.pk]}
    )
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    csvs = {name: archive.read(name) for name in archive.namelist()}
    assert csvs == export_csv(["-career"])
    for name, body in csvs.items():
        assert sheets.live_formulas(body) == [], name
    assert ["'-career", "entry", "'-cat", "x", "2", "3", "no"] in sheets.rows(
        csvs["requirements.csv"]
    )
    # The importer takes the apostrophe off again: the same values, byte for byte.
    Requirement.objects.all().delete()
    Skill.prerequisites.through.objects.all().delete()
    SkillAlias.objects.all().delete()
    ExternalId.objects.all().delete()
    Skill.objects.update(name=Concat(F("slug"), Value(" renamed")), description="")
    plan = import_taxonomy(csvs, dry_run=False)
    assert plan.applied, messages(plan)
    assert export_csv(["-career"]) == csvs
    skill = Skill.objects.get(slug="x")
    assert (skill.name, skill.description, skill.alias_names()) == (
        "=1+1",
        "-2+3",
        ["'=already quoted", "=alias"],
    )
    assert skill.codes()["onet"] == ["+1.A"]
    assert list(skill.prerequisites.values_list("slug", flat=True)) == ["-base"]


@pytest.mark.parametrize("n_skills", [10, 200])
@pytest.mark.parametrize("model", ["skill", "requirement"])
def test_admin_changelists_stay_at_fixed_queries(
    curator_client: Client,
    django_assert_num_queries: DjangoAssertNumQueries,
    n_skills: int,
    model: str,
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

from hypothesis import HealthCheck, event, given, settings  # noqa: E402
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
    before = Requirement.objects.count()
    plan = import_taxonomy({"r.csv": out.getvalue().encode()}, dry_run=True)
    # Every problem is a message that names the file; a preview never writes.
    assert all(str(issue).startswith("r.csv") for issue in plan.issues)
    assert Requirement.objects.count() == before


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(parts=st.dictionaries(bundle_keys, json_values, max_size=4))
def test_any_json_shape_gives_messages_not_exceptions(base: SkillCategory, parts: dict) -> None:
    document = {"format": "skillgap-taxonomy", "version": 1, **parts}
    plan = import_taxonomy({"t.json": json.dumps(document).encode()}, dry_run=True)
    assert all(str(issue).startswith("t.json, ") for issue in plan.issues)
    assert all(issue.where for issue in plan.issues)  # a JSON path, or a line for bad JSON
    assert Skill.objects.count() == 2  # the base's own: a preview never writes


# --- the write path, fuzzed: the real run agrees with its preview, and writes all or nothing ---

SLUGS = ["python", "statistics", "sql", "graph-ml", "rust"]
LEVEL_SLUGS = ["entry", "mid", "senior", "principal", "staff"]
ESCO = "http://data.europa.eu/esco/skill/"


def rarely(value: object, usually: st.SearchStrategy, careful: bool = False) -> st.SearchStrategy:
    """Mostly a good value, sometimes the given mistake (never when `careful`)."""
    return usually if careful else st.one_of(*[usually] * 7, st.just(value))


def partial(
    draw: st.DrawFn, key: dict, rest: dict, new: bool, required: tuple[str, ...], careful: bool
) -> dict:
    """A row with its key and a drawn part of its other fields: one left out keeps its value.

    A new row mostly gives what a new row needs (leaving it out is a mistake)."""
    kept = set(draw(st.lists(st.sampled_from(sorted(rest)), unique=True)))
    if new and draw(rarely(False, st.just(True), careful)):
        kept |= set(required)
    return {**key, **{name: rest[name] for name in sorted(kept)}}


@st.composite
def levels(draw: st.DrawFn, careful: bool) -> list[dict]:
    """Old and new levels at drawn ranks: swaps, shared ranks and taken names among them."""
    slugs = draw(st.lists(st.sampled_from(LEVEL_SLUGS), max_size=3, unique=True))
    return [
        partial(
            draw,
            {"slug": slug},
            {
                "name": draw(st.sampled_from([slug.title(), slug.title(), "Entry", "Mid"])),
                # Old levels mostly trade ranks among themselves (swaps); new ones go anywhere.
                "rank": draw(
                    st.integers(4, 6) | st.integers(1, 3)
                    if slug not in ("entry", "mid", "senior")
                    else st.integers(1, 3) | st.integers(1, 6)
                ),
            },
            new=slug not in ("entry", "mid", "senior"),
            required=("name", "rank"),
            careful=careful,
        )
        for slug in slugs
    ]


@st.composite
def skills(draw: st.DrawFn, known: list[str], careful: bool) -> list[dict]:
    """Skills over a few slugs, their names sometimes another's, with aliases and ids."""
    slugs = draw(st.lists(st.sampled_from(SLUGS), max_size=4, unique=True))
    return [
        partial(
            draw,
            {"slug": slug},
            {
                "name": draw(rarely("Python", st.just(slug.replace("-", " ").title()))),
                "category": draw(rarely("nowhere", st.just("ml"), careful)),
                "description": draw(st.sampled_from(["", "Changed."])),
                "hours_per_point": draw(rarely(0, st.integers(1, 40), careful)),
                "prerequisites": draw(st.lists(st.sampled_from(known), max_size=2, unique=True)),
                "aliases": draw(
                    st.lists(rarely("", st.sampled_from(["Py", "Same"]), careful), max_size=2)
                ),
                "external_ids": {
                    "esco": draw(
                        st.lists(
                            rarely(
                                "not-a-uri",
                                st.sampled_from([ESCO + "python", ESCO + slug]),
                                careful,
                            ),
                            max_size=2,
                        )
                    ),
                    "onet": draw(st.lists(st.sampled_from(["2.B.3.e", "2.A.1.b"]), max_size=1)),
                },
                "archived": draw(st.booleans()),
                "resources": [
                    {
                        "title": "A course",
                        "url": f"https://example.com/{slug}",
                        "kind": draw(
                            rarely("podcast", st.sampled_from(["course", "book"]), careful)
                        ),
                        "hours": draw(rarely(0, st.integers(1, 30), careful)),
                        "from_score": draw(st.integers(0, 2)),
                        "to_score": draw(rarely(0, st.integers(3, 5), careful)),
                    }
                ][: draw(st.integers(0, 1))],
            },
            new=slug not in ("python", "statistics"),
            required=("name", "category"),
            careful=careful,
        )
        for slug in slugs
    ]


@st.composite
def bundles(draw: st.DrawFn) -> dict:
    """Small bundles over a few slugs: mostly valid, with the mistakes curators make."""
    # A careful curator makes no mistake of form; names and ranks may still clash.
    careful = draw(st.booleans())
    skill_rows = draw(skills(["python", "statistics", *SLUGS], careful))
    level_rows = draw(levels(careful))
    known = ["python", "statistics", *(s["slug"] for s in skill_rows)]
    known_levels = sorted({"entry", "mid", "senior", *(lv["slug"] for lv in level_rows)})
    requirements = [
        {
            "skill": draw(rarely("unknown-skill", st.sampled_from(known), careful)),
            "level": draw(rarely("galactic", st.sampled_from(known_levels), careful)),
            "target": draw(rarely(0, st.integers(1, 5), careful)),
            "weight": draw(st.integers(1, 5)),
            "must_have": draw(st.booleans()),
        }
        for _ in range(draw(st.integers(0, 5)))
    ]
    careers = [
        {
            "slug": slug,
            "name": draw(st.sampled_from([slug.title(), "Same"])),
            "requirements": requirements,
        }
        for slug in draw(st.lists(st.sampled_from(["ladder", "other"]), max_size=2, unique=True))
    ]
    return {
        "format": "skillgap-taxonomy",
        "version": 2,
        "levels": level_rows,
        "skills": skill_rows,
        "careers": careers,
    }


def taxonomy_now() -> bytes:
    return export_json()


def read_back(document: dict, plan: Plan) -> None:
    """What was written reads back as the bundle said (merged skills under their new slug)."""
    merged = dict(m.split(" (", 1)[0].split(" → ") for m in plan.merges)
    for level in document["levels"]:
        stored = Level.objects.get(slug=level["slug"])
        assert (stored.name, stored.rank) == (
            level.get("name", stored.name),
            level.get("rank", stored.rank),
        )
    for skill in document["skills"]:
        stored = Skill.objects.get(slug=merged.get(skill["slug"], skill["slug"]))
        if skill["slug"] in merged:
            assert set(skill.get("aliases", [])) <= set(stored.alias_names())
            continue
        assert stored.name == skill.get("name", stored.name)
        assert stored.archived == skill.get("archived", stored.archived)
        assert set(stored.alias_names()) == set(skill.get("aliases", stored.alias_names()))
        for scheme, codes in skill.get("external_ids", {}).items():
            assert set(stored.codes()[scheme]) == set(codes)
    for career in document["careers"]:
        for r in career["requirements"]:
            found = Requirement.objects.get(
                career__slug=career["slug"],
                skill__slug=merged.get(r["skill"], r["skill"]),
                level__slug=r["level"],
            )
            assert (found.target, found.weight) == (r["target"], r["weight"])


@pytest.fixture
def crosswalked(base: SkillCategory) -> SkillCategory:
    """The base with ids to merge into: python (ESCO, O*NET), statistics (O*NET)."""
    with_ids(Skill.objects.get(slug="python"), esco=ESCO + "python", onet="2.B.3.e")
    with_ids(Skill.objects.get(slug="statistics"), onet="2.A.1.b")
    return base


@settings(
    max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(document=bundles(), merge=st.booleans())
def test_the_real_import_agrees_with_its_preview_and_writes_all_or_nothing(
    crosswalked: SkillCategory, document: dict, merge: bool
) -> None:
    """On SQLite and PostgreSQL alike (the suite runs on both): whatever the bundle, the
    preview's verdict is the real run's, a write that passes the checks never fails in the
    database, and a refused one leaves the taxonomy as it was."""
    files = {"t.json": json.dumps(document).encode()}
    before = taxonomy_now()
    preview = import_taxonomy(files, dry_run=True, match_external_ids=merge)
    assert taxonomy_now() == before
    with transaction.atomic():  # undone after each example, so examples stay independent
        real = import_taxonomy(files, dry_run=False, match_external_ids=merge)
        assert not real.database_error, real.issues
        assert [str(i) for i in real.issues] == [str(i) for i in preview.issues]
        assert real.summary() == preview.summary()
        assert [str(c) for c in real.changes] == [str(c) for c in preview.changes]
        event("written" if real.ok else "refused")
        event(f"merged {len(real.merges)}")
        ranks = [lv["rank"] for lv in document["levels"] if "rank" in lv]
        if len(ranks) > len(set(ranks)):
            event("levels in the file share a rank")
        if real.ok:
            if sorted(Level.objects.values_list("rank", flat=True))[:3] != [1, 2, 3] or list(
                Level.objects.order_by("rank").values_list("slug", flat=True)[:2]
            ) != ["entry", "mid"]:
                event("written with old levels reordered")
            read_back(document, real)
            # Written, the bundle is what the database holds: importing it again changes nothing.
            again = import_taxonomy(files, dry_run=True, match_external_ids=merge)
            assert again.changes == [], again.changes
        else:
            assert taxonomy_now() == before
        transaction.set_rollback(True)


# --- the bundle's limits are the models' ------------------------------------------------------


# Fields a JSON bundle gives by nesting (a resource inside its skill) or as keys (a scheme
# names its list of codes), not as properties of their own.
IMPLIED = {
    "descriptor.skill", "resource.skill", "career_level.career", "requirement.career",
    "alias.skill", "external_id.skill", "external_id.scheme",
    "salary_band.career", "demand.career", "note.career",
    # A guide list's order is its place in the list.
    "salary_band.order", "demand.order", "note.order",
}  # fmt: skip
SCHEMA_DEFS = {"career_level": "careerLevel", "salary_band": "salaryBand"}


def schema_property(kind: str, name: str) -> dict:
    if kind in ("alias", "external_id"):  # lists of plain strings
        return SCHEMA["$defs"]["alias" if kind == "alias" else "code"]
    prop = SCHEMA["$defs"][SCHEMA_DEFS.get(kind, kind)]["properties"][name]
    ref = prop.get("$ref")
    return {**(SCHEMA["$defs"][ref.rsplit("/", 1)[1]] if ref else {}), **prop}


def test_the_json_schema_states_the_models_limits() -> None:
    limits = model_limits()
    for key, length in limits.lengths.items():
        if key in IMPLIED:
            continue
        kind, name = key.split(".")
        prop = schema_property(kind, name)
        assert prop.get("maxLength", length if "enum" in prop else None) == length, key
    for key, (low, _) in limits.ranges.items():
        if key in IMPLIED:
            continue
        kind, name = key.split(".")
        assert schema_property(kind, name).get("minimum") == low, key
    assert schema_property("resource", "kind")["enum"] == list(limits.kinds)
    assert schema_property("salary_band", "place_kind")["enum"] == list(limits.place_kinds)
    assert schema_property("note", "section")["enum"] == list(limits.sections)
    ids = SCHEMA["$defs"]["skill"]["properties"]["external_ids"]["properties"]
    assert list(ids) == list(limits.schemes)


@pytest.mark.parametrize(
    ("skill", "message"),
    [
        ('"slug": "%s"' % ("s" * 121), "taxonomy.json, line 1 ($.skills[0]), slug: is 121 characters; at most 120"),
        ('"slug": "x", "name": "%s"' % ("N" * 121), "taxonomy.json, line 1 ($.skills[0]), name: is 121 characters; at most 120"),
        ('"slug": "x", "name": "X", "external_ids": {"sfia": ["%s"]}' % ("C" * 301), "taxonomy.json, line 1 ($.skills[0]), sfia: is 301 characters; at most 300"),
        ('"slug": "x", "name": "X", "aliases": ["%s"]' % ("A" * 121), "taxonomy.json, line 1 ($.skills[0]), aliases: is 121 characters; at most 120"),
    ],
)  # fmt: skip
def test_a_value_longer_than_its_column_is_refused_with_the_columns_limit(
    base: SkillCategory, skill: str, message: str
) -> None:
    document = '{"format": "skillgap-taxonomy", "version": 2, "skills": [{"category": "ml", %s}]}'
    plan = import_taxonomy({"taxonomy.json": (document % skill).encode()}, dry_run=False)
    assert messages(plan) == [message]
    assert Skill.objects.count() == 2


@pytest.mark.parametrize(
    "url",
    [
        " JaVaScRiPt:alert(document.cookie)//",
        "data:text/html,<script>x</script>",
        "ftp://example.com/x",
        "https:no-host",
    ],
)
def test_an_imported_link_that_is_not_http_is_refused(base: SkillCategory, url: str) -> None:
    resource = {
        "title": "T",
        "url": url,
        "kind": "course",
        "hours": 1,
        "from_score": 0,
        "to_score": 2,
    }
    document = {
        "format": "skillgap-taxonomy", "version": 1,
        "skills": [{"slug": "python", "category": "ml", "resources": [resource]}],
    }  # fmt: skip
    plan = import_taxonomy({"t.json": json.dumps(document).encode()}, dry_run=False)
    (message,) = messages(plan)
    assert message.startswith("t.json, line 1 ($.skills[0].resources[0]), url: ")
    assert message.endswith("is not a web link: only http:// and https:// are taken")
    assert not Resource.objects.exists()


def test_the_checker_reads_each_unique_constraint_and_required_field_off_the_models() -> None:
    from careers.transfer.limits import Unique, model_rules

    rules = model_rules()
    assert set(rules.unique["level"]) == {Unique(("name",)), Unique(("slug",)), Unique(("rank",))}
    assert set(rules.unique["descriptor"]) == {
        Unique(("score",), (("skill", True),)),  # the default scale: one wording a score
        Unique(("skill", "score"), (("skill", False),)),
    }
    assert Unique(("career", "skill", "level")) in rules.unique["requirement"]
    assert Unique(("skill", "scheme", "code")) in rules.unique["external_id"]
    assert rules.required["skill"] == {"name", "slug", "category"}
    assert rules.required["requirement"] == {"career", "skill", "level", "target"}


def test_the_guide_csv_carries_a_careers_lists_and_refuses_a_row_it_cannot_read() -> None:
    rich_taxonomy()
    guide = export_csv()["guide.csv"].decode()
    assert guide.splitlines()[0] == ",".join(GUIDE_COLUMNS)
    assert 'ml-eng,salary_bands,senior,Band 2,city,"San Francisco, CA",,258810,no,no' in guide
    assert "'=Top tech" in guide  # a formula-looking cell is written as text
    bad = (
        ",".join(GUIDE_COLUMNS)
        + "\nml-eng,salary_bands,,Band,city,,,,no,no,USD,,,,,The guide,"
        + "\nml-eng,notes,,,,,,,,,,,trend,AutoML,Automates.,,"
        + "\nml-eng,demand,mid,,,,,,,,,,,,+35%,Indeed,past year\n"
    )
    plan = import_taxonomy({"guide.csv": bad.encode()}, dry_run=True)
    assert messages(plan) == [
        "guide.csv, line 4, level: is not a field here (expected text, source, period)",
        "guide.csv, line 2, salary_min: a pay figure needs salary_min, salary_max or both",
        "guide.csv, line 2, place: is missing: a city figure names its place",
    ]
    assert not plan.applied
