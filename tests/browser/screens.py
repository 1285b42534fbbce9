"""How a page fits a screen, measured in the browser with one script: does it scroll sideways, and
which controls are smaller than 44 by 44 CSS pixels (issue 17; WCAG 2.5.8 asks 24, we ask 44)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

TARGET = 44

# Controls measured: links, buttons, fields, summaries (details), menu buttons. A radio or checkbox
# is measured by its input, which GOV.UK Frontend lays over its circle or box at 44 by 44.
# Exempt: a link inside running text (its block holds more words than the link), which WCAG 2.5.8
# exempts too; the skip link, seen only when focused; anything not shown.
MEASURE = """
async target => {
  await document.fonts.ready;
  const blockOf = el => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const display = getComputedStyle(node).display;
      if (!display.startsWith('inline') && display !== 'contents') return node;
    }
    return document.body;
  };
  const shown = el => {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const words = text => text.replace(/\\s+/g, ' ').trim();
  const small = [];
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  for (const el of document.querySelectorAll(controls)) {
    if (el.matches('.govuk-skip-link') || !shown(el)) continue;
    if (el.matches('a') && words(blockOf(el).textContent) !== words(el.textContent)) continue;
    const box = el.getBoundingClientRect();
    if (box.width < target - 0.5 || box.height < target - 0.5) {
      const name = words(el.textContent || el.getAttribute('aria-label') || el.name || el.id || '');
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      small.push(`${el.tagName.toLowerCase()} "${name.slice(0, 40)}" ${size}`);
    }
  }
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    small: small,
  };
}
"""


# The axe-core rules whose outcome depends on the width of the screen and that fit_problems does
# not already check more strictly (axe's target-size asks 24px; fit_problems asks 44px). The others
# read the markup, which is the same at every width: test_accessibility.py runs them at 1024 px.
LAYOUT_RULES = ["scrollable-region-focusable", "meta-viewport", "meta-viewport-large", "css-orientation-lock"]


def fit_problems(page: Page) -> list[str]:
    """What does not fit the page's viewport as it is now: sideways scrolling and small controls."""
    result: dict[str, Any] = page.evaluate(MEASURE, TARGET)
    problems = []
    if result["overflow"] > 0:
        problems.append(f"scrolls sideways by {result['overflow']}px")
    problems.extend(f"{control} is under {TARGET}x{TARGET}" for control in result["small"])
    return problems
