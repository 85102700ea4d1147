"""Shared parts of the smoke check, the page benchmark and the load test.

Everything here drives Skillgap from the outside, through interfaces that stay put while
the code moves: management commands, `django.contrib.auth`'s user model in
`manage.py shell -c`, gunicorn with `gunicorn.conf.py`, and the public URLs over HTTP.

Production is `DEBUG=false` behind an HTTPS proxy. On loopback that is emulated with
`USE_X_FORWARDED_PROTO=true` and an `X-Forwarded-Proto: https` header on every request.
The session and CSRF cookies are then `Secure`, which standard cookie jars refuse to send
over http://, so `Client` keeps its own cookies; CSRF checks the Origin of "https"
requests, so every POST carries `Origin: https://<host>`.
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from types import FrameType
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HTTP_TIMEOUT = 30.0  # seconds per request: gunicorn's own timeout kills a worker after 30
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"

# Variables Skillgap (or Django, or gunicorn.conf.py) reads: a run drops them from the
# caller's environment and sets what it needs, so the caller's shell cannot change a run.
# (A developer's .env file still fills in the ones not set here.)
APP_VARIABLES = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL",
    "CONN_MAX_AGE", "REDIS_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL", "SKILLGAP_READY_THRESHOLD",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "USE_X_FORWARDED_PROTO", "STATIC_ROOT",
    "MEDIA_ROOT",
    "LOG_LEVEL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "PORT",
    "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_LOG_LEVEL", "GUNICORN_MAX_REQUESTS",
)  # fmt: skip


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


# --- watchdog and clean exits ------------------------------------------------------------


def exit_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into SystemExit, so `finally` blocks stop the servers."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, handler)


@contextlib.contextmanager
def watchdog(seconds: float, what: str) -> Iterator[None]:
    """Abort a whole run that takes longer than `seconds` (a hang must not stall CI)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"{what} took longer than {seconds:.0f} s: aborted")

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- databases and the cache ---------------------------------------------------------------


def postgres_url(name: str, base: str | None = None) -> str:
    """`base` (a postgres:// URL, default the local server) pointing at database `name`."""
    parts = urlsplit(base or DEFAULT_POSTGRES)
    return urlunsplit(parts._replace(path=f"/{name}"))


def is_postgres(url: str | None) -> bool:
    return bool(url) and urlsplit(url or "").scheme in ("postgres", "postgresql", "pgsql")


@contextlib.contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """Create the database named in `url` afresh, and drop it afterwards."""
    import psycopg  # a runtime requirement already; imported here so SQLite runs skip it

    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"refusing to create or drop a database named {name!r}")
    admin = postgres_url("postgres", url)

    def run(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)  # the name is checked above

    run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    run(f"CREATE DATABASE {name}")
    try:
        yield url
    finally:
        run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def sqlite_database(folder: Path, name: str) -> Iterator[str]:
    yield f"sqlite:///{folder / f'{name}.sqlite3'}"


@contextlib.contextmanager
def database(name: str, folder: Path, postgres_base: str | None) -> Iterator[str]:
    """A fresh, empty database: SQLite in `folder`, or `name` on the PostgreSQL server."""
    if postgres_base:
        with postgres_database(postgres_url(name, postgres_base)) as url:
            yield url
    else:
        with sqlite_database(folder, name) as url:
            yield url


@contextlib.contextmanager
def redis_cache(url: str) -> Iterator[str]:
    """A Redis database index of our own: flushed before and after."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=10)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


def versions(database_url: str, redis_url: str = "") -> dict[str, str]:
    """The database (and cache) server versions, for the benchmark's machine description."""
    if is_postgres(database_url):
        import psycopg

        with psycopg.connect(database_url, connect_timeout=10) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        found = {"database": f"PostgreSQL {row[0] if row else '?'}"}
    else:
        import sqlite3

        found = {"database": f"SQLite {sqlite3.sqlite_version}"}
    if redis_url:
        import redis

        info = redis.Redis.from_url(redis_url, socket_timeout=10).info("server")
        found["cache"] = f"Redis {info.get('redis_version', '?')}"
    return found


