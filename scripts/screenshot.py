"""Screenshot pages of a running Skillgap with Debian's Chromium (for docs/screenshots/).

Usage: python scripts/screenshot.py BASE_URL [--as USER:PASSWORD] [--width PX] PATH=OUT.png [...]

With --as the pages after it are taken logged in as USER (the demo people of
`make run`: jordan, morgan); a later --as switches person. With --width the pages after
it are taken that many CSS pixels wide (390: a phone, 844 tall); 1280 by 900 until then.
"""

from __future__ import annotations

import shutil
import sys

from playwright.sync_api import Page, sync_playwright

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def log_in(page: Page, base: str, credentials: str) -> None:
    username, password = credentials.split(":", 1)
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def main(base: str, args: list[str]) -> None:
    base = base.rstrip("/")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        arguments = iter(args)
        for arg in arguments:
            if arg == "--as":
                log_in(page, base, next(arguments))
                continue
            if arg == "--width":
                width = int(next(arguments))
                page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
                continue
            path, out = arg.split("=", 1)
            page.goto(base + path)
            page.screenshot(path=out, full_page=False)
            print(f"{path} -> {out}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
