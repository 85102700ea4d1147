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
from playwright.sync_api import Page

from tests.factories import PASSWORD

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


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # Bootstrap's buttons fade between states; with reduced motion they switch at once,
    # so axe measures the colours a person ends up reading, not a frame mid-fade.
    return {**browser_context_args, "reduced_motion": "reduce"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def log_in(page: Page, base: str, username: str) -> None:
    """Log in through the site's form, as a person would (cookies of anyone before dropped)."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def nav(page: Page, name: str) -> None:
    """Follow a link of the site's navigation bar, opening the phone's Menu if it is shut."""
    main = page.get_by_role("navigation", name="Main")
    menu = main.locator(".nav-menu")
    if menu.is_visible() and menu.get_attribute("open") is None:
        menu.locator("summary").click()
    main.get_by_role("link", name=name, exact=True).click()