# --- the site: environment, management commands, users -------------------------------------


def production_env(database_url: str, static_root: Path, redis_url: str = "") -> dict[str, str]:
    """Production settings as docs/deploy.md sets them, on loopback behind a pretend proxy."""
    base = {k: v for k, v in os.environ.items() if k not in APP_VARIABLES}
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),  # one per run, shared by its servers
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "USE_X_FORWARDED_PROTO": "true",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,  # empty: local-memory cache
        "STATIC_ROOT": str(static_root),
        # Report PDFs are kept beside the collected files, in the run's own folder.
        "MEDIA_ROOT": str(static_root.parent / "media"),
        "EMAIL_URL": "consolemail://",  # share and comment emails go to the server log
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


@dataclass
class Site:
    """One Skillgap database and its settings, driven through manage.py."""

    env: dict[str, str]

    def manage(self, *args: str, timeout: float = 600, **extra_env: str) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env={**self.env, **extra_env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        return result.stdout

    def prepare(self, collect: bool = True) -> None:
        """The release steps: migrate, collect static files (hashed names), load the seed."""
        self.manage("migrate", "--no-input", "-v0")
        if collect:
            self.manage("collectstatic", "--no-input", "-v0")
        self.manage("load_seed", "-v0")

    def create_users(self, names: Iterable[str], password: str) -> None:
        """Users made the way `createsuperuser` does, not through the (rate-limited) sign-up."""
        self.manage(
            "shell", "-c", CREATE_USERS, BENCH_USERS=json.dumps(list(names)),
            BENCH_PASSWORD=password,
        )  # fmt: skip

    def import_taxonomy(self, bundle: Mapping[str, object], folder: Path) -> None:
        path = folder / "bench-taxonomy.json"
        path.write_text(json.dumps(bundle), encoding="utf-8")
        self.manage("import_taxonomy", str(path))


# Hashes the password once (PBKDF2 takes a good part of a second) and gives it to everyone.
CREATE_USERS = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

User = get_user_model()
hashed = make_password(os.environ["BENCH_PASSWORD"])
for name in json.loads(os.environ["BENCH_USERS"]):
    user, _ = User.objects.get_or_create(username=name, defaults={"email": name + "@example.com"})
    user.password = hashed
    user.save()
"""


# --- gunicorn ------------------------------------------------------------------------------

_running: list[Server] = []


@dataclass
class Server:
    """gunicorn on 127.0.0.1 with gunicorn.conf.py; its log goes to a file."""

    env: dict[str, str]
    log_path: Path
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    config: Path = ROOT / "gunicorn.conf.py"

    def start(self, timeout: float = 60) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "-c", str(self.config),
                   "--bind", f"{HOST}:{self.port}", "config.wsgi"]  # fmt: skip
        with self.log_path.open("ab") as out:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**self.env, "WEB_CONCURRENCY": str(self.workers)},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as one
            )
        _running.append(self)
        try:
            self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if Client(self.port, timeout=2).get("/healthz").status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn did not answer /healthz in {timeout:.0f} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self in _running:
            _running.remove(self)
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=25)  # gunicorn.conf.py's graceful_timeout is 20 s
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        with contextlib.suppress(OSError):
            return [int(p) for p in children.read_text().split()]
        return []

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker (VmRSS), in MB."""
        found = []
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                kb = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
                if kb:
                    found.append(int(kb.group(1)) / 1024)
        return found

    def cpu_seconds(self) -> float:
        """CPU time the workers have used so far (user + system)."""
        total = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                # Fields after the command name (which may hold spaces): utime is the 12th.
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, timeout: float = 60) -> None:
        """Until the workers stop using CPU: requests a client gave up on still run to the end
        (a sync worker takes queued connections in turn), and must not slow the next figure."""
        deadline = time.monotonic() + timeout
        before = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = self.cpu_seconds()
            if now - before < 0.02:
                return
            before = now

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@atexit.register
def _stop_leftovers() -> None:
    """Last resort: no gunicorn outlives the script, whatever ended it."""
    for server in list(_running):
        server.stop()


