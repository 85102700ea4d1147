"""The journey a person makes, timed page by page beside /healthz in the same run (issue 19).

First views, not repeat views: each round starts a new assessment, so the rating page, every
autosave, the finish, the report and its PDF are what someone meets the first time. Beside
them, in the same run: /healthz (the floor: no session, user, query or template) and the
lightest signed-in page (my reports, of someone who has none yet). Each figure is the
median over the rounds of that request's time; the ratio divides it by the median of the
/healthz asked just before every request of the run, so both meet the same noise of a shared
machine. Beside wall time, each request's CPU time (`time.process_time`), which other
processes on the machine disturb less. HTML weight is the page's bytes divided by its skills.

In one process (the Django test client) under production settings: DEBUG=false, the cached
template loader, the local-memory cache, sessions read from the cache and written through to
the database (production's `cached_db` over Redis), a fresh SQLite file holding the seed and
a generated 300-skill career. It uses no port and no fixed database name, so it can run at
any time:

    .venv/bin/python bench/journey.py            # 60 and 300 skills
    BENCH_QUICK=1 .venv/bin/python bench/journey.py

`make bench` runs it, then the same journey under gunicorn (bench/pages_bench.py).
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUICK = os.environ.get("BENCH_QUICK") == "1"
ROUNDS = {60: 2 if QUICK else 5, 300: 1 if QUICK else 2}
FLOOR_SAMPLES = 40  # the lightest page (each beside a /healthz), before each round
SEED_CAREER, BIG_CAREER, LEVEL = "systems-ml-engineer", "bench-300-skills", "senior"
SKILLS = {60: SEED_CAREER, 300: BIG_CAREER}

# Issue 19's "Done when": the most each page may take, as a multiple of /healthz, and the most
# HTML a skill may add.
GOALS = {"lightest": 5, "rating": 40, "report": 40, "autosave": 10}
KB_GOALS = {"rating": 0.75, "report": 1.0}
PDF_GOAL = 1.5  # the drawn PDF served in the time of the JSON export (docs/performance.md)


class Sent(Protocol):
    status: int
    body: bytes
    location: str
    ms: float
    cpu_ms: float
    floor: Reply | None


@dataclass
class Reply:
    status: int
    body: bytes
    location: str
    ms: float
    cpu_ms: float = 0.0
    floor: Reply | None = None  # the /healthz asked just before, to divide by


class Browser(Protocol):
    def get(self, path: str, htmx: bool = False) -> Sent: ...

    def post(self, path: str, data: dict[str, str] | None = None, htmx: bool = False) -> Sent: ...


class InProcess:
    """One person's browser, as the Django test client: their session and CSRF cookie."""

    def __init__(self, user: Any) -> None:
        from django.test import Client

        self.client = Client()
        self.client.force_login(user)

    def send(self, method: str, path: str, data: dict[str, str] | None, htmx: bool) -> Reply:
        floor = None if path == "/healthz" else self.send("GET", "/healthz", None, False)
        headers = {"HX-Request": "true"} if htmx else {}
        call = self.client.get if method == "GET" else self.client.post
        start, cpu = time.perf_counter(), time.process_time()
        response = call(path, data or {}, headers=headers, secure=True)
        body = b"".join(response) if response.streaming else response.content
        ms, cpu_ms = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        location = response.get("Location", "")
        return Reply(response.status_code, body, location, ms, cpu_ms, floor)

    def get(self, path: str, htmx: bool = False) -> Reply:
        return self.send("GET", path, None, htmx)

    def post(self, path: str, data: dict[str, str] | None = None, htmx: bool = False) -> Reply:
        return self.send("POST", path, data, htmx)


@dataclass
class Timings:
    """Each request's milliseconds (wall and CPU) by page, each beside the /healthz asked
    just before it, and the bytes of the pages weighed per skill."""

    ms: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    bytes: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, reply: Sent, expect: int = 200) -> Sent:
        if reply.status != expect:
            raise RuntimeError(f"{key} answered {reply.status}, expected {expect}")
        self.ms.setdefault(key, []).append(reply.ms)
        self.cpu.setdefault(key, []).append(reply.cpu_ms)
        if reply.floor is not None:
            self.add("healthz", reply.floor)
        return reply

    def median(self, key: str, cpu: bool = False) -> float:
        return statistics.median((self.cpu if cpu else self.ms)[key])

    def ratio(self, key: str, cpu: bool = False) -> float:
        """The median of `key` over the median of the /healthz asked before every request:
        all through the run, so the floor meets the same noise (a page of two requests
        divided by the two /healthz beside them would be at the mercy of one spike)."""
        return self.median(key, cpu) / self.median("healthz", cpu)


UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def uuid_of(location: str) -> str:
    found = re.search(UUID, location)
    if not found:
        raise RuntimeError(f"no id in the redirect {location!r}")
    return found.group(0)


def skill_slugs(page: str) -> list[str]:
    """The skills a rating page offers: each row's score field is named `<slug>-score`."""
    return list(dict.fromkeys(re.findall(r'name="([\w-]+)-score"', page)))


def floor(t: Timings, newcomer: Browser) -> None:
    """The lightest signed-in page: my reports, of someone who has none yet (an empty list
    needs the session, the user, one COUNT and the base template)."""
    for _ in range(FLOOR_SAMPLES):
        t.add("lightest", newcomer.get("/reports/"))


def journey(t: Timings, owner: Browser, mentor: Browser, career: str, rng: random.Random) -> None:
    """One person's first time through: career, rating, every autosave, finish, report, PDF;
    then their mentor's dashboard."""
    t.add("career", owner.get(f"/careers/{career}/"))
    started = t.add("start", owner.post(f"/assessments/start/{career}/", {"level": LEVEL}), 302)
    draft = uuid_of(started.location)
    page = t.add("rating", owner.get(f"/assessments/{draft}/"))
    slugs = skill_slugs(page.body.decode())
    # At 100+ skills the first view draws the categories closed: each is opened (its rows
    # by htmx, as the page asks for them), and rated from there.
    for category in dict.fromkeys(re.findall(r'href="\?category=([\w-]+)"', page.body.decode())):
        rows = owner.get(f"/assessments/{draft}/?category={category}", htmx=True)
        slugs += [s for s in skill_slugs(rows.body.decode()) if s not in slugs]
    t.bytes["rating"] = len(page.body)
    keep(career, "rating", page)
    for slug in slugs:
        data = {f"{slug}-score": str(rng.randint(0, 5))}
        t.add("autosave", owner.post(f"/assessments/{draft}/ratings/{slug}/", data, htmx=True))
    t.add("rated", owner.get(f"/assessments/{draft}/"))
    finished = t.add("finish", owner.post(f"/assessments/{draft}/finish/"), 302)
    report = uuid_of(finished.location)
    shown = t.add("report", owner.get(f"/reports/{report}/"))
    t.bytes["report"] = len(shown.body)
    keep(career, "report", shown)
    # The PDF is drawn by a task worker (issue 23): the first ask finds it preparing; the
    # worker's batch run draws it, timed apart; then the download is what a person waits for.
    t.add("pdf-asked", owner.get(f"/reports/{report}.pdf"), 202)
    t.add("pdf-drawn", drain_tasks())
    t.add("pdf", owner.get(f"/reports/{report}.pdf"))
    t.add("json", owner.get(f"/reports/{report}.json"))  # the PDF's yardstick (PDF_GOAL)
    t.add("share", owner.post(f"/reports/{report}/share/", {"mentor": "journey-mentor"}), 302)
    keep(career, "mentor-report", mentor.get(f"/reports/{report}/"))
    t.add("mentor", mentor.get("/mentor/"))
    t.bytes["skills"] = len(slugs)


def drain_tasks() -> Reply:
    """Every queued task run by a worker in batch mode (`db_worker --batch`), as a reply
    whose milliseconds are the worker's."""
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    return Reply(200, b"", "", (time.perf_counter() - start) * 1000)


def keep(career: str, name: str, reply: Sent) -> None:
    """With JOURNEY_PAGES=<folder>, the page as served, to read what its bytes are."""
    if folder := os.environ.get("JOURNEY_PAGES"):
        Path(folder, f"{career}-{name}.html").write_bytes(reply.body)


ROWS = (
    ("healthz", "`/healthz` (the floor)"),
    ("lightest", "lightest signed-in page (my reports)"),
    ("career", "career page"),
    ("rating", "rating page, first view"),
    ("autosave", "autosave (median of a full rating)"),
    ("rated", "rating page, all rated"),
    ("finish", "finish"),
    ("report", "report page, first view"),
    ("pdf-drawn", "report PDF, drawn by the task worker"),
    ("pdf", "report PDF, served once drawn"),
    ("json", "report JSON export"),
    ("mentor", "mentor dashboard"),
)


