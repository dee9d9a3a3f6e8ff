"""Indonesian left on a page that should speak English, measured in the real Chromium.

``indonesian_left(page, modules)`` reads the page's own texts modules (each exports
``TEXTS = {key: [Indonesian, English]}``) and every word table of the vocabulary, and
returns the visible texts that are still the Indonesian of one of them: a text node, the
chosen option of a select, or a placeholder. A template's ``{placeholders}`` match
anything, so "A-001 dipanggil." is caught by "{number} dipanggil.". Texts that are the
same in both languages ("Status", "NIK") are not asked about. Office data (service and
counter names) is not the page's text: a test names what it shows in ``office_data``.
"""

from __future__ import annotations

_LEFT = r"""async ([modules, data]) => {
  const V = (await import("/pages/vocabulary.js")).default;
  const tables = [];
  for (const m of modules) tables.push((await import(m)).TEXTS);
  for (const table of Object.values(V)) {
    if (!table || typeof table !== "object" || Array.isArray(table)) continue;
    const pairs = Object.values(table);
    if (pairs.length && pairs.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === "string")) tables.push(table);
  }
  const patterns = [];
  for (const table of tables) for (const pair of Object.values(table)) {
    const id = String(pair[0]).trim(), en = String(pair[1] || "").trim();
    if (!id || id === en || (id.match(/[A-Za-z]/g) || []).length < 3) continue;
    const rx = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\{\w+\\\}/g, "[\\s\\S]*?");
    patterns.push([id, new RegExp("^" + rx + "$")]);
  }
  const seen = [];
  const shown = (e) => e && e.checkVisibility({ visibilityProperty: true, opacityProperty: false });
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const text = n.textContent.trim();
    if (text && shown(n.parentElement) && !n.parentElement.closest("select, script, style")) seen.push(text);
  }
  for (const s of document.querySelectorAll("select")) if (shown(s) && s.selectedOptions[0]) seen.push(s.selectedOptions[0].text.trim());
  for (const i of document.querySelectorAll("input[placeholder], textarea[placeholder]")) if (shown(i)) seen.push(i.placeholder.trim());
  const left = [];
  for (const text of seen) if (!data.includes(text)) for (const [id, rx] of patterns) if (rx.test(text)) { left.push(`${text} (${id})`); break; }
  return left;
}"""


def indonesian_left(page, modules: list[str], office_data: tuple[str, ...] = ()) -> list[str]:
    """``office_data``: texts the office wrote (a service called "Pengaduan") that may be shown as
    they are and happen to equal a word of the page."""
    return page.evaluate(_LEFT, [modules, list(office_data)])
