"""Pages under production settings, as a signed-in user meets them (issue 13).

For each database (SQLite, then PostgreSQL with Redis as the cache) it makes a fresh
database, runs the release steps (migrate, collectstatic, load_seed), imports a generated
300-skill career, and starts gunicorn with gunicorn.conf.py (2 sync workers, DEBUG=false).
Over HTTP it then gives an owner four finished reports shared with a mentor and a draft
(half rated), for the seed's 60-skill Systems ML Engineer and for the 300-skill career.

`wrk -t1 -c8 --latency` then loads each page for BENCH_SECONDS (default 4), the pages one
after the other, in 3 rounds. Each figure is the median over the rounds of the page's
requests per second divided by /healthz's in the same round, with p50/p99 latency; worker
memory (VmRSS) is read before and after. On PostgreSQL it runs again with two servers
sharing the database (wrk split across them): the scale-out figure. On SQLite the 60-skill
career runs again with 4 threads a worker, production's default before issue 23
(BENCH_THREADS sets the main columns', default 1 as issue 13 measured and production now
runs; BENCH_PRODUCTION_THREADS=0 skips it).

Prints the table and writes it into docs/performance.md between its markers.
BENCH_QUICK=1: 2 s a page, one round. BENCH_DATABASES=sqlite (or postgres) runs one.
Needs Debian's wrk; PostgreSQL from DATABASE_URL's server (default 127.0.0.1:5432), database
skillgap_bench (created and dropped); Redis BENCH_REDIS_URL (default db 15, flushed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench import harness as h

QUICK = os.environ.get("BENCH_QUICK") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS", "2" if QUICK else "4"))
ROUNDS = 1 if QUICK else 3
CONNECTIONS = 8
# gunicorn threads a worker: 1 gives the sync workers issue 13 measured with, production's
# default again since issue 23 (gunicorn.conf.py).
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
# On SQLite the 60-skill career is measured once more with 4 threads a worker (production's
# default before issue 23), to show what threads cost (docs/performance.md, "Threads"). 0
# leaves that column out.
PRODUCTION_THREADS = int(os.environ.get("BENCH_PRODUCTION_THREADS", "4"))
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
DOC = h.ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- pages-bench:begin -->", "<!-- pages-bench:end -->"

OWNER, MENTOR, PASSWORD = "bench-owner", "bench-mentor", "bench-password-2026"
SEED_CAREER, BIG_CAREER = "systems-ml-engineer", "bench-300-skills"
LEVEL = "senior"  # every skill of both careers is required there
REPORTS = 4  # finished and shared with the mentor, per career
P99_GOAL_MS, RSS_GOAL_MB, SCALE_GOAL = 50.0, 120.0, 3.0


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    goal: float | None  # the least ratio to /healthz (issue 13)
    # What the page still spends its time on, measured with bench/profile_pages.py; written
    # beside its figures when a goal is missed. Profile again when a page changes.
    limit: str = ""


PAGES = (
    Page("healthz", "`/healthz` (the reference)", None, "no session, user, query or template"),
    Page(
        "career", "career page", 0.5,
        "all from the cache: the taxonomy version's read, the session and user (for the "
        "menu) and the middleware stack, 4 ms in process",
    ),
    Page(
        "rating", "rating page (draft)", 0.35,
        "at 300 skills: session, user, assessment, version and ratings (a fifth); the rows "
        "built with their scale (a sixth); 300 row keys digested and read from the cache (a "
        "fifth); the preview scoring every level (5%); the page drawn around them (two "
        "fifths): 11 ms in process at 60 skills, 23 at 300",
    ),
    Page(
        "autosave", "autosave POST (htmx)", 0.3,
        "the write (savepoint, row lock, upsert, touch), the sheet from the worker's held "
        "inputs and the ratings, scoring every level for the preview, five fragments drawn: "
        "6 ms in process at 60 skills, 12 at 300",
    ),
    Page(
        "report", "report page", 0.5,
        "at 300 skills: the access check's query and decoding the saved document (35%, "
        "the JSON alone 20%), building what this reader sees (32%: comments, opinions, "
        "path marks, a row per skill), the page around its cached sections (27%): 13 ms in "
        "process at 60 skills, 25 at 300",
    ),
    Page(
        "json", "report JSON", 0.5,
        "the body comes from the cache: session, user, the access check's query, 4 ms in "
        "process",
    ),
    Page(
        "mentor", "mentor dashboard", 0.4,
        "drawing the list (half), the shares query with its unread and reviewed counts "
        "(a third, most of it Django composing the SQL): 8.5 ms in process",
    ),
)  # fmt: skip


# --- the 300-skill career -------------------------------------------------------------------


def big_career(skills: int = 300, categories: int = 6) -> dict[str, object]:
    """An import bundle: new skills and categories, the seed's levels, requirements at each."""
    levels = [("entry", 1), ("mid", 2), ("senior", 3)]
    slugs = [f"bench-skill-{i:03d}" for i in range(skills)]
    return {
        "format": "skillgap-taxonomy",
        "version": 1,
        "categories": [
            {"slug": f"bench-cat-{c}", "name": f"Bench category {c}", "order": 100 + c}
            for c in range(categories)
        ],
        "skills": [
            {
                "slug": slug,
                "name": f"Bench skill {i:03d}",
                "category": f"bench-cat-{i % categories}",
                "description": f"A generated skill ({i}) for the page benchmark.",
                "hours_per_point": 10 + i % 30,
                "prerequisites": [slugs[i - 1]] if i % 10 else [],
                "resources": [
                    {
                        "title": f"Course {i}",
                        "url": f"https://example.com/bench/{i}",
                        "kind": "course",
                        "hours": 10,
                        "from_score": 0,
                        "to_score": 3,
                        "is_free": True,
                    }  # fmt: skip
                ],
            }
            for i, slug in enumerate(slugs)
        ],
        "careers": [
            {
                "slug": BIG_CAREER,
                "name": "Bench 300 skills",
                "summary": "A generated career for the page benchmark.",
                "levels": [{"level": slug} for slug, _ in levels],
                "requirements": [
                    {
                        "skill": slug,
                        "level": level,
                        "target": min(5, rank + i % 3),
                        "weight": 1 + i % 5,
                        "must_have": i % 25 == 0,
                    }  # fmt: skip
                    for i, slug in enumerate(slugs)
                    for level, rank in levels
                ],
            }
        ],
    }


