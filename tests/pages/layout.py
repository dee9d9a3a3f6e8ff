"""Layout checks for pages in Chromium: what a person must read is inside its box, overlaps
nothing, and nothing covers it.

``layout_problems(page, selector)`` looks at every visible element the selector matches and
returns sentences (empty: all well), so a failing test says what is wrong where:
- outside the window (below it is fine on a page that scrolls), or cut off by an ancestor that hides its overflow (a clipped row);
- one line of text wider than its box when it is not deliberately ellipsised;
- overlapping another matched element (neither containing the other);
- covered: the element found at its centre is something else laid on top of it.
"""

from __future__ import annotations

_CHECK = r"""
(selector) => {
  const problems = [];
  const name = (e) => e.id ? "#" + e.id : (e.className ? e.tagName.toLowerCase() + "." + String(e.className).split(" ").join(".") : e.tagName.toLowerCase())
    + (e.textContent ? ` "${e.textContent.trim().slice(0, 30)}"` : "");
  const visible = (e) => { const r = e.getBoundingClientRect(); const st = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && st.visibility !== "hidden" && st.display !== "none"; };
  const items = [...document.querySelectorAll(selector)].filter(visible);
  // A page that scrolls may run below the window (not wider); one that hides its overflow may not.
  const scrolls = [document.documentElement, document.body].every((e) => getComputedStyle(e).overflowY !== "hidden");
  const W = innerWidth, H = scrolls ? Math.max(innerHeight, document.documentElement.scrollHeight) : innerHeight, slack = 1;
  for (const e of items) {
    const r = e.getBoundingClientRect();
    if (r.left < -slack || r.top < -slack || r.right > W + slack || r.bottom > H + slack)
      problems.push(`${name(e)} is outside the window (${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)} of ${W}x${H})`);
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const st = getComputedStyle(a);
      if (st.overflowX === "visible" && st.overflowY === "visible") continue;
      const b = a.getBoundingClientRect();
      if (r.left < b.left - slack || r.top < b.top - slack || r.right > b.right + slack || r.bottom > b.bottom + slack)
        problems.push(`${name(e)} is cut off by ${name(a).slice(0, 40)} (bottom ${Math.round(r.bottom)} > ${Math.round(b.bottom)} or sides)`);
    }
    const st = getComputedStyle(e);
    if (st.whiteSpace === "nowrap" && st.textOverflow !== "ellipsis" && e.scrollWidth > e.clientWidth + slack && st.display !== "inline")
      problems.push(`${name(e)} is wider than its box (${e.scrollWidth} > ${e.clientWidth})`);
    const x = (Math.max(r.left, 0) + Math.min(r.right, W)) / 2, y = (Math.max(r.top, 0) + Math.min(r.bottom, H)) / 2;
    const top = y < innerHeight ? document.elementFromPoint(x, y) : null;  // below the fold: not judged here
    if (top && !e.contains(top) && !top.contains(e))
      problems.push(`${name(e)} is covered by ${name(top)}`);
  }
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const a = items[i], b = items[j];
    if (a.contains(b) || b.contains(a)) continue;
    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    const w = Math.min(p.right, q.right) - Math.max(p.left, q.left), h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
    if (w > slack && h > slack) problems.push(`${name(a)} overlaps ${name(b)}`);
  }
  return problems;
}
"""


def layout_problems(page, selector: str) -> list[str]:
    """Every problem with the visible elements matching ``selector`` (empty list: none)."""
    return page.evaluate(_CHECK, selector)
