"""Screenshot pages of a running Skillgap with Debian's Chromium (for docs/screenshots/).

Usage: python scripts/screenshot.py BASE_URL PATH=OUT.png [PATH=OUT.png ...]
"""

from __future__ import annotations

import shutil
import sys

from playwright.sync_api import sync_playwright

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main(base: str, shots: list[str]) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for shot in shots:
            path, out = shot.split("=", 1)
            page.goto(base.rstrip("/") + path)
            page.screenshot(path=out, full_page=False)
            print(f"{path} -> {out}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