def table(runs: dict[int, Timings]) -> list[str]:
    sizes = sorted(runs)
    head = "| | " + " | ".join(f"{n} skills: ms | ×healthz" for n in sizes) + " | goal |"
    lines = [head, "|---|" + "---:|---:|" * len(sizes) + "---:|"]
    for key, label in ROWS:
        cells = []
        for n in sizes:
            t = runs[n]
            ms = t.median(key)
            cells.append(f"{ms:,.1f} | {t.ratio(key):,.1f}")
        goal = f"≤ {GOALS[key]}×" if key in GOALS else ""
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {goal} |")
    for key, budget in KB_GOALS.items():
        cells = []
        for n in sizes:
            t = runs[n]
            kb = t.bytes[key] / 1024
            cells.append(f"{kb:,.0f} KB | {kb / t.bytes['skills']:.2f} KB/skill")
        lines.append(f"| {key} page HTML | " + " | ".join(cells) + f" | ≤ {budget} KB/skill |")
    ratios = " | ".join(f"{runs[n].median('pdf') / runs[n].median('json'):.2f}× |" for n in sizes)
    lines.append(f"| report PDF served ÷ JSON export | {ratios} | ≤ {PDF_GOAL}× |")
    return lines


def cpu_table(runs: dict[int, Timings]) -> list[str]:
    """The goals' requests in CPU time: less disturbed by other processes than wall time."""
    sizes = sorted(runs)
    lines = ["| CPU time | " + " | ".join(f"{n} skills: ms | ×healthz" for n in sizes) + " |"]
    lines.append("|---|" + "---:|---:|" * len(sizes))
    for key in ("healthz", *GOALS):
        cells = [
            f"{runs[n].median(key, cpu=True):,.2f} | {runs[n].ratio(key, cpu=True):,.1f}"
            for n in sizes
        ]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return lines


def verdicts(t: Timings) -> Iterator[tuple[str, float, float]]:
    """Each goal of issue 19 at 60 skills: (what, measured, most allowed)."""
    for key, times in GOALS.items():
        yield f"{key} ×healthz", t.ratio(key), times
        yield f"{key} ×healthz, CPU time", t.ratio(key, cpu=True), times
    for key, budget in KB_GOALS.items():
        yield f"{key} KB/skill", t.bytes[key] / 1024 / t.bytes["skills"], budget
    yield "pdf ÷ json export", t.median("pdf") / t.median("json"), PDF_GOAL


def configure(folder: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "journey-only-" + "x" * 40,
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{folder / 'journey.sqlite3'}",
            "REDIS_URL": "",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()
    from django.conf import settings

    # Production reads sessions from Redis and writes them through to the database
    # (config/settings.py: cached_db with REDIS_URL). In this one process the local-memory
    # cache stands in for Redis: the same engine and queries, minus the network hop.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def prepare(folder: Path) -> tuple[Any, Any, Any]:
    import json

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from bench.pages_bench import big_career

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_seed", verbosity=0)
    bundle = folder / "big.json"
    bundle.write_text(json.dumps(big_career()))
    call_command("import_taxonomy", str(bundle), verbosity=0)
    users = get_user_model().objects
    owner = users.create_user("journey-owner", "owner@example.com", "journey-password-2026")
    mentor = users.create_user("journey-mentor", "mentor@example.com", "journey-password-2026")
    newcomer = users.create_user("journey-newcomer", "new@example.com", "journey-password-2026")
    return owner, mentor, newcomer


def run(browsers: Callable[[], tuple[Browser, Browser, Browser]]) -> dict[int, Timings]:
    """Every round of the journey at each size; the floor measured before each round."""
    owner, mentor, newcomer = browsers()
    rng = random.Random(19)
    runs: dict[int, Timings] = {}
    for skills, career in SKILLS.items():
        t = runs[skills] = Timings()
        journey(Timings(), owner, mentor, career, rng)  # warm-up: templates compiled
        for _ in range(ROUNDS[skills]):
            floor(t, newcomer)
            journey(t, owner, mentor, career, rng)
    return runs


def main() -> dict[int, Timings]:
    with tempfile.TemporaryDirectory(prefix="skillgap-journey-") as tmp:
        configure(Path(tmp))
        people = prepare(Path(tmp))
        runs = run(lambda: (InProcess(people[0]), InProcess(people[1]), InProcess(people[2])))
    print("\n".join(table(runs)))
    print("\n".join(cpu_table(runs)))
    for what, measured, goal in verdicts(runs[60]):
        print(f"{'ok  ' if measured <= goal else 'MISS'} {what}: {measured:.2f} (goal ≤ {goal})")
    return runs


if __name__ == "__main__":
    main()
