"""Production smoke check: the documented release steps, then every journey over HTTP.

    .venv/bin/python scripts/smoke.py       (or `make smoke`)

On a fresh database (a temporary SQLite file; with `DATABASE_URL=postgres://…` set, the
database `skillgap_smoke` on that server, created and dropped here) it runs migrate,
collectstatic (into a temporary folder) and load_seed, creates an owner and a mentor,
starts gunicorn with `DEBUG=false` and gunicorn.conf.py on 127.0.0.1, and walks the
journeys of an anonymous visitor, an owner, a mentor and a link holder. It prints one
line per request and exits 1 if any answer is a 5xx or an unexpected status. With
`SMOKE_REDIS_URL=redis://…/<n>` the cache is Redis (that database index is flushed).

Bounded in time (a watchdog and a timeout on every request); gunicorn is stopped on any exit.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import harness as h  # noqa: E402  (needs the path above)

CAREER = "systems-ml-engineer"
OWNER, MENTOR = "smoke-owner", "smoke-mentor"
PASSWORD = "smoke-check-password-2026"
TIMEOUT = 600  # seconds for the whole check, set-up included
HASHED = re.compile(r"\.[0-9a-f]{12}\.(?:css|js)$")


@dataclass
class Smoke:
    """Sends the requests, prints them, and remembers every answer that is not expected."""

    port: int
    failures: list[str] = field(default_factory=list)

    def client(self, who: str) -> h.Client:
        def show(response: h.Response) -> None:
            h.log(f"{who:<10}{response.line()}")

        return h.Client(self.port, on_response=show)

    def expect(self, response: h.Response, *allowed: int) -> h.Response:
        if response.status >= 500 or response.status not in allowed:
            self.failures.append(
                f"{response.method} {response.path} answered {response.status}, "
                f"expected {' or '.join(map(str, allowed))}"
            )
        return response

    def get(self, client: h.Client, path: str, *allowed: int, htmx: bool = False) -> h.Response:
        return self.expect(client.get(path, htmx=htmx), *(allowed or (200,)))

    def post(
        self, client: h.Client, path: str, data: dict[str, str] | None = None,
        *allowed: int, htmx: bool = False,
    ) -> h.Response:  # fmt: skip
        return self.expect(client.post(path, data or {}, htmx=htmx), *(allowed or (302,)))

    def start(self, client: h.Client, level: str) -> str:
        """Start an assessment of CAREER; its id."""
        started = self.post(client, f"/assessments/start/{CAREER}/", {"level": level})
        return h.uuid_in(started.location, "/assessments/")

    def require(self, condition: bool, message: str) -> None:
        if not condition:
            self.failures.append(message)


def anonymous(smoke: Smoke) -> None:
    """A visitor: public pages, static files, account pages, a draft without an account."""
    visitor = smoke.client("anonymous")
    home = smoke.get(visitor, "/")
    assets = h.static_urls(home.text)
    smoke.require(len(assets) >= 2, f"the home page links {len(assets)} static files")
    for url in assets:
        smoke.get(visitor, url)
        smoke.require(bool(HASHED.search(url)), f"{url} is not a hashed (collected) name")
    smoke.get(visitor, "/healthz")
    smoke.get(visitor, f"/careers/{CAREER}/")
    smoke.get(visitor, "/accounts/login/")
    smoke.get(visitor, "/accounts/signup/")
    smoke.get(visitor, "/admin/login/")
    smoke.get(visitor, "/no-such-page/", 404)
    smoke.get(visitor, "/reports/", 302)  # log in first
    draft = smoke.start(visitor, "entry")
    page = smoke.get(visitor, f"/assessments/{draft}/")
    skill = h.skill_slugs(page.text, draft)[0]
    smoke.post(visitor, f"/assessments/{draft}/ratings/{skill}/", {"score": "2"}, 200, htmx=True)
    smoke.get(visitor, "/assessments/")


@dataclass
class Owned:
    report: str
    second_report: str
    link_token: str
    skill: str  # a skill the report rates


def owner(smoke: Smoke) -> Owned:
    """A job seeker: assess, finish, read and export, share, re-assess, compare, comment."""
    me = smoke.client("owner")
    smoke.expect(me.login(OWNER, PASSWORD), 302)
    smoke.get(me, "/")
    smoke.get(me, f"/careers/{CAREER}/")
    draft = smoke.start(me, "mid")
    page = smoke.get(me, f"/assessments/{draft}/")
    skills = h.skill_slugs(page.text, draft)
    smoke.require(len(skills) >= 10, f"the rating page offers {len(skills)} skills")
    for n, skill in enumerate(skills[:6]):
        rate = f"/assessments/{draft}/ratings/{skill}/"
        if n % 3 == 2:  # without JavaScript: the answer redirects to the rating page
            smoke.post(me, rate, {"score": str(n % 6)}, 302)
        else:
            smoke.post(me, rate, {"score": str(n % 6), "evidence": "smoke"}, 200, htmx=True)
    # Bad input: a clear 4xx in the fragment, never a 500.
    smoke.post(me, f"/assessments/{draft}/ratings/{skills[0]}/", {"score": "9"}, 400, 422,
               htmx=True)  # fmt: skip
    smoke.get(me, f"/assessments/{draft}/finish/")
    report = h.uuid_in(smoke.post(me, f"/assessments/{draft}/finish/").location, "/reports/")

    smoke.get(me, f"/reports/{report}/")
    document = smoke.get(me, f"/reports/{report}.json")
    if document.status == 200:
        saved = json.loads(document.body).get("inputs", {}).get("ratings", {})
        held = saved.get(skills[1])
        smoke.require(held == 1, f"the report holds {skills[1]}={held}, not the saved 1")
    smoke.get(me, f"/reports/{report}.csv")
    pdf = drawn_pdf(smoke, me, report)
    smoke.require(pdf.body.startswith(b"%PDF"), "the PDF export is not a PDF")
    smoke.get(me, f"/reports/{report}/", 200, htmx=False)
    smoke.get(me, f"/reports/{report}/?hours=5", 200, htmx=True)
    smoke.get(me, "/reports/")
    smoke.get(me, "/assessments/")

    smoke.get(me, f"/reports/{report}/share/")
    smoke.post(me, f"/reports/{report}/share/", {"mentor": MENTOR})
    smoke.post(me, f"/reports/{report}/share/", {"days": "7"})
    tokens = h.shared_link_tokens(smoke.get(me, f"/reports/{report}/share/").text)
    smoke.require(bool(tokens), "the share page shows no /s/<token>/ link")

    again = h.uuid_in(smoke.post(me, f"/reports/{report}/reassess/").location, "/assessments/")
    smoke.get(me, f"/assessments/{again}/")
    smoke.post(me, f"/assessments/{again}/ratings/{skills[0]}/", {"score": "5"}, 200, htmx=True)
    second = h.uuid_in(smoke.post(me, f"/assessments/{again}/finish/").location, "/reports/")
    smoke.get(me, f"/reports/compare/?a={report}&b={second}")
    smoke.post(me, f"/reports/{report}/comments/", {"body": "Owner's note."})
    smoke.post(me, f"/reports/{report}/comments/", {"body": "On a skill.", "skill": skills[0]},
               200, htmx=True)  # fmt: skip
    other_tab = me.on(me.port)  # the session cookie as it was before the log-out
    smoke.require(other_tab.get("/reports/").status == 200, "another tab is not signed in")
    smoke.post(me, "/accounts/logout/")
    # Signed out everywhere, also where sessions are read through Redis (cached_db).
    smoke.require(other_tab.get("/reports/").status == 302, "a logged-out session still works")
    return Owned(report, second, tokens[0] if tokens else "", skills[0])


def drawn_pdf(smoke: Smoke, me: h.Client, report: str) -> h.Response:
    """The PDF, once the worker has drawn it: "preparing" (202) until then, and the report
    page's button (htmx) says the same."""
    deadline = time.monotonic() + PDF_SECONDS
    while True:
        pdf = smoke.get(me, f"/reports/{report}.pdf", 200, 202)
        button = smoke.get(me, f"/reports/{report}.pdf", 200, htmx=True)
        if pdf.status == 200 or time.monotonic() > deadline:
            break
        smoke.require(b"Preparing" in button.body, "no 'Preparing' while the PDF is drawn")
        time.sleep(0.5)
    smoke.require(pdf.status == 200, f"the worker did not draw the PDF in {PDF_SECONDS} s")
    smoke.require(b'id="pdf-button" href=' in button.body or pdf.status != 200,
                  "the report page's button does not link to the drawn PDF")  # fmt: skip
    return pdf


