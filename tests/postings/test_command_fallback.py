"""`manage.py extract_skills` on a checkout whose database holds no taxonomy yet.

Its own module: the endpoint tests load the seed once for their whole module.
"""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command

from postings.extract import Matcher, terms_from_bundle
from tests.postings import labelled
from tests.postings.test_endpoint import POSTING


@pytest.mark.django_db
def test_without_a_seeded_database_the_command_reads_the_seed_file() -> None:
    """A fresh checkout before load_seed: the same answers, from fixtures/taxonomy.json."""
    texts = [POSTING, *(case.text for case in labelled.held_out()[:40])]
    stdin = "".join(json.dumps(t) + "\n" for t in texts)
    err = io.StringIO()
    out = io.StringIO()
    old, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command("extract_skills", "--jsonl", stdout=out, stderr=err)
    finally:
        sys.stdin = old
    assert "fixtures/taxonomy.json" in err.getvalue()
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    pure = Matcher(terms_from_bundle(json.loads(labelled.SEED.read_text()))[0])
    assert [[s["skill"] for s in r["skills"]] for r in results] == [
        pure.extract(t).skills for t in texts
    ]
    assert results[0]["career"] == "systems-ml-engineer" and results[0]["level"] == "senior"
