"""Issue 11's measured import defects, each generated here from nothing but factories.

1. a preview that passes and a confirm that crashes (names, ranks, swaps);
2. slug lengths; 3. CSV parser errors; 4. partial updates losing data;
5. bad encodings burying the real error; 6. small misleading messages.
"""

from __future__ import annotations

import base64
import io
import json
import re
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from careers.models import Career, Level, Requirement, Skill, SkillCategory
from careers.transfer import bundle as bundle_module
from careers.transfer import importer
from careers.transfer.admin_views import SESSION_KEY
from careers.transfer.importer import Plan, import_taxonomy
from tests import html
from tests.careers.importing import REQ_HEADER, SKILL_HEADER, bundle, messages
from tests.factories import (
    CareerFactory,
    RequirementFactory,
    SkillCategoryFactory,
    SkillFactory,
    standard_levels,
    with_ids,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def base() -> SkillCategory:
    standard_levels()
    ml = SkillCategoryFactory(slug="ml", name="ML")
    python = SkillFactory(slug="python", name="Python", category=ml)
    SkillFactory(slug="pytorch", name="PyTorch", category=ml, description="Training models.")
    Skill.objects.get(slug="pytorch").prerequisites.add(python)
    return ml


def preview_and_import(files: dict[str, bytes]) -> tuple[Plan, Plan]:
    """The dry run and the real run of the same files: their verdicts must agree."""
    preview = import_taxonomy(files, dry_run=True)
    real = import_taxonomy(files, dry_run=False)
    assert messages(real) == messages(preview)
    return preview, real


# --- 1. the preview knows every unique constraint; the confirm never crashes ---------------------


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"skills": [{"slug": "py", "name": "Python", "category": "ml"}]},
         "t.json, line 1 ($.skills[0]), name: 'Python' is already the name of skill 'python'"),
        ({"skills": [{"slug": "a", "name": "Same", "category": "ml"}, {"slug": "b", "name": "Same", "category": "ml"}]},
         "t.json, line 1 ($.skills[1]), name: 'Same' is also the name of skill 'a' at t.json, line 1 ($.skills[0])"),
        ({"categories": [{"slug": "machine-learning", "name": "ML"}]},
         "t.json, line 1 ($.categories[0]), name: 'ML' is already the name of category 'ml'"),
        ({"levels": [{"slug": "junior", "name": "Entry", "rank": 7}]},
         "t.json, line 1 ($.levels[0]), name: 'Entry' is already the name of level 'entry'"),
        ({"levels": [{"slug": "principal", "name": "Principal", "rank": 4}, {"slug": "staff", "name": "Staff", "rank": 4}]},
         "t.json, line 1 ($.levels[1]), rank: 4 is also the rank of level 'principal' at t.json, line 1 ($.levels[0])"),
        ({"levels": [{"slug": "principal", "name": "Principal", "rank": 2}]},
         "t.json, line 1 ($.levels[0]), rank: 2 is already the rank of level 'mid'"),
        ({"careers": [{"slug": "b", "name": "Ladder"}, {"slug": "a", "name": "Ladder"}]},
         "t.json, line 1 ($.careers[1]), name: 'Ladder' is also the name of career 'b' at t.json, line 1 ($.careers[0])"),
        ({"skills": [{"slug": "python", "name": "PyTorch"}]},
         "t.json, line 1 ($.skills[0]), name: 'PyTorch' is already the name of skill 'pytorch'"),
    ],
)  # fmt: skip
def test_a_name_or_rank_taken_in_the_file_or_the_database_is_named_by_the_preview(
    base: SkillCategory, parts: dict, message: str
) -> None:
    before = Skill.objects.count(), Level.objects.count(), Career.objects.count()
    preview, real = preview_and_import(bundle(**parts))
    assert message in messages(preview)
    assert not real.applied
    assert (Skill.objects.count(), Level.objects.count(), Career.objects.count()) == before


