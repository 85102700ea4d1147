"""The accessibility helper itself (tests/e2e/axe.py), on tiny pages with known answers.

The site's pages are about to be redesigned (issue 12), so their axe and overflow checks
come with the new pages; this proves the checks they will use find what they should.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.axe import assert_accessible, assert_fits, axe_violations, page_overflow

# The policy blocks every script, as production will block inline ones: the helper must
# still work, so it cannot inject axe as a <script>. (Fixture styles are inline for brevity.)
HEAD = (
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta http-equiv="Content-Security-Policy" content="script-src \'none\'">'
    "<title>Fixture</title>"
)
CLEAN = f"""<!doctype html><html lang="en"><head>{HEAD}</head><body><main>
<h1>Fits and reads</h1>
<img src="chart.png" alt="Readiness by level" width="40" height="40">
<button type="button">Save</button>
</main></body></html>"""
BROKEN = f"""<!doctype html><html lang="en"><head>{HEAD}</head><body><main>
<h1>Known problems</h1>
<img src="chart.png" width="40" height="40">
<button type="button" class="icon"></button>
<div style="overflow-x: auto"><table style="width: 500px">
  <tr><th style="width: 450px">Career</th>
    <th><span id="actions" style="position: absolute; width: 1px">Actions</span></th></tr>
  <tr><td><a href="#career">Systems ML Engineer</a></td><td>Resume</td></tr>
</table></div>
<div id="wide" style="width: 600px">A row that does not wrap</div>
</main></body></html>"""


def test_helper_finds_known_violations_and_overflow_and_passes_a_clean_page(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})

    page.set_content(BROKEN)
    found = {v["id"]: v for v in axe_violations(page)}
    assert set(found) == {"image-alt", "button-name"}
    assert found["image-alt"]["impact"] == "critical"
    assert found["button-name"]["count"] == 1
    assert found["button-name"]["nodes"][0]["target"] == "button"
    assert '<button type="button" class="icon">' in found["button-name"]["nodes"][0]["html"]
    with pytest.raises(AssertionError, match=r"(?s)button-name .*image-alt .*<img"):
        assert_accessible(page)
    assert page_overflow(page) == 8 + 600 - 390  # the body's margin, then the wide row
    # The scrolling table holds its columns in, but not the absolutely positioned label.
    with pytest.raises(
        AssertionError,
        match=r"218 px wider than the 390 px viewport:\n"
        r"- span#actions \(right edge at \d+ px\)\n- div#wide \(right edge at 608 px\)$",
    ):
        assert_fits(page)

    page.set_content(CLEAN)
    assert axe_violations(page) == []
    assert_accessible(page)
    assert page_overflow(page) == 0
    assert_fits(page)