PDF_SECONDS = 60  # the worker's first PDF loads WeasyPrint and its fonts


def mentor(smoke: Smoke, owned: Owned) -> None:
    """The mentor the report was shared with: dashboard, report, comments."""
    me = smoke.client("mentor")
    smoke.expect(me.login(MENTOR, PASSWORD), 302)
    dashboard = smoke.get(me, "/mentor/")
    smoke.require(owned.report in dashboard.text, "the mentor dashboard does not list the report")
    smoke.get(me, f"/reports/{owned.report}/")
    smoke.post(me, f"/reports/{owned.report}/comments/", {"body": "Mentor's advice."})
    smoke.post(me, f"/reports/{owned.report}/comments/", {"body": "Htmx reply."}, 200, htmx=True)
    smoke.get(me, f"/reports/{owned.second_report}/", 404)  # not shared with this mentor
    smoke.post(me, f"/reports/{owned.report}/opinion/{owned.skill}/", {"score": "4"})
    smoke.post(me, f"/reports/{owned.report}/opinion/{owned.skill}/", {"score": "7"}, 400,
               htmx=True)  # fmt: skip
    smoke.get(me, f"/reports/{owned.report}/opinions.json")
    smoke.get(me, "/mentor/cohort/")
    smoke.get(me, "/mentor/cohort.csv")
    smoke.get(me, "/assessments/")
    smoke.get(me, "/reports/")


