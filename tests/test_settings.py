"""Production settings pass Django's deployment checks with DEBUG off."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


# Set for the Playwright tests only (see conftest); a deployment never has it.
TEST_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serving_pages_leaves_the_sign_up_look_alike_tables_unloaded() -> None:
    # They hold 6 MB in every gunicorn worker that loads them (bench/profile_memory.py), and
    # only sign-up and account changes use them.
    code = (
        "import sys; from django.urls import get_resolver; get_resolver().url_patterns; "
        "print(sorted(m for m in sys.modules if m.startswith('confusable')))"
    )
    result = manage(
        "shell", "--no-imports", "-c", code, DEBUG="false", ALLOWED_HOSTS="skillgap.example.com",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("redis_url", "engine"),
    [
        ("redis://127.0.0.1:6379/0", "django.contrib.sessions.backends.cached_db"),
        # A local-memory copy in one worker would outlive a log-out another worker handled.
        ("", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_read_from_redis_when_it_is_shared_and_never_from_local_memory(
    redis_url: str, engine: str
) -> None:
    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    result = manage("shell", "--no-imports", "-c", code, REDIS_URL=redis_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == engine


def test_check_deploy_passes_with_debug_off() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="skillgap.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


TEMPLATES = ROOT / "templates"
INLINE = [
    (re.compile(r"\sstyle\s*="), "a style attribute"),
    (re.compile(r"<style[\s>]"), "a <style> block"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>"), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an inline event handler"),
    (re.compile(r"href\s*=\s*[\"']\s*javascript:", re.IGNORECASE), "a javascript: link"),
]


def test_no_template_needs_what_the_content_security_policy_refuses() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {what}"
        for path in TEMPLATES.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for pattern, what in INLINE
        if pattern.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_pages_carry_a_strict_policy_and_deny_unused_browser_features(client: Client) -> None:
    response = client.get("/")
    policy = dict(
        d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";") if d.strip()
    )
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    features = response["Permissions-Policy"]
    for denied in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert denied in features


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "skillgap.example.com,testserver",
}

# Run inside `manage.py shell` with production settings: every page the layout renders
# names hashed static files, so a missing manifest entry shows up as a 500 here.
SERVE_PAGES = """
import json
import re
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)
client = Client()
statuses = {}
for path in ("/", "/accounts/login/", "/no-such-page/"):
    page = client.get(path, secure=True)
    statuses[path] = page.status_code
html = client.get("/", secure=True).content.decode()
for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
    statuses[url] = client.get(url, secure=True).status_code
print(json.dumps(statuses))
"""


def test_collectstatic_then_pages_serve_with_debug_off(tmp_path: Path) -> None:
    """The release steps of docs/deploy.md work: collect, then every page renders (issue 10)."""
    env = {
        **PRODUCTION,
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    collected = manage("collectstatic", "--no-input", **env)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest

    served = manage("shell", "-c", SERVE_PAGES, **env)
    assert served.returncode == 0, served.stdout + served.stderr
    statuses = json.loads(served.stdout.strip().splitlines()[-1])  # the dict printed last
    static = {url: code for url, code in statuses.items() if url.startswith("/static/")}
    assert statuses["/"] == statuses["/accounts/login/"] == 200, statuses
    assert statuses["/no-such-page/"] == 404, statuses
    assert static and set(static.values()) == {200}, statuses
    # Hashed names: whitenoise can then let browsers cache them for ever.
    assert all(re.search(r"\.[0-9a-f]{12}\.(css|js)$", url) for url in static), static


def test_no_template_comment_spans_lines() -> None:
    """A {# … #} comment ends on its own line; one that doesn't is printed on the page."""
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in TEMPLATES.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.count("{#") != line.count("#}")
    ]
    assert found == []
