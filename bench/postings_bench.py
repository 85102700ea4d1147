"""Micro-benchmark: extracting a posting's skills at 72 (the seed) and 5,000 skills.

The 5,000-skill taxonomy is the seed plus 4,928 synthetic skills, each with a name and
three aliases drawn from a shared vocabulary (so the trie's prefixes are shared as a real
taxonomy's are: "data ...", "model ..."). Postings are built from the labelled sentences
(tests/postings/data/sentences.txt) under the usual headers, about 3,000 characters each.
Prints the compile time and the median time per posting. Not a test: `make bench`.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

from postings.extract import Matcher, Term, terms_from_bundle

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = [
    "data",
    "model",
    "cloud",
    "stream",
    "graph",
    "query",
    "vector",
    "edge",
    "batch",
    "signal",
    "search",
    "secure",
    "neural",
    "quantum",
    "robot",
    "sensor",
    "ledger",
    "mobile",
    "web",
    "audio",
    "video",
    "image",
    "text",
    "metric",
    "cache",
    "schema",
    "runtime",
    "kernel",
    "compiler",
    "network",
    "storage",
    "platform",
    "pipeline",
    "workflow",
    "service",
    "agent",
]


def synthetic_terms(n: int, seed: int = 7) -> list[Term]:
    rng = random.Random(seed)
    terms = []
    for i in range(n):
        slug = f"synthetic-{i:05d}"
        words = rng.sample(VOCABULARY, 2)
        terms.append(Term(slug, f"{words[0].title()} {words[1]} tool{i}", "name"))
        terms.append(Term(slug, f"Tool{i}", "alias"))
        terms.append(Term(slug, f"{' '.join(rng.sample(VOCABULARY, 3))} {i}", "alias"))
        terms.append(Term(slug, f"{rng.choice(VOCABULARY)}-{i}", "alias"))
    return terms


def postings(count: int = 20, seed: int = 11) -> list[str]:
    lines = [
        line.partition(" || ")[0]
        for line in (ROOT / "tests/postings/data/sentences.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    rng = random.Random(seed)
    out = []
    for i in range(count):
        picked = rng.sample(lines, 30)
        out.append(
            f"Machine Learning Engineer {i}\n\nAbout us\n{picked[0]}\n\nRequirements:\n"
            + "\n".join(f"- {s}" for s in picked[1:20])
            + "\n\nNice to have:\n"
            + "\n".join(f"- {s}" for s in picked[20:27])
            + "\n\nBenefits:\n"
            + "\n".join(f"- {s}" for s in picked[27:])
        )
    return out


def measure(terms: list[Term], texts: list[str], repeats: int = 5) -> tuple[float, float]:
    start = time.perf_counter()
    matcher = Matcher(terms)
    compile_ms = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(repeats):
        for text in texts:
            start = time.perf_counter()
            matcher.extract(text)
            times.append((time.perf_counter() - start) * 1000)
    return compile_ms, statistics.median(times)


def main() -> dict[int, tuple[float, float]]:
    bundle = json.loads((ROOT / "fixtures/taxonomy.json").read_text())
    seed_terms, _ = terms_from_bundle(bundle)
    texts = postings()
    size = statistics.median(len(t) for t in texts)
    results = {}
    for n, terms in ((72, seed_terms), (5000, seed_terms + synthetic_terms(5000 - 72))):
        compile_ms, per_posting = measure(terms, texts)
        results[n] = (compile_ms, per_posting)
        print(
            f"postings: {n:>5} skills ({len(terms):>6} terms): compile {compile_ms:6.1f} ms, "
            f"extract {per_posting:5.2f} ms per posting (median, {size:.0f} characters)"
        )
    return results


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    main()
