"""Precision and recall on our own labelled posting sentences (tests/postings/data/).

The held-out half (by a hash of each sentence) was not looked at while the aliases and
rules were tuned; the issue's acceptance set is another, hidden one.
"""

from __future__ import annotations

import json

import pytest

from postings.extract import Matcher, terms_from_bundle
from tests.postings import labelled


@pytest.fixture(scope="module")
def bundle() -> dict[str, object]:
    return json.loads(labelled.SEED.read_text())


def test_the_set_is_several_hundred_sentences_split_in_two_halves_over_every_category() -> None:
    cases = labelled.examples()
    assert len(cases) >= 400
    assert 0.4 < len(labelled.held_out()) / len(cases) < 0.6
    asked = set().union(*(case.skills for case in labelled.held_out()))
    for category, slugs in labelled.categories().items():
        assert asked & slugs, f"no held-out sentence asks for a {category} skill"
    assert any(not case.skills for case in labelled.held_out())  # boilerplate, negations


def test_every_label_is_a_seed_skill() -> None:
    slugs = set().union(*labelled.categories().values())
    assert set().union(*(case.skills for case in labelled.examples())) <= slugs


def test_held_out_micro_precision_and_f1_hold(bundle: dict[str, object]) -> None:
    terms, names = terms_from_bundle(bundle)
    matcher = Matcher(terms, names=names)
    score = labelled.score(lambda text: matcher.extract(text).skills, labelled.held_out())
    assert score.precision >= 0.85, score
    assert score.f1 >= 0.80, score


def test_the_rules_beat_both_baselines_on_the_held_out_half(bundle: dict[str, object]) -> None:
    names_only = Matcher(terms_from_bundle(bundle, aliases=False)[0], rules=False)
    with_aliases = Matcher(terms_from_bundle(bundle)[0], rules=False)
    full = Matcher(terms_from_bundle(bundle)[0])
    f1 = [
        labelled.score(lambda text, m=m: m.extract(text).skills, labelled.held_out()).f1
        for m in (names_only, with_aliases, full)
    ]
    assert f1 == sorted(f1) and f1[0] < f1[1] < f1[2]