def test_onet_skills_clashing_with_the_seed_are_each_named_with_their_line(
    base: SkillCategory,
) -> None:
    SkillFactory(slug="scala-lang", name="Scala", category=base)
    rows = "".join(
        f"onet-{slug},{name},ml,From O*NET,10,,2.A.{i},,\n"
        for i, (slug, name) in enumerate([("python", "Python"), ("scala", "Scala"), ("go", "Go")])
    )
    preview, real = preview_and_import({"skills.csv": (SKILL_HEADER + rows).encode()})
    assert messages(preview) == [
        "skills.csv, line 2, name: 'Python' is already the name of skill 'python'",
        "skills.csv, line 3, name: 'Scala' is already the name of skill 'scala-lang'",
    ]
    assert not Skill.objects.filter(slug="onet-go").exists()


def test_a_requirements_csv_creating_a_career_named_like_another_is_refused(
    base: SkillCategory,
) -> None:
    CareerFactory(slug="ml-engineer-2", name="Ml Engineer")
    csv = REQ_HEADER + "ml-engineer,entry,ml,python,2,3,no\n"
    preview, _ = preview_and_import({"r.csv": csv.encode()})
    assert messages(preview) == [
        "r.csv, line 2, career: creates career 'ml-engineer' whose 'Ml Engineer' is already "
        "the name of career 'ml-engineer-2'"
    ]


def test_swapping_the_ranks_of_two_levels_is_written(base: SkillCategory) -> None:
    levels = [{"slug": "entry", "rank": 2}, {"slug": "mid", "rank": 1}]
    preview, real = preview_and_import(bundle(levels=levels))
    assert preview.ok and real.applied
    assert dict(Level.objects.values_list("slug", "rank")) == {"entry": 2, "mid": 1, "senior": 3}


def test_a_new_level_takes_a_rank_that_an_old_one_leaves(base: SkillCategory) -> None:
    levels = [{"slug": "senior", "rank": 9}, {"slug": "lead", "name": "Lead", "rank": 3}]
    _, real = preview_and_import(bundle(levels=levels))
    assert real.applied, messages(real)
    assert dict(Level.objects.values_list("slug", "rank")) == {
        "entry": 1, "mid": 2, "senior": 9, "lead": 3,
    }  # fmt: skip


def test_swapping_the_names_of_two_skills_is_written(base: SkillCategory) -> None:
    skills = [{"slug": "python", "name": "PyTorch"}, {"slug": "pytorch", "name": "Python"}]
    _, real = preview_and_import(bundle(skills=skills))
    assert real.applied, messages(real)
    assert Skill.objects.get(slug="python").name == "PyTorch"


def test_a_database_error_at_the_write_is_a_message_not_an_exception(
    base: SkillCategory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(self: object) -> None:
        Skill.objects.filter(slug="python").update(description="half written")
        raise OperationalError("database is locked")

    monkeypatch.setattr(importer.Writer, "run", locked)
    plan = import_taxonomy(bundle(skills=[{"slug": "python", "description": "x"}]), dry_run=False)
    assert plan.database_error and not plan.applied
    assert messages(plan) == [
        "(database): the database refused the write (OperationalError: database is locked); "
        "nothing was saved"
    ]
    assert Skill.objects.get(slug="python").description != "half written"  # rolled back


def upload(client: Client, name: str, content: bytes, **data: Any) -> Any:
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("admin:careers_career_import"), {"files": [file], **data})


def confirm(client: Client) -> Any:
    return client.post(reverse("admin:careers_career_import"), {"confirm": "1"})


def test_the_admin_preview_names_a_clash_and_offers_no_confirm(
    base: SkillCategory, curator_client: Client
) -> None:
    files = bundle(skills=[{"slug": "py", "name": "Python", "category": "ml"}])
    response = upload(curator_client, "t.json", files["t.json"])
    assert response.status_code == 400
    assert html.texts(response, "#import-errors li") == [
        "t.json, line 1 ($.skills[0]), name: 'Python' is already the name of skill 'python'"
    ]
    assert "Confirm import" not in html.text(response)


