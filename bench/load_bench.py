"""Load benchmark: wrk against gunicorn serving the seed, on loopback only.

Starts gunicorn (2 workers) on 127.0.0.1 with a fresh SQLite file holding the seed
taxonomy, then runs wrk for a few seconds against /healthz (the reference), the career
list and the Systems ML Engineer career page. Bounded in time; stops by itself.
Needs Debian's wrk (`apt-get install wrk`); skipped with a message when it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["/healthz", "/", "/careers/systems-ml-engineer/"]
SECONDS, CONNECTIONS = 5, 16


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def main() -> None:
    if shutil.which("wrk") is None:
        print("load benchmark skipped: wrk is not installed (apt-get install wrk)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/load.sqlite3", "DEBUG": "true"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "load_seed", "-v0"], env=env, check=True, cwd=ROOT)
        port = free_port()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        server = subprocess.Popen(
            [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz")
            for path in PATHS:
                out = subprocess.run(
                    ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency",
                     f"http://127.0.0.1:{port}{path}"],
                    capture_output=True, text=True, timeout=SECONDS + 30, check=True,
                ).stdout  # fmt: skip
                rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
                p50 = re.search(r"50%\s+(\S+)", out)
                p99 = re.search(r"99%\s+(\S+)", out)
                print(
                    f"load {path}: {rps.group(1) if rps else '?'} req/s, "
                    f"p50 {p50.group(1) if p50 else '?'}, p99 {p99.group(1) if p99 else '?'} "
                    f"({CONNECTIONS} connections, {SECONDS} s, gunicorn 2 workers)"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
