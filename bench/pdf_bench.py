"""A report's PDF once a worker has drawn it, against its JSON export and /healthz (issue 23).

Fresh SQLite database, production settings, gunicorn with gunicorn.conf.py and 2 sync
workers (GUNICORN_THREADS=1), one `manage.py db_worker` beside it. Over HTTP an owner
rates every skill of the seed's 60-skill career and finishes; the script times how long
the worker takes until the PDF link answers 200 (the finish request itself is timed too),
then loads /healthz, the JSON export and the PDF with `wrk -t1 -c8` in turn, 3 rounds of
BENCH_SECONDS (default 4). Prints a table for docs/performance.md, "Back to sync workers?".
`.venv/bin/python -m bench.pdf_bench`
"""

from __future__ import annotations

import os
import statistics
import time

from bench import harness as h
from bench.pages_bench import Spec, probe, wrk

CAREER = "systems-ml-engineer"
USER, PASSWORD = "pdf-bench", "pdf-bench-password-2026"
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = 3


def finished_report(client: h.Client) -> tuple[str, float]:
    """A report of the whole career, every skill rated; its id and the finish's seconds."""
    draft = h.start_assessment(client, CAREER, "mid")
    skills = h.skill_slugs(client.get(f"/assessments/{draft}/").text, draft)
    h.rate_all(client, draft, {slug: n % 6 for n, slug in enumerate(skills)})
    start = time.monotonic()
    report = h.finish(client, draft)
    return report, time.monotonic() - start


def until_drawn(client: h.Client, report: str) -> float:
    start = time.monotonic()
    while client.get(f"/reports/{report}.pdf").status != 200:
        if time.monotonic() - start > 120:
            raise RuntimeError("the worker did not draw the PDF in 120 s")
        time.sleep(0.05)
    return time.monotonic() - start


def main() -> int:
    with h.scratch("skillgap-pdf-bench-") as tmp, h.database("skillgap_pdf", tmp, None) as url:
        site = h.Site({**h.production_env(url, tmp / "static"), "GUNICORN_THREADS": "1",
                       "GUNICORN_MAX_REQUESTS": "0"})  # fmt: skip
        site.prepare()
        site.create_users([USER], PASSWORD)
        with h.Server(site.env, tmp / "gunicorn.log") as server, h.task_workers(site.env, tmp, 1):
            client = h.Client(server.port)
            client.login(USER, PASSWORD)
            report, finish_seconds = finished_report(client)
            drawn_seconds = until_drawn(client, report)
            pages = {"healthz": "/healthz", "json": f"/reports/{report}.json",
                     "pdf": f"/reports/{report}.pdf"}  # fmt: skip
            specs = {k: Spec(server.port, p, tuple(client.headers().items()))
                     for k, p in pages.items()}  # fmt: skip
            assert all(probe(s) == 200 for s in specs.values())
            wrk([specs["healthz"]], 1, tmp)  # warm up
            rounds = [{k: wrk([s], SECONDS, tmp) for k, s in specs.items()} for _ in range(ROUNDS)]
    h.log(f"finish request {finish_seconds * 1000:.0f} ms; PDF drawn {drawn_seconds:.1f} s later")
    h.log("| page | req/s | ratio to JSON | p50 / p99 ms |")
    h.log("|---|---|---|---|")
    for key in pages:
        rps = statistics.median(r[key].rps for r in rounds)
        ratio = statistics.median(r[key].rps / r["json"].rps for r in rounds)
        p50 = statistics.median(r[key].p50 for r in rounds)
        p99 = statistics.median(r[key].p99 for r in rounds)
        h.log(f"| {key} | {rps:,.0f} | {ratio:.2f} | {p50:.1f} / {p99:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