@contextlib.contextmanager
def servers(
    env: dict[str, str], folder: Path, count: int, workers: int = 2
) -> Iterator[list[Server]]:
    """`count` gunicorn servers on their own ports, sharing the same database."""
    with contextlib.ExitStack() as stack:
        started = [
            stack.enter_context(Server(env, folder / f"gunicorn-{n}.log", workers))
            for n in range(count)
        ]
        yield started


@contextlib.contextmanager
def task_workers(env: dict[str, str], folder: Path, count: int) -> Iterator[list[int]]:
    """`count` `manage.py db_worker` processes beside the servers, as production runs them
    (docs/deploy.md): they draw the PDFs and send the email. Their pids; stopped on exit."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        for n in range(count):
            with (folder / f"db_worker-{n}.log").open("ab") as out:
                started.append(subprocess.Popen(
                    [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload",
                     "--worker-id", f"bench-{n}-{secrets.token_hex(4)}"],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                    start_new_session=True,
                ))  # fmt: skip
        yield [p.pid for p in started]
    finally:
        for process in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)  # finishes its task, then exits
        for process in started:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@contextlib.contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield Path(tmp)


# --- HTTP ------------------------------------------------------------------------------------


@dataclass
class Response:
    method: str
    path: str
    status: int
    headers: dict[str, str]  # lower-case names; Set-Cookie is handled by the client
    body: bytes
    ms: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        """The redirect target's path (Django may answer with an absolute https:// URL)."""
        return urlsplit(self.headers.get("location", "")).path

    def json(self) -> object:
        return json.loads(self.body)

    def line(self) -> str:
        return f"{self.method:<4} {self.path:<72} {self.status} {self.ms:7.1f} ms"


class Client:
    """One browser: its own cookies, CSRF token and the https-proxy headers on every request.

    A new connection per request: gunicorn's sync workers close each one anyway.
    """

    def __init__(
        self,
        port: int,
        timeout: float = HTTP_TIMEOUT,
        on_response: Callable[[Response], None] | None = None,
    ) -> None:
        self.port = port
        self.timeout = timeout
        self.on_response = on_response
        self.cookies: dict[str, str] = {}

    def on(self, port: int) -> Client:
        """The same browser (same session) talking to another server of the same site."""
        other = Client(port, self.timeout, self.on_response)
        other.cookies = dict(self.cookies)
        return other

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.port}"

    @property
    def csrf_token(self) -> str:
        return self.cookies.get("csrftoken", "")

    def headers(self, htmx: bool = False, unsafe: bool = False) -> dict[str, str]:
        """What a browser behind the proxy sends: the same for the Python client and wrk."""
        headers = {"Host": f"{HOST}:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if unsafe:
            headers |= {"Origin": self.origin, "Referer": f"{self.origin}/",
                        "X-CSRFToken": self.csrf_token}  # fmt: skip
        if htmx:
            headers["HX-Request"] = "true"
        return headers

    def request(
        self,
        method: str,
        path: str,
        data: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        htmx: bool = False,
    ) -> Response:
        unsafe = method not in ("GET", "HEAD")
        headers = self.headers(htmx=htmx, unsafe=unsafe)
        body = None
        if unsafe:
            fields = list(data.items()) if isinstance(data, Mapping) else list(data or [])
            # The form field too, as a browser's form post sends it (the header would do).
            body = urlencode([("csrfmiddlewaretoken", self.csrf_token), *fields]).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            payload = raw.read()
            for cookie in raw.msg.get_all("Set-Cookie") or []:
                self.keep_cookie(cookie)
            reply_headers = {k.lower(): v for k, v in raw.getheaders()}
        finally:
            conn.close()
        ms = (time.perf_counter() - start) * 1000
        response = Response(method, path, raw.status, reply_headers, payload, ms)
        if self.on_response:
            self.on_response(response)
        return response

    def keep_cookie(self, header: str) -> None:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            if morsel.value == "" or morsel["max-age"] == "0":
                self.cookies.pop(name, None)  # Django deletes a cookie this way
            else:
                self.cookies[name] = morsel.value

    def get(self, path: str, htmx: bool = False) -> Response:
        return self.request("GET", path, htmx=htmx)

    def post(
        self,
        path: str,
        data: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        htmx: bool = False,
    ) -> Response:
        return self.request("POST", path, data, htmx=htmx)

    def login(self, username: str, password: str) -> Response:
        """Django's login form: GET it for the CSRF cookie, POST the credentials."""
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"username": username, "password": password})
        if response.status != 302:
            raise RuntimeError(f"login as {username} answered {response.status}, not a redirect")
        return response


