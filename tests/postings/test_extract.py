"""The extractor on its own: plain text in, matches with their evidence out (no database)."""

from __future__ import annotations

import json

import pytest

from postings.extract import (
    LevelCues,
    Matcher,
    Term,
    closest_career,
    level_cues,
    level_for,
    terms_from_bundle,
)
from tests.postings.labelled import SEED


@pytest.fixture(scope="module")
def seed_matcher() -> Matcher:
    terms, names = terms_from_bundle(json.loads(SEED.read_text()))
    return Matcher(terms, names=names)


def small(*pairs: tuple[str, str]) -> Matcher:
    return Matcher([Term(skill, text, "alias") for skill, text in pairs])


def skills(matcher: Matcher, text: str) -> list[str]:
    return matcher.extract(text).skills


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We write JavaScript every day.", ["javascript"]),
        ("We write Java every day.", ["java"]),
        ("Java/JavaScript", ["java", "javascript"]),
        ("Strong C++ and C# skills", ["cpp", "csharp"]),
        ("Modern C++ and plain C.", ["cpp"]),
        ("Own our CI/CD with GitLab CI.", ["ci-cd"]),
        ("Node.js services", ["javascript"]),
        ("A .NET shop", ["dotnet"]),
        ("Node developers", []),
        ("Gitlab and Git", ["git"]),
    ],
)
def test_names_are_matched_whole_with_the_punctuation_that_belongs_to_them(
    text: str, expected: list[str]
) -> None:
    matcher = small(
        ("java", "Java"),
        ("javascript", "JavaScript"),
        ("javascript", "Node.js"),
        ("cpp", "C++"),
        ("csharp", "C#"),
        ("ci-cd", "CI/CD"),
        ("ci-cd", "GitLab CI"),
        ("dotnet", ".NET"),
        ("git", "Git"),
        ("c", "C++ templates"),
    )
    assert sorted(skills(matcher, text)) == sorted(expected)


def test_every_match_carries_its_spans_and_the_words_that_matched(seed_matcher: Matcher) -> None:
    text = "You know Python.\nWe deploy our ranking models with Docker; Python 3 is a must."
    found = {m.skill: m for m in seed_matcher.extract(text).matches}
    python = found["python"]
    assert [text[s:e] for s, e in python.evidence] == ["Python", "Python 3"]
    assert python.matched == "Python"
    assert text[slice(*found["docker"].evidence[0])] == "Docker"
    assert found["model-deployment"].source == "rule"  # "deploy ... model", stemmed


def test_sections_decide_required_preferred_or_ignored(seed_matcher: Matcher) -> None:
    posting = """Senior ML Engineer

About us
We are a machine learning company and our teams love Kubernetes.

Requirements:
- Python and SQL
- Experience with Docker

Nice to have
- Scala

What we offer
- A learning budget, Spark training and great health insurance
"""
    found = {m.skill: m.required for m in seed_matcher.extract(posting).matches}
    assert found == {"python": True, "sql": True, "docker": True, "scala": False}


def test_an_inline_header_keeps_what_follows_it(seed_matcher: Matcher) -> None:
    found = seed_matcher.extract("Must have: Python, Airflow.\nBonus: Spark.")
    assert {m.skill: m.required for m in found.matches} == {
        "python": True,
        "data-pipelines": True,
        "big-data": False,
    }


@pytest.mark.parametrize(
    "text",
    [
        "No Java needed.",
        "Java is not required.",
        "You don't need to know Java.",
        "Experience with Java is not necessary.",
        "We are an equal opportunity employer and hire Java people regardless of background.",
        "Industry: Java, Enterprise Software",
    ],
)
def test_negations_boilerplate_and_tag_lines_ask_for_nothing(
    seed_matcher: Matcher, text: str
) -> None:
    assert skills(seed_matcher, text) == []


def test_a_negation_covers_its_own_clause_only(seed_matcher: Matcher) -> None:
    assert skills(seed_matcher, "Python required, no Java needed.") == ["python"]
    assert skills(seed_matcher, "Scala is not required but is a plus.") == ["scala"]


def test_soft_skills_are_found_in_their_usual_wording(seed_matcher: Matcher) -> None:
    text = (
        "You collaborate with researchers, partner with stakeholders across the business, "
        "are curious about new technology and communicate clearly."
    )
    assert set(skills(seed_matcher, text)) == {
        "teamwork",
        "stakeholder-management",
        "continuous-learning",
        "communication",
    }


def test_machine_learning_that_only_qualifies_another_ask_is_not_counted(
    seed_matcher: Matcher,
) -> None:
    assert skills(seed_matcher, "Deploy machine learning models to production.") == [
        "model-deployment"
    ]
    assert skills(seed_matcher, "Five years of machine learning experience.") == ["ml-fundamentals"]


def test_unmatched_skill_like_phrases_are_kept_without_their_context(
    seed_matcher: Matcher,
) -> None:
    found = seed_matcher.extract("Experience with Python, Foobarix and Quuxdb. We use ZetaML.")
    assert "python" in found.skills
    assert {"foobarix", "quuxdb", "zetaml"} <= set(found.unmatched)
    assert "python" not in found.unmatched


def test_level_cues_take_the_largest_minimum_years_and_the_first_seniority_word() -> None:
    cues = level_cues("Senior Data Engineer\n3+ years of SQL; 5-7 years of Python.")
    assert cues == LevelCues(5, "senior", ("5-7 years", "Senior"))
    bands = [("entry", 0, 2, 1), ("mid", 2, 5, 2), ("senior", 5, None, 3)]
    assert level_for(cues, bands) == "senior"
    assert level_for(LevelCues(3, None, ()), bands) == "mid"
    assert level_for(LevelCues(None, "entry", ()), bands) == "entry"
    assert level_for(LevelCues(None, None, ()), bands) is None


def test_the_closest_career_covers_the_most_weight_of_what_is_asked() -> None:
    careers = {"ml": {"python": 5, "pytorch": 5, "sql": 1}, "data": {"sql": 5, "python": 2}}
    assert closest_career(["python", "pytorch"], careers) == "ml"
    assert closest_career(["sql"], careers) == "data"
    assert closest_career(["cooking"], careers) is None
    assert closest_career([], careers) is None


def test_extraction_time_does_not_grow_with_the_number_of_skills() -> None:
    """The trie walks one dict lookup a token: 5,000 extra skills add no work per token."""
    base = [Term("python", "Python", "name")]
    many = base + [Term(f"s{i}", f"skill number {i} tool", "name") for i in range(5000)]
    text = "Python " * 50
    assert Matcher(base).extract(text).skills == Matcher(many).extract(text).skills == ["python"]
