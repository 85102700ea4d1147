"""Benchmark: import 5,000 skills with requirements at 3 levels for 20 careers on SQLite.

Generates a JSON bundle (each career requires 250 skills at entry, mid and senior: 15,000
requirements; skills chain prerequisites in runs of ten), migrates a fresh SQLite file,
and times `import_taxonomy` (parse, check against the database, write in bulk) and a
re-import that changes nothing. Goal (issue 6): under 30 s. Not a test: `make bench`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKILLS, CAREERS, PER_CAREER = 5000, 20, 250


def bundle() -> bytes:
    levels = [("entry", "Entry", 1), ("mid", "Mid", 2), ("senior", "Senior", 3)]
    skills = [
        {
            "slug": f"skill-{i:04d}",
            "name": f"Skill {i:04d}",
            "category": f"cat-{i % 25}",
            "description": "",
            "hours_per_point": 10 + i % 30,
            "prerequisites": [f"skill-{i - 1:04d}"] if i % 10 else [],
            "external_ids": {"onet_id": f"2.A.{i}", "esco_uri": "", "sfia_code": ""},
            "descriptors": [],
            "resources": [],
        }
        for i in range(SKILLS)
    ]
    careers = [
        {
            "slug": f"career-{c:02d}",
            "name": f"Career {c:02d}",
            "levels": [{"level": slug} for slug, _, _ in levels],
            "requirements": [
                {
                    "skill": f"skill-{i:04d}",
                    "level": slug,
                    "target": min(5, 1 + rank + i % 2),
                    "weight": 1 + i % 5,
                    "must_have": i % 50 == 0,
                }
                for i in range(c * PER_CAREER, (c + 1) * PER_CAREER)
                for slug, _, rank in levels
            ],  # fmt: skip
        }
        for c in range(CAREERS)
    ]
    data = {
        "format": "skillgap-taxonomy",
        "version": 1,
        "levels": [{"slug": s, "name": n, "rank": r} for s, n, r in levels],
        "categories": [
            {"slug": f"cat-{i}", "name": f"Category {i}", "order": i} for i in range(25)
        ],
        "skills": skills,
        "careers": careers,
    }
    return json.dumps(data).encode()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.json"
        path.write_bytes(bundle())
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "DEBUG": "true"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        for label in ("import into an empty database", "re-import, nothing changes"):
            start = time.perf_counter()
            subprocess.run(
                [*manage, "import_taxonomy", str(path)], env=env, check=True, cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            seconds = time.perf_counter() - start
            print(
                f"import {SKILLS} skills, {CAREERS} careers, {CAREERS * PER_CAREER * 3} "
                f"requirements ({label}): {seconds:.1f} s (goal < 30 s; includes ~1 s start-up)"
            )


if __name__ == "__main__":
    main()
