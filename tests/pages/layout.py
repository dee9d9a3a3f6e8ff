"""Layout checks for pages in Chromium: what a person must read is inside its box, overlaps
nothing, and nothing covers it.

Two views of the same promise. ``text_problems(page, box)`` (and ``assert_laid_out``) reads
every text inside one box: each must lie inside the box and the window, not be clipped, and not
overlap another; ``line_count`` says on how many lines a text is drawn (a number must not break).
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
    // Line by line: an inline element that wraps is two boxes, not the rectangle around both.
    const hit = [...a.getClientRects()].some((p) => [...b.getClientRects()].some((q) =>
      Math.min(p.right, q.right) - Math.max(p.left, q.left) > slack &&
      Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > slack));
    if (hit) problems.push(`${name(a)} overlaps ${name(b)}`);
  }
  return problems;
}
"""


def layout_problems(page, selector: str) -> list[str]:
    """Every problem with the visible elements matching ``selector`` (empty list: none)."""
    return page.evaluate(_CHECK, selector)


_TEXTS_IN_BOX = """(sel) => {
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


def text_problems(page, box: str) -> list[str]:
    """Every text inside ``box`` that lies outside it or the window, is clipped or overlaps another."""
    return page.evaluate(_TEXTS_IN_BOX, box)


def assert_laid_out(page, box: str) -> None:
    problems = text_problems(page, box)
    assert not problems, problems


def line_count(page, selector: str) -> int:
    """On how many lines the element's text is drawn."""
    return page.evaluate(_LINES, selector)
