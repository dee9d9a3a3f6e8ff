"""Layout checks for the staff pages, measured in the real Chromium.

A box's texts must lie inside it and inside the window, must not overlap each
other, and a number must not break across lines. The browser measures; Python
only reads the verdict, so a failure names the texts that went wrong.
"""

from __future__ import annotations

_PROBLEMS = """(sel) => {
  const root = document.querySelector(sel);
  if (!root) return ["no " + sel];
  const R = root.getBoundingClientRect();
  const W = document.documentElement.clientWidth;
  const texts = [];
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (!el.offsetParent && getComputedStyle(el).position !== "fixed") continue;  // hidden
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      texts.push({ text: n.textContent.trim().slice(0, 40), r, el });
    }
  }
  const out = [];
  const eps = 1;
  for (const t of texts) {
    const r = t.r;
    if (r.left < R.left - eps || r.right > R.right + eps || r.top < R.top - eps || r.bottom > R.bottom + eps)
      out.push(`"${t.text}" outside ${sel}`);
    if (r.left < -eps || r.right > W + eps) out.push(`"${t.text}" outside the window`);
    // clipped by an ancestor that hides its overflow
    for (let a = t.el; a && a !== root.parentElement; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== "visible" || cs.overflowY !== "visible") {
        const b = a.getBoundingClientRect();
        if (r.right > b.right + eps || r.left < b.left - eps) out.push(`"${t.text}" clipped`);
        break;
      }
    }
  }
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i].r, b = texts[j].r;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 2 && h > 2) out.push(`"${texts[i].text}" overlaps "${texts[j].text}"`);
  }
  return out;
}"""

_LINES = """(sel) => {
  const el = document.querySelector(sel);
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
  return tops.size;
}"""


def layout_problems(page, selector: str) -> list[str]:
    return page.evaluate(_PROBLEMS, selector)


def assert_laid_out(page, selector: str) -> None:
    problems = layout_problems(page, selector)
    assert not problems, problems


def line_count(page, selector: str) -> int:
    """On how many lines the element's text is drawn."""
    return page.evaluate(_LINES, selector)