# --- the signed-in user's data, made over HTTP -----------------------------------------------


@dataclass(frozen=True)
class Fixture:
    """What the pages of one career need: a draft, a finished report, its size."""

    career: str
    skills: int
    draft: str
    skill: str
    report: str


def make_fixture(owner: h.Client, career: str, rng: random.Random) -> Fixture:
    report = ""
    for _ in range(REPORTS):
        started = h.start_assessment(owner, career, LEVEL)
        slugs = h.rating_slugs(owner, started)
        h.rate_all(owner, started, {slug: rng.randint(0, 5) for slug in slugs})
        report = h.finish(owner, started)
        h.share_with(owner, report, MENTOR)
    draft = h.start_assessment(owner, career, LEVEL)
    slugs = h.rating_slugs(owner, draft)
    h.rate_all(owner, draft, {slug: rng.randint(0, 5) for slug in slugs[::2]})
    return Fixture(career, len(slugs), draft, slugs[1], report)


# --- wrk ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One request exactly as wrk sends it."""

    port: int
    path: str
    headers: tuple[tuple[str, str], ...]
    method: str = "GET"
    body: str = ""


def specs(fixture: Fixture, owner: h.Client, mentor: h.Client) -> dict[str, Spec]:
    def get(client: h.Client, path: str) -> Spec:
        return Spec(client.port, path, tuple(client.headers().items()))

    autosave = {**owner.headers(htmx=True, unsafe=True),
                "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
    return {
        "healthz": get(owner, "/healthz"),
        "career": get(owner, f"/careers/{fixture.career}/"),
        "rating": get(owner, f"/assessments/{fixture.draft}/"),
        "autosave": Spec(
            owner.port,
            f"/assessments/{fixture.draft}/ratings/{fixture.skill}/",
            tuple(autosave.items()),
            "POST",
            "score=3",
        ),
        "report": get(owner, f"/reports/{fixture.report}/"),
        "json": get(owner, f"/reports/{fixture.report}.json"),
        "mentor": get(mentor, "/mentor/"),
    }


def probe(spec: Spec) -> int:
    """Send the request once as wrk will: a page that answers other than 200 is not measured."""
    conn = http.client.HTTPConnection(h.HOST, spec.port, timeout=h.HTTP_TIMEOUT)
    try:
        conn.request(spec.method, spec.path, spec.body or None, dict(spec.headers))
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def lua(spec: Spec) -> str:
    """wrk's request script. JSON string literals are Lua ones too (the values are ASCII)."""
    lines = [f"wrk.method = {json.dumps(spec.method)}"]
    if spec.body:
        lines.append(f"wrk.body = {json.dumps(spec.body)}")
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in spec.headers]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Sample:
    rps: float
    p50: float  # ms
    p99: float
    errors: int  # non-2xx/3xx answers and socket errors


