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


def untranslated_html(path, neutral: set[str]) -> list[str]:
    """Texts written in a page's HTML that no ``data-i18n`` attribute replaces: they would stay
    Indonesian whatever the account's language. ``neutral`` lists those that are the same in
    both languages ("NIK", "Antre") or office data (a time zone's name)."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.found, self.body = [], [], False

        def handle_starttag(self, tag, attrs):
            if tag == "body":
                self.body = True
            if tag not in ("input", "img", "br", "meta", "link", "source"):  # no end tag
                self.stack.append((tag, dict(attrs)))

        def handle_endtag(self, tag):
            while self.stack:
                if self.stack.pop()[0] == tag:
                    break

        def handle_data(self, data):
            text = " ".join(data.split())
            if not self.body or not text or not any(c.isalpha() for c in text) or text in neutral:
                return
            # data-label: a staff action button, whose label staff/actions.js puts under data-i18n
            if not any("data-i18n" in attrs or "data-label" in attrs for _, attrs in self.stack[-1:]) and \
                    not any(tag in ("script", "style", "datalist") for tag, _ in self.stack):
                self.found.append(text)

    reader = Reader()
    from pathlib import Path
    reader.feed(Path(path).read_text(encoding="utf-8"))
    return reader.found