def test_the_admin_confirm_keeps_the_upload_after_a_database_error_and_a_retry_imports(
    base: SkillCategory, curator_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = bundle(skills=[{"slug": "graph-ml", "name": "Graph ML", "category": "ml"}])["t.json"]
    assert upload(curator_client, "t.json", content).status_code == 200
    real_run = importer.Writer.run

    def locked(self: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(importer.Writer, "run", locked)
    failed = confirm(curator_client)
    assert failed.status_code == 409
    assert "database is locked" in html.text(failed)
    assert "Confirm applies the files previewed above: t.json" in html.text(failed)
    assert not Skill.objects.filter(slug="graph-ml").exists()

    monkeypatch.setattr(importer.Writer, "run", real_run)
    done = confirm(curator_client)
    assert done.status_code == 302
    assert Skill.objects.filter(slug="graph-ml").exists()


def test_an_import_goes_to_the_admin_log(base: SkillCategory, curator_client: Client) -> None:
    csv = REQ_HEADER + "ladder,entry,ml,python,2,3,no\n"
    upload(curator_client, "ladder.csv", csv.encode())
    confirm(curator_client)
    entries = list(LogEntry.objects.order_by("pk"))
    assert [e.object_repr for e in entries] == ["Taxonomy import: ladder.csv", "Ladder"]
    assert entries[1].object_id == str(Career.objects.get(slug="ladder").pk)
    assert "requirements: 1 new" in entries[0].change_message


# --- 2. every field limit comes from the model --------------------------------------------------


def test_a_150_character_career_slug_in_a_requirements_csv_is_refused(base: SkillCategory) -> None:
    csv = REQ_HEADER + "c" * 150 + ",entry,ml,python,2,3,no\n"
    preview, real = preview_and_import({"r.csv": csv.encode()})
    assert messages(preview) == ["r.csv, line 2, career: is 150 characters; at most 120"]
    assert not Career.objects.exists()


def test_a_reference_longer_than_the_slug_it_names_is_refused(base: SkillCategory) -> None:
    requirement = {"skill": "s" * 121, "level": "l" * 51, "target": 2, "weight": 2}
    plan = import_taxonomy(
        bundle(careers=[{"slug": "c", "name": "C", "requirements": [requirement]}]), dry_run=True
    )
    assert messages(plan) == [
        "t.json, line 1 ($.careers[0].requirements[0]), skill: is 121 characters; at most 120",
        "t.json, line 1 ($.careers[0].requirements[0]), level: is 51 characters; at most 50",
    ]


# --- 3. CSV parser errors are messages with line numbers ----------------------------------------


def test_a_csv_with_cr_only_line_endings_imports(base: SkillCategory) -> None:
    csv = "career,level,category,skill,target,weight,must_have\rladder,entry,ml,python,2,3,no\r"
    _, real = preview_and_import({"r.csv": csv.encode()})
    assert real.applied, messages(real)
    assert Requirement.objects.get().target == 2


def test_a_cr_only_csv_names_the_line_of_a_bad_value(base: SkillCategory) -> None:
    csv = (
        REQ_HEADER.replace("\n", "\r")
        + "ladder,entry,ml,python,2,3,no\rladder,mid,ml,python,9,3,no\r"
    )
    plan = import_taxonomy({"r.csv": csv.encode()}, dry_run=True)
    assert messages(plan) == ["r.csv, line 3, target: 9 is out of 1–5"]


def test_a_stray_quote_that_swallows_the_file_is_named_at_its_line(base: SkillCategory) -> None:
    rows = 'ladder,entry,ml,python,2,3,no\nladder,mid,ml,"python,3,3,no\n' + "x" * 140_000 + "\n"
    preview, _ = preview_and_import({"r.csv": (REQ_HEADER + rows).encode()})
    assert messages(preview) == [
        'r.csv, line 3: a cell runs past 131,072 characters from here: a quote (") on this '
        "line is probably never closed"
    ]


# --- 4. a field left out keeps its value; a field given empty clears it ----------------------


def test_adding_a_crosswalk_id_keeps_the_description_and_prerequisites(base: SkillCategory) -> None:
    skills = [{"slug": "pytorch", "category": "ml", "external_ids": {"onet": ["2.B.3.e"]}}]
    _, real = preview_and_import(bundle(skills=skills))
    assert real.applied
    pytorch = Skill.objects.get(slug="pytorch")
    assert pytorch.description == "Training models."
    assert [p.slug for p in pytorch.prerequisites.all()] == ["python"]
    assert pytorch.codes() == {"onet": ["2.B.3.e"], "esco": [], "sfia": []}


def test_a_version_1_partial_skill_keeps_what_it_leaves_out(base: SkillCategory) -> None:
    document = {
        "format": "skillgap-taxonomy",
        "version": 1,
        "skills": [{"slug": "pytorch", "category": "ml", "external_ids": {"onet_id": "2.B.3.e"}}],
    }
    plan = import_taxonomy({"t.json": json.dumps(document).encode()}, dry_run=False)
    assert plan.applied, messages(plan)
    pytorch = Skill.objects.get(slug="pytorch")
    assert pytorch.description == "Training models." and pytorch.prerequisites.count() == 1
    assert pytorch.codes()["onet"] == ["2.B.3.e"]


def test_a_skills_csv_with_only_some_columns_keeps_the_others(base: SkillCategory) -> None:
    with_ids(Skill.objects.get(slug="pytorch"), sfia="MLNG")
    csv = "slug,onet_id\npytorch,2.B.3.e;2.C.3.e\n"
    _, real = preview_and_import({"skills.csv": csv.encode()})
    assert real.applied, messages(real)
    pytorch = Skill.objects.get(slug="pytorch")
    assert (pytorch.name, pytorch.description) == ("PyTorch", "Training models.")
    assert pytorch.prerequisites.count() == 1
    assert pytorch.codes() == {"onet": ["2.B.3.e", "2.C.3.e"], "esco": [], "sfia": ["MLNG"]}


def test_a_field_given_empty_clears_it(base: SkillCategory) -> None:
    skills = [{"slug": "pytorch", "description": "", "prerequisites": []}]
    _, real = preview_and_import(bundle(skills=skills))
    assert real.applied
    pytorch = Skill.objects.get(slug="pytorch")
    assert pytorch.description == "" and not pytorch.prerequisites.exists()


def test_the_preview_shows_what_changes_field_by_field(base: SkillCategory) -> None:
    entry, mid, _ = standard_levels()
    python = Skill.objects.get(slug="python")
    career = RequirementFactory(career__slug="ladder", skill=python, level=mid, weight=4).career
    csv = REQ_HEADER + "ladder,mid,ml,python,3,5,no\n"
    skills = [{"slug": "pytorch", "description": "", "aliases": ["Torch"]}]
    plan = import_taxonomy({"r.csv": csv.encode(), **bundle(skills=skills)}, dry_run=True)
    assert [str(change) for change in plan.changes] == [
        "pytorch: description 'Training models.' → '', aliases +Torch",
        "ladder: python at mid: weight 4 → 5",
    ]
    assert career.requirements.get().weight == 4


# --- 5. a file that cannot be read is named once, at its line -----------------------------------


def test_a_latin1_skills_csv_is_one_message_naming_the_line_not_a_cascade(
    base: SkillCategory,
) -> None:
    skills = SKILL_HEADER + "".join(f"s{i},Skill {i},ml,,,,,,\n" for i in range(30))
    skills += "cafe,Café,ml,,,,,,\n"
    requirements = REQ_HEADER + "".join(f"ladder,entry,ml,s{i},2,3,no\n" for i in range(30))
    plan = import_taxonomy(
        {"skills.csv": skills.encode("latin-1"), "r.csv": requirements.encode()}, dry_run=True
    )
    assert messages(plan) == [
        "skills.csv, line 32: is not UTF-8 text (byte 0xE9 on this line is not UTF-8; Latin-1 "
        "or Windows-1252, perhaps); save the file as UTF-8 and upload it again"
    ]
    assert plan.halted


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_file_is_named_once(base: SkillCategory, encoding: str) -> None:
    csv = REQ_HEADER + "ladder,entry,ml,python,2,3,no\n"
    plan = import_taxonomy({"r.csv": csv.encode(encoding)}, dry_run=True)
    assert messages(plan) == [
        "r.csv, line 1: is UTF-16 text; save it as UTF-8 (Excel: “CSV UTF-8”) and upload it again"
    ]


# --- 6. small messages --------------------------------------------------------------------------


def test_a_json_upload_is_told_to_add_a_skill_to_the_bundle(base: SkillCategory) -> None:
    requirement = {"skill": "graph-ml", "level": "entry", "target": 2, "weight": 2}
    plan = import_taxonomy(
        bundle(careers=[{"slug": "c", "name": "C", "requirements": [requirement]}]), dry_run=True
    )
    assert messages(plan) == [
        "t.json, line 1 ($.careers[0].requirements[0]), skill: unknown skill 'graph-ml': add it, with a "
        "name, to the bundle's skills"
    ]


def test_a_name_too_long_is_only_too_long(base: SkillCategory) -> None:
    plan = import_taxonomy(
        bundle(skills=[{"slug": "new", "name": "N" * 130, "category": "ml"}]), dry_run=True
    )
    assert messages(plan) == ["t.json, line 1 ($.skills[0]), name: is 130 characters; at most 120"]


def test_a_duplicate_row_names_its_slug(base: SkillCategory) -> None:
    skills = [{"slug": "python", "name": "Python"}, {"slug": "python", "name": "Python 3"}]
    plan = import_taxonomy(bundle(skills=skills), dry_run=True)
    assert messages(plan) == [
        "t.json, line 1 ($.skills[1]): duplicate row: skill 'python' is already at t.json, line 1 ($.skills[0])"
    ]


def test_the_admin_counts_warnings_beyond_the_first_fifty(
    base: SkillCategory, curator_client: Client
) -> None:
    rows = "".join(
        f"ladder-{i},entry,ml,python,2,3,no\nladder-{i},mid,ml,pytorch,2,3,no\n" for i in range(60)
    )
    response = upload(curator_client, "r.csv", (REQ_HEADER + rows).encode())
    assert len(html.texts(response, "#import-warnings li")) == 50
    assert "…and 10 more." in html.text(response)


def test_after_a_preview_the_page_says_which_files_confirm_applies(
    base: SkillCategory, curator_client: Client
) -> None:
    content = (REQ_HEADER + "ladder,entry,ml,python,2,3,no\n").encode()
    response = upload(curator_client, "ladder.csv", content)
    assert html.text(response, "#import-confirm").startswith(
        f"Confirm applies the files previewed above: ladder.csv ({len(content)} bytes)."
    )


# --- 7. input limits, checked before parsing grows: every door runs the same (issue 18, T7) -----

OPEN = '{"format": "skillgap-taxonomy", "version": 2, '


def many(n: int) -> str:
    return ",".join(["{}"] * n)


# The doors below run with a limit of 1,000 items: reading 100,000 rows only to refuse the
# next takes seconds, four times over. The real limit: the four-million test at the end.
ITEMS = 1_000


# name, content, the one message every door gives
LIMITS = {
    "nested": (
        "deep.json",
        OPEN + '"skills": [' + "[" * 5000 + "]" * 5000 + "]}",
        "deep.json, line 1: lists and objects nest more than 16 deep here; a bundle needs 5",
    ),
    "long number": (
        "big.json",
        OPEN + '\n"levels": [{"slug": "x", "name": "X", "rank": ' + "9" * 5000 + "}]}",
        "big.json, line 2: a number 5,000 characters long; at most 20 are read",
    ),
    "lone surrogate": (
        "s.json",
        OPEN + '"skills": [{"slug": "bad", "name": "bad\\ud800name", "category": "ml"}]}',
        "s.json, line 1: \\ud800 is half of a UTF-16 surrogate pair, not a character",
    ),
    "many items": (
        "many.json",
        OPEN + '"skills": [' + many(ITEMS + 1) + "]}",
        "many.json, line 1: more than 1,000 items (list entries and CSV rows) in one import; split it",
    ),
    "many rows": (
        "rows.csv",
        REQ_HEADER + "ladder,entry,ml,python,2,3,no\n" * (ITEMS + 1),
        "rows.csv, line 1002: more than 1,000 items (list entries and CSV rows) in one import; split it",
    ),
    "long number in a cell": (
        "cell.csv",
        REQ_HEADER + "ladder,entry,ml,python," + "9" * 5000 + ",3,no\n",
        "cell.csv, line 2, target: 5,000 characters is too long for a whole number in 1–5",
    ),
}
TOO_BIG = 20 * 1024 * 1024 + 1
TOO_BIG_MESSAGE = (
    "big.csv: 20,971,521 bytes; one import takes at most 20,971,520 (20 MiB): split it"
)


@pytest.fixture(params=list(LIMITS))
def bad_file(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, bytes, str]:
    monkeypatch.setattr(bundle_module, "MAX_ITEMS", ITEMS)
    name, content, message = LIMITS[request.param]
    return name, content.encode(), message


def test_a_file_past_a_limit_is_refused_by_the_preview_and_the_import_alike(
    base: SkillCategory, bad_file: tuple[str, bytes, str]
) -> None:
    name, content, message = bad_file
    preview, real = preview_and_import({name: content})
    assert messages(preview) == [message]
    assert not real.applied and Skill.objects.count() == 2


def test_a_file_past_a_limit_is_a_400_at_the_admin_preview(
    base: SkillCategory, curator_client: Client, bad_file: tuple[str, bytes, str]
) -> None:
    name, content, message = bad_file
    response = upload(curator_client, name, content)
    assert response.status_code == 400
    assert html.texts(response, "#import-errors li") == [message]
    assert "Confirm import" not in html.text(response)


def test_a_file_past_a_limit_is_a_4xx_at_the_admin_confirm(
    base: SkillCategory, curator_client: Client, bad_file: tuple[str, bytes, str]
) -> None:
    """Confirm reads the files again through the same checks: even files that reached the
    session some other way (a preview of older code) are refused, not a 500."""
    name, content, message = bad_file
    session = curator_client.session
    encoded = base64.b64encode(content).decode()
    session[SESSION_KEY] = {"files": {name: encoded}, "match_external_ids": False}
    session.save()
    response = confirm(curator_client)
    assert response.status_code == 409
    assert html.texts(response, "#import-errors li") == [message]
    assert Skill.objects.count() == 2


def test_a_file_past_a_limit_makes_the_command_fail_with_its_message(
    base: SkillCategory, bad_file: tuple[str, bytes, str], tmp_path: Path
) -> None:
    name, content, message = bad_file
    (tmp_path / name).write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_taxonomy", str(tmp_path / name), stderr=err)
    assert err.getvalue().splitlines()[0] == message
    assert Skill.objects.count() == 2


def test_files_over_20_mib_are_refused_before_they_are_read(
    base: SkillCategory, curator_client: Client, tmp_path: Path
) -> None:
    content = REQ_HEADER.encode().ljust(TOO_BIG, b"\n")
    assert messages(import_taxonomy({"big.csv": content}, dry_run=True)) == [TOO_BIG_MESSAGE]
    response = upload(curator_client, "big.csv", content)
    assert response.status_code == 400
    assert TOO_BIG_MESSAGE in html.text(response)
    (tmp_path / "big.csv").write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(TOO_BIG_MESSAGE)):
        call_command("import_taxonomy", str(tmp_path / "big.csv"))


def test_four_million_empty_items_are_refused_without_parsing_them(base: SkillCategory) -> None:
    """12 MB of {} took 66 s and 2.7 GB before it was refused: now the count stops the scan."""
    content = (OPEN + '"skills": [' + many(4_000_000) + "]}").encode()
    tracemalloc.start()
    try:
        plan = import_taxonomy({"huge.json": content}, dry_run=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert messages(plan) == [
        "huge.json, line 1: more than 100,000 items (list entries and CSV rows) in one import; split it"
    ]
    assert peak < 4 * len(content)  # the text and its skeleton, not four million objects