def milliseconds(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(out: str) -> Sample:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if not (rps and p50 and p99):
        raise RuntimeError(f"cannot read wrk's output:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(bad.group(1)) if bad else 0
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return Sample(
        float(rps.group(1)), milliseconds(p50.group(1)), milliseconds(p99.group(1)), errors
    )


def wrk(specs_: list[Spec], seconds: float, folder: Path) -> Sample:
    """Load one page on every server at once, the connections split between them."""
    runs = []
    for n, spec in enumerate(specs_):
        script = folder / f"wrk-{n}.lua"
        script.write_text(lua(spec))
        command = ["wrk", "-t1", f"-c{CONNECTIONS // len(specs_)}", f"-d{seconds:g}s",
                   "--timeout", "10s", "--latency", "-s", str(script),
                   f"http://{h.HOST}:{spec.port}{spec.path}"]  # fmt: skip
        runs.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))
    samples = []
    for run in runs:
        out, _ = run.communicate(timeout=seconds + 60)
        samples.append(parse_wrk(out))
    # Throughput adds up; latency is the worse server's (the conservative reading).
    return Sample(
        sum(s.rps for s in samples),
        max(s.p50 for s in samples),
        max(s.p99 for s in samples),
        sum(s.errors for s in samples),
    )


# --- figures -----------------------------------------------------------------------------------


@dataclass
class Figure:
    """One page in one configuration, over the rounds."""

    samples: list[Sample] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def rps(self) -> float:
        return statistics.median(s.rps for s in self.samples)

    @property
    def p50(self) -> float:
        return statistics.median(s.p50 for s in self.samples)

    @property
    def p99(self) -> float:
        return statistics.median(s.p99 for s in self.samples)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.samples)


@dataclass
class Column:
    """One configuration: a database, a career size, a number of servers."""

    database: str
    skills: int
    servers: int
    threads: int = THREADS
    figures: dict[str, Figure] = field(default_factory=dict)
    rss_start_mb: float = 0.0  # the largest worker before this column's load
    rss_mb: float = 0.0  # and after it
    rating_kb: float = 0.0  # the rating page's HTML per skill (issue 21's budget: 0.75)

    @property
    def title(self) -> str:
        name = "SQLite" if self.database == "sqlite" else "PostgreSQL"
        servers = "" if self.servers == 1 else f", {self.servers} servers"
        threads = "" if self.threads == THREADS else f", {self.threads} threads a worker"
        return f"{name}, {self.skills} skills{servers}{threads}"


