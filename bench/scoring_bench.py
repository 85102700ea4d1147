"""Micro-benchmark: scoring and the learning path for a synthetic 1,000-skill career.

1,000 skills × 3 levels (targets rising 2 → 3 → 4), a random prerequisite DAG (edges only
to lower-numbered skills, up to three each), random ratings. Prints the median of
repeated runs. Goal (issue 4): under 20 ms on a CI machine. Not a test: `make bench`.
"""

from __future__ import annotations

import random
import statistics
import time

from assessments.scoring import LevelInfo, Requirement, evaluate, placement
from reports.paths import ResourceInfo, SkillInfo, learning_path

LEVELS = [
    LevelInfo("entry", "Entry", 1),
    LevelInfo("mid", "Mid", 2),
    LevelInfo("senior", "Senior", 3),
]


def synthetic_career(n: int = 1000, seed: int = 7) -> tuple:
    rng = random.Random(seed)
    slugs = [f"skill-{i:04d}" for i in range(n)]
    skills = {
        slug: SkillInfo(
            slug,
            slug.title(),
            rng.randint(5, 40),
            tuple(rng.sample(slugs[:i], min(i, rng.randint(0, 3)))),
        )
        for i, slug in enumerate(slugs)
    }
    reqs = [
        Requirement(slug, slug.title(), f"cat-{i % 12}", f"Category {i % 12}", level.slug,
                    min(5, 1 + level.rank + (i % 2)), 1 + i % 5, i % 17 == 0)
        for i, slug in enumerate(slugs)
        for level in LEVELS
    ]  # fmt: skip
    resources = {
        slug: [ResourceInfo(f"{slug} course", f"https://example.com/{slug}", "course", 10, 0, 3)]
        for slug in slugs
    }
    ratings = {slug: rng.randint(0, 5) for slug in slugs if rng.random() < 0.8}
    return skills, reqs, resources, ratings


def run_once(skills: dict, reqs: list, resources: dict, ratings: dict) -> float:
    start = time.perf_counter()
    results = evaluate(LEVELS, reqs, ratings)
    placement(results, 0.8)
    learning_path(LEVELS, reqs, ratings, skills, resources, LEVELS[-1])
    return (time.perf_counter() - start) * 1000


def main(repeats: int = 30) -> float:
    career = synthetic_career()
    run_once(*career)  # warm up
    timings = [run_once(*career) for _ in range(repeats)]
    median = statistics.median(timings)
    print(
        f"scoring + path, 1000 skills x 3 levels: median {median:.1f} ms, "
        f"min {min(timings):.1f} ms, max {max(timings):.1f} ms over {repeats} runs (goal < 20 ms)"
    )
    return median


if __name__ == "__main__":
    main()
