"""Accessibility and phone-fit checks for the browser tests: axe-core and horizontal overflow.

    from tests.e2e.axe import assert_accessible, assert_fits

    page.goto(f"{base}/careers/{slug}/")
    assert_accessible(page)  # no serious or critical WCAG 2.0/2.1 A/AA violation
    assert_fits(page)        # nothing wider than the viewport

axe-core is vendored in tests/e2e/vendor (see VERSIONS), never served to users. It is
defined with page.evaluate, which runs through DevTools, so a strict Content-Security-Policy
on the page (no inline script) cannot block it as it would block page.add_script_tag.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TypedDict

from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
SEVERE = ("serious", "critical")


class AxeNode(TypedDict):
    target: str  # a CSS selector for the element (frames joined by " >> ")
    html: str  # the element's markup as axe quotes it, cut at 200 characters
    summary: str  # what axe says is wrong with it ("Fix any of the following: …")


class AxeViolation(TypedDict):
    id: str  # the rule, e.g. "color-contrast"
    impact: str  # minor, moderate, serious or critical
    help: str
    help_url: str
    count: int  # how many elements fail the rule
    nodes: list[AxeNode]  # the first few of them


@cache
def axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


# Runs axe in the page and keeps what a failure message needs; the rest of axe's
# (large) result never crosses into Python.
_RUN_AXE = """async ({tags, impacts, maxNodes}) => {
  const results = await window.axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  const short = (text, limit) => {
    const flat = (text || "").replace(/\\s+/g, " ").trim();
    return flat.length > limit ? flat.slice(0, limit - 1) + "…" : flat;
  };
  return results.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      help_url: v.helpUrl.split("?")[0],
      count: v.nodes.length,
      nodes: v.nodes.slice(0, maxNodes).map((n) => ({
        target: n.target.map((t) => Array.isArray(t) ? t.join(" ") : t).join(" >> "),
        html: short(n.html, 200),
        summary: short((n.failureSummary || "").split("\\n").map((l) => l.trim())
          .filter(Boolean).join("; ").replace(":;", ":"), 300),
      })),
    }));
}"""


def inject_axe(page: Page) -> None:
    """Define window.axe in the page, once per document.

    page.evaluate runs the script through DevTools, not as a <script> element, so the
    page's Content-Security-Policy does not apply (page.add_script_tag would be refused).
    """
    if not page.evaluate("typeof window.axe?.run === 'function'"):
        page.evaluate(axe_source())


def axe_violations(
    page: Page, impacts: Sequence[str] = SEVERE, max_nodes: int = 3
) -> list[AxeViolation]:
    """The page's WCAG 2.0/2.1 A and AA violations of the given impacts, as axe reports them."""
    inject_axe(page)
    violations: list[AxeViolation] = page.evaluate(
        _RUN_AXE, {"tags": list(WCAG_TAGS), "impacts": list(impacts), "maxNodes": max_nodes}
    )
    return violations


def describe_violations(violations: Sequence[AxeViolation]) -> str:
    lines: list[str] = []
    for v in violations:
        elements = "element" if v["count"] == 1 else "elements"
        lines.append(f"- {v['id']} ({v['impact']}, {v['count']} {elements}): {v['help']}")
        lines.append(f"  {v['help_url']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node['html']}")
            if node["summary"]:
                lines.append(f"      {node['summary']}")
        if v["count"] > len(v["nodes"]):
            lines.append(f"    …and {v['count'] - len(v['nodes'])} more")
    return "\n".join(lines)


def assert_accessible(page: Page, impacts: Sequence[str] = SEVERE) -> None:
    """Fail, listing every rule and a few of its elements, when axe finds a violation."""
    violations = axe_violations(page, impacts)
    if violations:
        raise AssertionError(
            f"axe-core found {len(violations)} {'/'.join(impacts)} violation"
            f"{'' if len(violations) == 1 else 's'} on {page.url}:\n"
            + describe_violations(violations)
        )


def page_overflow(page: Page) -> int:
    """How many CSS px the document is wider than the viewport (0 when it fits).

    Measured against documentElement.clientWidth, the layout viewport: it equals
    window.innerWidth where scrollbars take no room (Playwright's headless Chromium), and
    unlike innerWidth it neither counts a classic scrollbar as room nor widens when a
    mobile browser zooms out to show an overflowing page.
    """
    overflow: int = page.evaluate(
        "Math.max(0, Math.ceil(document.documentElement.scrollWidth"
        " - document.documentElement.clientWidth))"
    )
    return overflow


# The elements that stick out past the viewport's right edge and are not held in by a
# scrolling or clipping box (those scroll on their own and do not widen the page); only
# the innermost ones, as those are the ones to fix. An absolutely positioned element
# escapes every such box up to its containing block (its nearest positioned ancestor):
# the classic case is a .visually-hidden label in the last column of a .table-responsive.
# A fixed element never widens the page.
_OVERFLOWING = """(limit) => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    let position = getComputedStyle(el).position;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (position === "fixed") return true;
      const style = getComputedStyle(p);
      if (position === "absolute" && style.position === "static") continue;
      if (style.overflowX !== "visible") return true;
      position = style.position;
    }
    return position === "fixed";
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].slice(0, 3).map((c) => "." + c).join("");
  const right = (el) => el.getBoundingClientRect().right + window.scrollX;
  const out = [...document.body.querySelectorAll("*")].filter(
    (el) => right(el) > width + 0.5 && !clipped(el));
  return out.filter((el) => !out.some((o) => o !== el && el.contains(o)))
    .slice(0, limit)
    .map((el) => `${name(el)} (right edge at ${Math.round(right(el))} px)`);
}"""


def overflowing_elements(page: Page, limit: int = 5) -> list[str]:
    """A short description of the innermost elements that stick out of the viewport."""
    found: list[str] = page.evaluate(_OVERFLOWING, limit)
    return found


def assert_fits(page: Page) -> None:
    """Fail when the page scrolls sideways, naming the elements that stick out."""
    overflow = page_overflow(page)
    if overflow:
        width = page.evaluate("document.documentElement.clientWidth")
        culprits = "\n".join(f"- {e}" for e in overflowing_elements(page))
        raise AssertionError(
            f"{page.url} is {overflow} px wider than the {width} px viewport:\n{culprits}"
        )