def measure(
    column: Column, per_server: list[dict[str, Spec]], running: list[h.Server], folder: Path
) -> Column:
    for page in PAGES:  # a page that does not answer 200 would measure its error page
        for server_specs in per_server:
            status = probe(server_specs[page.key])
            if status != 200:
                raise RuntimeError(f"{column.title}: {page.label} answered {status}, not 200")
    wrk([s["healthz"] for s in per_server], 1, folder)  # warm up: connections, first requests
    column.rss_start_mb = largest_rss(running)
    for round_ in range(1, ROUNDS + 1):
        reference = 0.0
        for page in PAGES:
            for server in running:
                server.wait_idle()
            sample = wrk([s[page.key] for s in per_server], SECONDS, folder)
            reference = sample.rps if page.key == "healthz" else reference
            figure = column.figures.setdefault(page.key, Figure())
            figure.samples.append(sample)
            figure.ratios.append(sample.rps / reference if reference else 0.0)
            h.log(
                f"  {column.title:<32} round {round_}  {page.key:<9}{sample.rps:9.1f} req/s  "
                f"ratio {figure.ratios[-1]:6.3f}  p50 {sample.p50:6.1f} ms  "
                f"p99 {sample.p99:6.1f} ms" + (f"  {sample.errors} errors" if sample.errors else "")
            )
    # Memory after the load: what the workers grew to (recycling is off).
    column.rss_mb = largest_rss(running)
    return column


def rating_kb_per_skill(get: Callable[[str], bytes], fixture: Fixture) -> float:
    """The half-rated draft's rating page, in KB of HTML per skill (issue 21: at most 0.75;
    tests/test_page_weight.py holds the budget at 60 skills)."""
    return len(get(f"/assessments/{fixture.draft}/")) / 1024 / fixture.skills


def html_weights(columns: list[Column]) -> list[str]:
    measured = {c.skills: c.rating_kb for c in columns if c.rating_kb}
    if not measured:
        return []
    sizes = ", ".join(f"{kb:.3f} KB a skill at {n} skills" for n, kb in sorted(measured.items()))
    return [f"Rating page HTML (the half-rated draft, its rows, lead and panels): {sizes}.", ""]


def largest_rss(running: list[h.Server]) -> float:
    return max((mb for s in running for mb in s.worker_rss_mb()), default=0.0)


# --- one database: set up, serve, measure ---------------------------------------------------


@contextlib.contextmanager
def cache_for(database: str) -> Iterator[str]:
    if database == "postgres":
        with h.redis_cache(REDIS_URL) as url:
            yield url
    else:
        yield ""


def bench_database(
    database: str, folder: Path, static: Path, facts: dict[str, str]
) -> list[Column]:
    base = os.environ.get("DATABASE_URL", "")
    postgres = (
        (base if h.is_postgres(base) else h.DEFAULT_POSTGRES) if database == "postgres" else None
    )
    with (
        h.database("skillgap_bench", folder, postgres) as url,
        cache_for(database) as redis_url,
    ):
        env = h.production_env(url, static, redis_url) | {
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_THREADS": str(THREADS),
        }
        site = h.Site(env)
        facts.update({f"{database} {k}": v for k, v in h.versions(url, redis_url).items()})
        h.log(f"== {database}: migrate, collectstatic, load_seed, import a 300-skill career")
        site.prepare(collect=not (static / "staticfiles.json").exists())
        site.import_taxonomy(big_career(), folder)
        site.create_users([OWNER, MENTOR], PASSWORD)
        with h.servers(env, folder, 2 if database == "postgres" else 1) as running:
            columns, seed, owner, mentor = measure_site(database, running, folder)
        if database == "sqlite" and PRODUCTION_THREADS and PRODUCTION_THREADS != THREADS:
            threaded = env | {"GUNICORN_THREADS": str(PRODUCTION_THREADS)}
            with h.servers(threaded, folder, 1) as (server,):
                h.log(f"== {database}: {seed.career}, {PRODUCTION_THREADS} threads a worker")
                column = Column(database, seed.skills, 1, PRODUCTION_THREADS)
                server_specs = specs(seed, owner.on(server.port), mentor.on(server.port))
                columns.append(measure(column, [server_specs], [server], folder))
        return columns


