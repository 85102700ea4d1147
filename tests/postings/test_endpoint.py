"""POST /postings/extract.json and `manage.py extract_skills` give the same answer."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from careers import versions
from careers.models import Skill, SkillAlias
from postings import services
from postings.extract import Matcher, terms_from_bundle
from tests.postings import labelled

URL = "/postings/extract.json"

POSTING = """Senior Machine Learning Engineer

Requirements:
- 5+ years of experience with Python and PyTorch
- Deploy and monitor models in production on Kubernetes
- No Java needed

Nice to have:
- Experience with Ray and Zorblax

Benefits:
- Health insurance and a Spark learning budget
"""


def command(*args: str, stdin: str) -> str:
    out = io.StringIO()
    old, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command("extract_skills", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


def post(text: object, client: Client | None = None) -> tuple[int, dict[str, object]]:
    response = (client or Client()).post(
        URL, json.dumps({"text": text}), content_type="application/json"
    )
    return response.status_code, response.json()


def test_url_is_the_documented_one() -> None:
    assert reverse("postings:extract") == URL


def test_the_endpoint_answers_in_the_documented_shape(seed: None) -> None:
    status, body = post(POSTING)
    assert status == 200
    assert set(body) == {"skills", "career", "level", "unmatched"}
    skills = {s["skill"]: s for s in body["skills"]}  # type: ignore[attr-defined]
    assert set(skills) >= {"python", "pytorch", "kubernetes", "distributed-systems"}
    assert "java" not in skills and "big-data" not in skills
    assert skills["python"]["required"] is True
    assert skills["distributed-systems"]["required"] is False
    start, end = skills["pytorch"]["evidence"][0]
    assert POSTING[start:end] == skills["pytorch"]["matched"] == "PyTorch"
    assert skills["python"]["name"] == "Python"
    assert body["career"] == "systems-ml-engineer"
    assert body["level"] == "senior"
    assert "zorblax" in body["unmatched"]  # type: ignore[operator]


def test_a_form_post_answers_as_the_json_one(seed: None) -> None:
    form = Client().post(URL, {"text": POSTING})
    assert form.status_code == 200
    assert form.json() == post(POSTING)[1]


def test_the_command_gives_the_endpoints_answer_for_one_posting_and_for_many(seed: None) -> None:
    texts = [POSTING, "Experience with Docker and Kubernetes.", "We offer free lunch."]
    one = json.loads(command(stdin=POSTING))
    assert one == post(POSTING)[1]
    lines = command("--jsonl", stdin="".join(json.dumps(t) + "\n" for t in texts)).splitlines()
    assert [json.loads(line) for line in lines] == [post(t)[1] for t in texts]


def test_the_command_on_the_held_out_half_reaches_the_bar_as_the_pure_matcher_does(
    seed: None,
) -> None:
    """The database's seed gives what fixtures/taxonomy.json gives: the acceptance's path."""
    cases = labelled.held_out()
    stdin = "".join(json.dumps(case.text) + "\n" for case in cases)
    results = [json.loads(line) for line in command("--jsonl", stdin=stdin).splitlines()]
    found = dict(zip([c.text for c in cases], results, strict=True))
    score = labelled.score(lambda text: [s["skill"] for s in found[text]["skills"]], cases)
    assert score.precision >= 0.85 and score.f1 >= 0.80, score
    terms, _ = terms_from_bundle(json.loads(labelled.SEED.read_text()))
    pure = Matcher(terms)
    assert all(
        [s["skill"] for s in found[c.text]["skills"]] == pure.extract(c.text).skills for c in cases
    )


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ("", 400),
        ("   \n ", 400),
        (12, 400),
        (["Python"], 400),
        (None, 400),
        ("Python " * 30000, 413),
    ],
)
def test_empty_oversized_or_non_text_input_is_refused(
    seed: None, payload: object, status: int
) -> None:
    code, body = post(payload)
    assert code == status
    assert body["error"]


def test_bad_bodies_are_refused_with_a_message(seed: None) -> None:
    client = Client()
    assert client.post(URL, "{not json", content_type="application/json").status_code == 400
    upload = SimpleUploadedFile("p.txt", b"Python", content_type="text/plain")
    assert client.post(URL, {"text": upload}).status_code == 400  # the hygiene middleware
    assert client.get(URL).status_code == 405
    nul = client.post(URL, json.dumps({"text": "Python\x00"}), content_type="application/json")
    assert nul.status_code == 400


def test_the_command_refuses_empty_input_and_bad_lines(seed: None) -> None:
    with pytest.raises(CommandError, match="empty"):
        command(stdin="  ")
    with pytest.raises(CommandError, match="line 2"):
        command("--jsonl", stdin='"Python"\nnot json\n')


def test_the_endpoint_is_throttled_per_address(seed: None, settings: Settings) -> None:
    assert settings.THROTTLE_POSTING_EXTRACTS == "300/m"
    # An hour's window rather than production's minute: a slow run never crosses it.
    settings.THROTTLE_POSTING_EXTRACTS = "5/h"
    here = Client(REMOTE_ADDR="192.0.2.40")
    statuses = [post("Python", here)[0] for _ in range(5)]
    assert statuses == [200] * 5
    refused = here.post(URL, {"text": "Python"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert post("Python", Client(REMOTE_ADDR="192.0.2.41"))[0] == 200


def test_the_matcher_is_compiled_once_per_taxonomy_version(
    seed: None, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    assert services.extract_json("Zorblax")["skills"] == []
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        services.extract_json("Python")
    SkillAlias.objects.create(skill=Skill.objects.get(slug="python"), name="Zorblax")
    versions.bump()  # as the admin's alias action does
    assert [s["skill"] for s in services.extract_json("Zorblax")["skills"]] == ["python"]