# --- reading pages ------------------------------------------------------------------------------

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def uuid_in(path: str, prefix: str) -> str:
    """The id in a redirect such as /assessments/<uuid>/ or /reports/<uuid>/."""
    found = re.search(rf"^{re.escape(prefix)}({UUID})/", path)
    if not found:
        raise RuntimeError(f"expected a redirect to {prefix}<uuid>/, got {path!r}")
    return found.group(1)


def skill_slugs(rating_page: str, assessment: str) -> list[str]:
    """The skills a rating page offers: each row's score field is named `<slug>-score` (its
    autosave address, /assessments/<id>/ratings/<slug>/, is added by rate.js)."""
    return list(dict.fromkeys(re.findall(r'name="([\w-]+)-score"', rating_page)))


def category_links(rating_page: str) -> list[str]:
    """The categories a rating page draws closed (100+ skills): `?category=<slug>` links,
    whose pages carry their rows (SKILLGAP_LAZY_CATEGORIES_AT, docs/design-notes.md)."""
    return list(dict.fromkeys(re.findall(r'href="\?category=([\w-]+)"', rating_page)))


def rating_slugs(client: Client, assessment: str) -> list[str]:
    """Every skill of a draft, as a person without JavaScript finds them: the page, then at
    100+ skills each category's page."""
    page = client.get(f"/assessments/{assessment}/").text
    slugs = skill_slugs(page, assessment)
    for category in category_links(page):
        more = client.get(f"/assessments/{assessment}/?category={category}").text
        slugs += [s for s in skill_slugs(more, assessment) if s not in slugs]
    return slugs


def static_urls(page: str) -> list[str]:
    """The stylesheets and scripts a page links to."""
    return list(
        dict.fromkeys(re.findall(r'<(?:link|script)\b[^>]*?(?:href|src)="(/static/[^"]+)"', page))
    )


def shared_link_tokens(page: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"/s/([\w-]+)/", page)))


def start_assessment(client: Client, career: str, level: str) -> str:
    """POST the start form; the new assessment's id."""
    response = client.post(f"/assessments/start/{career}/", {"level": level})
    if response.status != 302:
        raise RuntimeError(f"starting {career} at {level} answered {response.status}")
    return uuid_in(response.location, "/assessments/")


def rate_all(client: Client, assessment: str, scores: Mapping[str, int]) -> None:
    """Save many ratings in one request: the rating page's form, as without JavaScript."""
    fields = [(f"{slug}-score", str(score)) for slug, score in scores.items()]
    response = client.post(f"/assessments/{assessment}/", fields)
    if response.status != 302:
        raise RuntimeError(f"saving {len(fields)} ratings answered {response.status}")


def finish(client: Client, assessment: str) -> str:
    """POST finish; the report's id."""
    response = client.post(f"/assessments/{assessment}/finish/")
    if response.status != 302:
        raise RuntimeError(f"finishing {assessment} answered {response.status}")
    return uuid_in(response.location, "/reports/")


def share_with(client: Client, report: str, mentor: str) -> None:
    response = client.post(f"/reports/{report}/share/", {"mentor": mentor})
    if response.status != 302:
        raise RuntimeError(f"sharing {report} with {mentor} answered {response.status}")