def measure_site(
    database: str, running: list[h.Server], folder: Path
) -> tuple[list[Column], Fixture, h.Client, h.Client]:
    """Each career on the first server; then, with two servers, the 60-skill one on both."""
    first = running[0]
    owner, mentor = h.Client(first.port), h.Client(first.port)
    owner.login(OWNER, PASSWORD)
    mentor.login(MENTOR, PASSWORD)
    rng = random.Random(13)
    fixtures = [make_fixture(owner, career, rng) for career in (SEED_CAREER, BIG_CAREER)]
    columns = []
    for fixture in fixtures:
        h.log(f"== {database}: {fixture.career} ({fixture.skills} skills), 1 server")
        column = Column(database, fixture.skills, 1)
        column.rating_kb = rating_kb_per_skill(lambda path: owner.get(path).body, fixture)
        measure(column, [specs(fixture, owner, mentor)], [first], folder)
        columns.append(column)
    if len(running) > 1:  # the scale-out figure
        fixture = fixtures[0]
        h.log(f"== {database}: {fixture.career}, {len(running)} servers")
        column = Column(database, fixture.skills, len(running))
        per_server = [specs(fixture, owner.on(s.port), mentor.on(s.port)) for s in running]
        measure(column, per_server, running, folder)
        columns.append(column)
    return columns, fixtures[0], owner, mentor


# --- the table -----------------------------------------------------------------------------------


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def ratio_table(columns: list[Column]) -> list[str]:
    lines = [
        "| page | goal | " + " | ".join(c.title for c in columns) + " | what limits it |",
        "|---|---|" + "---|" * len(columns) + "---|",
    ]
    for page in PAGES:
        cells = []
        for column in columns:
            figure = column.figures[page.key]
            rps = per_second(figure.rps)
            if page.goal is None:
                cells.append(f"{rps}")
            else:
                cells.append(f"{figure.ratio:.3f} {mark(figure.ratio >= page.goal)} ({rps})")
            cells[-1] += f" ⚠ {figure.errors} errors" if figure.errors else ""
        goal = "req/s" if page.goal is None else f"≥ {page.goal}"
        missed = page.goal is not None and any(
            c.figures[page.key].ratio < page.goal for c in columns
        )
        limit = page.limit if missed or page.goal is None else ""
        lines.append(f"| {page.label} | {goal} | " + " | ".join(cells) + f" | {limit} |")
    return lines


# Why a worker holds the memory it does, measured with bench/profile_memory.py (one
# worker, tracemalloc from before the app's import). Measure again when imports change.
MEMORY = (
    "56 MB once started (Python, Django, the apps); +14 MB at the first requests (the "
    "URLconf, compiled templates, connections); then what the column's pages draw: +9 MB "
    "for the 300-skill report page. On SQLite the local-memory cache lives in the worker "
    "(rows and sections: 6 MB after a run, bounded by MAX_ENTRIES and recycling). Threads "
    "hold several requests' working sets at once: +18 MB at 4 a worker when one worker "
    "serves both careers' pages (`bench/profile_memory.py`)"
)


# What a page does per skill, from bench/profile_pages.py at 60 and 300 skills: written
# beside the 300-vs-60 factor when it misses 3×.
SCALES = {
    "rating": (
        "a row per skill: its key digested and its drawing read from the cache (a fifth of "
        "the page at 300 skills), the row built with its scale (a sixth), then placed in the "
        "page: 11 ms in process at 60 skills, 23 at 300"
    ),
    "report": (
        "the saved document decoded from JSON (a fifth of the page at 300 skills), a row "
        "per skill built for what this reader may see and do, the cached sections' tokens "
        "put back: 13 ms in process at 60 skills, 25 at 300"
    ),
}