def owner_afterwards(smoke: Smoke, owned: Owned) -> None:
    """The owner follows the path, reads the mentor's opinion, and looks after their account."""
    me = smoke.client("owner")
    smoke.expect(me.login(OWNER, PASSWORD), 302)
    progress = smoke.get(me, f"/reports/{owned.report}/progress.json")
    steps = json.loads(progress.body).get("steps", []) if progress.status == 200 else []
    smoke.require(bool(steps), "the report's progress lists no path steps")
    if steps:
        step = f"/reports/{owned.report}/path/{steps[0]['stage']}/{steps[0]['skill']}/"
        smoke.post(me, step, {"status": "done"})
        smoke.post(me, step, {"status": "finished"}, 400)
    smoke.get(me, f"/reports/{owned.report}/opinions.json")
    proposals = smoke.get(me, f"/reports/{owned.report}/reassess/")
    smoke.require(owned.skill in proposals.text, "re-assessing does not offer the mentor's score")
    smoke.post(me, "/reports/reminders/", {"remind": "on"})
    smoke.get(me, "/accounts/data/")
    smoke.get(me, "/accounts/data.json")
    smoke.get(me, "/accounts/email/")
    smoke.get(me, "/accounts/delete/")
    smoke.post(me, "/accounts/logout/")


def link_holder(smoke: Smoke, owned: Owned) -> None:
    visitor = smoke.client("link")
    if owned.link_token:
        smoke.get(visitor, f"/s/{owned.link_token}/")
    smoke.get(visitor, "/s/not-a-real-token/", 404)


def journeys(smoke: Smoke) -> None:
    anonymous(smoke)
    owned = owner(smoke)
    mentor(smoke, owned)
    owner_afterwards(smoke, owned)
    link_holder(smoke, owned)


@contextlib.contextmanager
def cache(url: str) -> Iterator[str]:
    if url:
        with h.redis_cache(url) as found:
            yield found
    else:
        yield ""


def run(walk: Callable[[Smoke], None]) -> int:
    database = os.environ.get("DATABASE_URL", "")
    postgres = database if h.is_postgres(database) else None
    with (
        h.watchdog(TIMEOUT, "the smoke check"),
        h.scratch("skillgap-smoke-") as tmp,
        h.database("skillgap_smoke", tmp, postgres) as url,
        cache(os.environ.get("SMOKE_REDIS_URL", "")) as redis_url,
    ):
        site = h.Site(h.production_env(url, tmp / "static", redis_url))
        where = h.versions(url, redis_url)
        h.log(f"== smoke check on {', '.join(where.values())}: migrate, collectstatic, load_seed")
        site.prepare()
        site.create_users([OWNER, MENTOR], PASSWORD)
        with (
            h.Server(site.env, tmp / "gunicorn.log") as server,
            h.task_workers(site.env, tmp, 1),
        ):
            h.log(f"== gunicorn (DEBUG=false, gunicorn.conf.py) on 127.0.0.1:{server.port}"
                  " and a task worker (manage.py db_worker)")  # fmt: skip
            smoke = Smoke(server.port)
            try:
                walk(smoke)
            except Exception as error:  # a broken journey is a failure, reported with the rest
                smoke.failures.append(f"the journey stopped: {type(error).__name__}: {error}")
            if smoke.failures:
                h.log(f"== gunicorn log (last lines)\n{server.log_tail(60)}")
    if smoke.failures:
        h.log(f"== smoke check FAILED: {len(smoke.failures)} problem(s)")
        for failure in smoke.failures:
            h.log(f"  - {failure}")
        return 1
    h.log("== smoke check passed: no 5xx, every status as expected")
    return 0


def main() -> int:
    h.exit_on_signals()
    try:
        return run(journeys)
    except Exception as error:  # set-up (a release step, the database, Redis) failed
        h.log(f"== smoke check FAILED before the journeys ended: {type(error).__name__}: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
