"""The labelled posting sentences (tests/postings/data/sentences.txt), split and scored.

The split is by a hash of the sentence, so it never depends on the file's order: the dev
half is what the rules were tuned on; the held-out half was not looked at while tuning.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "sentences.txt"
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "taxonomy.json"


@dataclass(frozen=True)
class Example:
    text: str
    skills: frozenset[str]

    @property
    def held_out(self) -> bool:
        return hashlib.sha256(self.text.encode()).digest()[0] % 2 == 1


def examples() -> list[Example]:
    out = []
    for line in DATA.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _, labels = line.partition(" || ")
        if not _:
            text, labels = line.removesuffix(" ||"), ""
        out.append(Example(text.strip(), frozenset(labels.split())))
    return out


def dev() -> list[Example]:
    return [e for e in examples() if not e.held_out]


def held_out() -> list[Example]:
    return [e for e in examples() if e.held_out]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(
    found: Callable[[str], Iterable[str]], cases: list[Example], only: set[str] | None = None
) -> Score:
    """Micro-averaged over (sentence, skill) pairs; `only` keeps the skills of one category."""
    tp = fp = fn = 0
    for case in cases:
        got = set(found(case.text))
        want = set(case.skills)
        if only is not None:
            got &= only
            want &= only
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    return Score(tp, fp, fn)


def categories() -> dict[str, set[str]]:
    bundle = json.loads(SEED.read_text())
    out: dict[str, set[str]] = {}
    for skill in bundle["skills"]:
        out.setdefault(skill["category"], set()).add(skill["slug"])
    return out


def table(cases: list[Example]) -> str:
    """docs/postings.md's table: P / R / F1 per category, baselines beside the extractor."""
    from postings.extract import Matcher, terms_from_bundle

    bundle = json.loads(SEED.read_text())
    matchers = {
        "names only": Matcher(terms_from_bundle(bundle, aliases=False)[0], rules=False),
        "names + aliases": Matcher(terms_from_bundle(bundle)[0], rules=False),
        "extractor": Matcher(terms_from_bundle(bundle)[0]),
    }
    rows = [
        "| category | asked | " + " | ".join(f"{name} P / R / F1" for name in matchers) + " |",
        "|---|---:|" + "---|" * len(matchers),
    ]
    groups = sorted(categories().items()) + [("**all (micro)**", None)]
    for category, slugs in groups:
        asked = sum(len(c.skills & slugs) if slugs else len(c.skills) for c in cases)
        cells = []
        for matcher in matchers.values():
            s = score(lambda t, m=matcher: m.extract(t).skills, cases, slugs)
            cells.append(f"{s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f}")
        rows.append(f"| {category} | {asked} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    for title, cases in (("held-out", held_out()), ("dev", dev())):
        print(f"### {title} half ({len(cases)} sentences)\n\n{table(cases)}\n")