def queueing(page: Page, columns: list[Column]) -> str:
    """Why a page's p99 misses 50 ms at 8 connections, from its own figures."""
    missed = [c for c in columns if c.figures[page.key].p99 >= P99_GOAL_MS]
    main = [c for c in missed if c.threads == THREADS]
    threaded = [c for c in missed if c.threads != THREADS]
    causes = []
    if main:
        worst = max(main, key=lambda c: c.figures[page.key].p99)
        figure = worst.figures[page.key]
        wait = CONNECTIONS * 1000 / figure.rps if figure.rps else float("inf")
        spread = figure.p99 / figure.p50 if figure.p50 else 1.0
        if wait < P99_GOAL_MS / 4:  # a fast page's tail is the scheduler, not its queue
            causes.append(
                f"{worst.title}: more busy processes than cores (wrk and the workers), so a "
                "request waits a time slice whenever its worker is descheduled"
            )
        else:
            causes.append(
                f"the queue: a request's mean latency is {CONNECTIONS} connections ÷ req/s "
                f"(Little's law), {CONNECTIONS} ÷ {per_second(figure.rps)} = {wait:.0f} ms in "
                f"{worst.title}; with its spread (p99 {spread:.1f}× p50) a p99 under "
                f"{P99_GOAL_MS:g} ms needs about {CONNECTIONS * 1000 * spread / P99_GOAL_MS:,.0f}"
                "/s. Where the page's time goes is in the table above"
            )
    for column in threaded:
        figure = column.figures[page.key]
        spread = figure.p99 / figure.p50 if figure.p50 else 1.0
        causes.append(
            f"{column.title}: the threads share one interpreter lock, so requests that compute "
            f"wait for each other inside a worker (p99 {spread:.1f}× p50)"
        )
    return "; ".join(causes)


def latency_table(columns: list[Column]) -> list[str]:
    lines = [
        "| page (p50 / p99 ms) | goal | " + " | ".join(c.title for c in columns)
        + " | what limits it |",
        "|---|---|" + "---|" * len(columns) + "---|",
    ]  # fmt: skip
    for page in PAGES:
        cells = [
            f"{f.p50:.1f} / {f.p99:.1f} {mark(f.p99 < P99_GOAL_MS)}"
            for f in (c.figures[page.key] for c in columns)
        ]
        lines.append(
            f"| {page.label} | p99 < {P99_GOAL_MS:g} | " + " | ".join(cells)
            + f" | {queueing(page, columns)} |"
        )  # fmt: skip
    rss = [f"{c.rss_start_mb:.0f} → {c.rss_mb:.0f} MB {mark(c.rss_mb < RSS_GOAL_MB)}"
           for c in columns]  # fmt: skip
    lines.append(
        f"| largest worker RSS, before → after the column's load | < {RSS_GOAL_MB:g} MB | "
        + " | ".join(rss) + f" | {MEMORY} |"
    )  # fmt: skip
    return lines


def gain(before: float, after: float) -> str:
    return f"{after / before:.2f}×" if before else "n/a"


def workers() -> str:
    kind = "sync workers" if THREADS == 1 else f"workers with {THREADS} threads each"
    return f"2 {kind}"


def per_second(rps: float) -> str:
    return f"{rps:,.0f}/s" if rps >= 10 else f"{rps:.1f}/s"


def summary(columns: list[Column]) -> list[str]:
    lines = []
    by = {(c.database, c.skills, c.servers, c.threads): c for c in columns}
    for database in DATABASES:
        name = "SQLite" if database == "sqlite" else "PostgreSQL"
        small, big = by.get((database, 60, 1, THREADS)), by.get((database, 300, 1, THREADS))
        if small and big:
            for key in ("rating", "report"):
                slow, fast = big.figures[key], small.figures[key]
                factor = fast.ratio / slow.ratio if slow.ratio else float("inf")
                by_rps = fast.rps / slow.rps if slow.rps else float("inf")
                cause = (
                    f". What grows with the skills: {SCALES[key]}" if factor > SCALE_GOAL else ""
                )
                lines.append(
                    f"- {name}: the {key} page at 300 skills is {factor:.2f}× slower than at "
                    f"60 by the ratios (goal ≤ {SCALE_GOAL:g}×) {mark(factor <= SCALE_GOAL)}; "
                    f"{by_rps:.2f}× by requests per second, which do not move with "
                    f"`/healthz`'s own noise between rounds{cause}"
                )
        one, two = by.get((database, 60, 1, THREADS)), by.get((database, 60, 2, THREADS))
        if one and two:
            gains = ", ".join(
                f"{page.key} {gain(one.figures[page.key].rps, two.figures[page.key].rps)}"
                for page in PAGES
            )
            lines.append(
                f"- Scale-out on {name}, two servers vs one (req/s): {gains}. "
                f"Both servers run on this machine's {os.cpu_count()} cores beside wrk, so this "
                "shows what sharing one database costs, not what a second machine would add."
            )
        threaded = by.get((database, 60, 1, PRODUCTION_THREADS))
        if one and threaded and PRODUCTION_THREADS != THREADS:
            gains = ", ".join(
                f"{page.key} {gain(one.figures[page.key].rps, threaded.figures[page.key].rps)}"
                for page in PAGES
            )
            lines.append(
                f"- {PRODUCTION_THREADS} threads a worker (the default before issue 23) against "
                f"{'sync workers' if THREADS == 1 else f'{THREADS} threads'} on {name} "
                f"(req/s): {gains}; largest worker {threaded.rss_mb:.0f} MB against "
                f"{one.rss_mb:.0f}. Threads share one interpreter lock, so pages that compute "
                "queue behind each other inside a worker; what they bought, a slow request (a "
                "report's first PDF) holding a thread rather than a worker, task workers now do."
            )
    return lines


