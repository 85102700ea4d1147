"""Browser tests: pytest-playwright driving Debian's Chromium against live_server.

Playwright cannot download its own browser on this network, so the launch points it at
/usr/bin/chromium. Where no Chromium exists the tests skip on a developer's machine,
but fail under CI=true: a browser test that did not run must not look like a pass.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine's network is closed; these stop Chromium's own background calls.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    path = find_chromium()
    if path is None:
        message = "No Chromium found: apt-get install chromium (or set CHROMIUM_PATH)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_FLAGS}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
