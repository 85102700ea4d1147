"""What a gunicorn worker's memory holds, and what makes it grow (issue 13).

The page benchmark reads each worker's resident memory (VmRSS) after its load. This finds
the cause: one gunicorn server with ONE worker under production settings on a fresh
SQLite file (the seed, the generated 300-skill career, an owner with finished reports
shared with a mentor and a half-rated draft), the same pages loaded with wrk one after
the other, and after each the worker's RSS. With tracing on (the default) the worker runs
tracemalloc from before it imports the app (`bench/gunicorn_tracemalloc.py`), and two
snapshots, after start-up and after the load, say which code holds the Python memory.

    .venv/bin/python bench/profile_memory.py

MEMORY_THREADS (default 1: sync workers, as the benchmark; 4 is production's gthread
default), MEMORY_TRACE=0 for RSS alone (tracing adds its own bookkeeping to RSS),
MEMORY_SECONDS a page (default 3).
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import harness as h  # noqa: E402
from bench import pages_bench as pb  # noqa: E402

THREADS = int(os.environ.get("MEMORY_THREADS", "1"))
TRACE = os.environ.get("MEMORY_TRACE", "1") != "0"
SECONDS = float(os.environ.get("MEMORY_SECONDS", "3"))


def package(filename: str) -> str:
    """Group allocations by who made them: a project app, an installed package, the stdlib."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if filename.startswith(str(ROOT)):
        return "skillgap " + Path(filename).relative_to(ROOT).parts[0]
    if filename.startswith("<frozen importlib"):
        return "code of imported modules"
    if "/lib/python3" in filename:
        return "stdlib " + Path(filename).stem
    return filename


def by_package(snapshot: tracemalloc.Snapshot) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    for stat in snapshot.statistics("filename"):
        sizes[package(stat.traceback[0].filename)] += stat.size
    return sizes


def take(server: h.Server, folder: Path, number: int) -> tracemalloc.Snapshot:
    """Ask the worker for a snapshot and wait until it is written whole."""
    (pid,) = server.worker_pids()
    os.kill(pid, signal.SIGUSR2)
    path = folder / f"{pid}-{number}.snapshot"
    deadline = time.monotonic() + 120
    size = -1
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size == size > 0:
            return tracemalloc.Snapshot.load(str(path))
        size = path.stat().st_size if path.exists() else -1
        time.sleep(1)
    raise RuntimeError(f"no snapshot from worker {pid}:\n{server.log_tail()}")


def mb(size: float) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def main() -> None:
    with h.scratch("skillgap-memory-") as tmp:
        snapshots = tmp / "snapshots"
        snapshots.mkdir()
        with h.database("skillgap_memory", tmp, None) as url:
            env = h.production_env(url, tmp / "static") | {
                "GUNICORN_MAX_REQUESTS": "0",
                "GUNICORN_THREADS": str(THREADS),
                "TRACEMALLOC_DIR": str(snapshots),
            }
            site = h.Site(env)
            h.log("== migrate, collectstatic, load_seed, import a 300-skill career")
            site.prepare()
            site.import_taxonomy(pb.big_career(), tmp)
            site.create_users([pb.OWNER, pb.MENTOR], pb.PASSWORD)
            config = ROOT / ("bench/gunicorn_tracemalloc.py" if TRACE else "gunicorn.conf.py")
            server = h.Server(env, tmp / "gunicorn.log", workers=1, config=config)
            with server:
                profile(server, tmp, snapshots)


def profile(server: h.Server, tmp: Path, snapshots: Path) -> None:
    rss = [("started", server.worker_rss_mb()[0])]
    owner, mentor = h.Client(server.port), h.Client(server.port)
    owner.login(pb.OWNER, pb.PASSWORD)
    mentor.login(pb.MENTOR, pb.PASSWORD)
    rng = random.Random(13)
    fixtures = [pb.make_fixture(owner, c, rng) for c in (pb.SEED_CAREER, pb.BIG_CAREER)]
    rss.append(("made the fixtures over HTTP", server.worker_rss_mb()[0]))
    first = take(server, snapshots, 1) if TRACE else None
    for fixture in fixtures:
        for key, spec in pb.specs(fixture, owner, mentor).items():
            server.wait_idle()
            pb.wrk([spec], SECONDS, tmp)
            rss.append((f"{fixture.skills} skills, {key}", server.worker_rss_mb()[0]))
    h.log(f"\nOne worker, {THREADS} thread(s), tracing {'on' if TRACE else 'off'}:\n")
    h.log("| after | worker RSS | change |\n|---|---|---|")
    before = rss[0][1]
    for label, value in rss:
        h.log(f"| {label} | {value:.1f} MB | {value - before:+.1f} |")
        before = value
    if first is None:
        return
    last = take(server, snapshots, 2)
    held_first, held_last = by_package(first), by_package(last)
    total_first, total_last = sum(held_first.values()), sum(held_last.values())
    h.log(
        f"\nPython allocations traced: {mb(total_first)} after the fixtures, "
        f"{mb(total_last)} after the load (tracemalloc's own: "
        f"{mb(tracemalloc.get_tracemalloc_memory())} here, more in the worker).\n"
    )
    h.log("| held by | after the fixtures | after the load | change |\n|---|---|---|---|")
    ranked = sorted(held_last, key=lambda k: -max(held_last[k], held_first.get(k, 0)))
    for name in ranked[:20]:
        a, b = held_first.get(name, 0), held_last[name]
        h.log(f"| {name} | {mb(a)} | {mb(b)} | {(b - a) / 1024:+,.0f} kB |")
    if int(os.environ.get("TRACEMALLOC_FRAMES", "1")) > 1:
        h.log("\nLargest holders after the load, by where the project's code asked:\n")
        for stat in last.statistics("traceback")[:15]:
            ours = [f for f in stat.traceback if f.filename.startswith(str(ROOT))
                    and ".venv" not in f.filename]  # fmt: skip
            where = ours[-1] if ours else stat.traceback[-1]
            h.log(f"  {stat.size / 1024:9,.0f} kB  {where.filename}:{where.lineno}"
                  f"  ({stat.traceback[0].filename}:{stat.traceback[0].lineno})")  # fmt: skip
    h.log("\nLargest growth by line:\n")
    for growth in last.compare_to(first, "lineno")[:12]:
        frame = growth.traceback[0]
        h.log(f"  {growth.size_diff / 1024:+9,.0f} kB  {growth.count_diff:+7,} blocks  "
              f"{frame.filename}:{frame.lineno}")  # fmt: skip


if __name__ == "__main__":
    h.exit_on_signals()
    main()