def machine(facts: dict[str, str]) -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    import django
    import gunicorn

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
    parts = [
        f"{os.cpu_count()} cores ({model.group(1).strip() if model else 'unknown CPU'})",
        f"{int(mem.group(1)) / 1024 / 1024:.1f} GB RAM" if mem else "",
        f"{platform.freedesktop_os_release().get('PRETTY_NAME', platform.system())}",
        f"Python {platform.python_version()}",
        f"Django {django.get_version()}",
        f"gunicorn {gunicorn.__version__}",
        " ".join(wrk_version[:2]) if wrk_version else "wrk",
        *facts.values(),
    ]
    return ", ".join(p for p in parts if p)


def render(columns: list[Column], facts: dict[str, str], started: str, load_before: str) -> str:
    load = os.getloadavg()
    lines = [
        BEGIN,
        "",
        f"Generated by `make bench` (`bench/pages_bench.py`) on {started}.",
        f"Machine: {machine(facts)}.",
        f"Load average before the run: {load_before}; after: "
        f"{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} (wrk and other work share the cores).",
        "",
        f"`DEBUG=false`, collected static files, gunicorn with `gunicorn.conf.py` ({workers()} "
        f"a server, recycling off), a signed-in owner with {REPORTS} finished reports per career "
        f"shared with a mentor and a half-rated draft, at level {LEVEL}. `wrk -t1 -c{CONNECTIONS} "
        f"--latency`, {SECONDS:g} s a page, pages in turn, {ROUNDS} round(s); each figure is the "
        f"median over the rounds. Two servers: wrk's connections split between them, "
        f"throughput summed, the worse latency kept.",
        "",
        "Ratio of each page's requests per second to `/healthz`'s in the same round "
        "(requests per second in brackets):",
        "",
        *ratio_table(columns),
        "",
        "Latency at 8 connections, and worker memory:",
        "",
        *latency_table(columns),
        "",
        *summary(columns),
        "",
        *html_weights(columns),
        END,
    ]
    return "\n".join(lines)


def write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n## Pages under production settings\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> list[Column]:
    if shutil.which("wrk") is None:
        h.log("page benchmark skipped: wrk is not installed (apt-get install wrk)")
        return []
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()
    load_before = f"{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"
    facts: dict[str, str] = {}
    columns: list[Column] = []
    begin = time.monotonic()
    with h.watchdog(3600, "the page benchmark"), h.scratch("skillgap-bench-") as tmp:
        for database in DATABASES:
            folder = tmp / database
            folder.mkdir()
            columns += bench_database(database, folder, tmp / "static", facts)
    section = render(columns, facts, started, load_before)
    h.log(section)
    write_doc(section)
    h.log(
        f"== page benchmark: {time.monotonic() - begin:.0f} s; written to {DOC.relative_to(h.ROOT)}"
    )
    return columns


if __name__ == "__main__":
    h.exit_on_signals()
    main()
