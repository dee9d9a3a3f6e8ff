/* Page texts in Indonesian and English, for every page that follows a language setting.

   A page keeps its own sentences as {key: [Indonesian, English]} (the vocabulary's shape, so a
   reader meets one convention); words of the shared vocabulary (statuses, counter states, day
   names ...) stay in common/vocabulary.py and are looked up with common.js's word(table, name, lang).
   Indonesian is the default everywhere: an unknown or missing language is Indonesian, and a key
   missing in English falls back to its Indonesian text rather than showing nothing. */

import V from "/pages/vocabulary.js";

export const LANGUAGES = Object.keys(V.languages);  // common/vocabulary.py names them once

/* The first of `candidates` that is a language we have ("en-GB" counts as "en"), else "id". */
export function pickLanguage(...candidates) {
  for (const c of candidates) {
    if (typeof c !== "string" || !c) continue;
    const base = c.toLowerCase().split(/[-_]/)[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return "id";
}

/* t(key, params): the text of `key` in `lang`, with {name} placeholders filled from params.
   When params.n is 1 and the page has `key_one`, that one is used ("1 person", not "1 people";
   Indonesian does not change, so its `_one` text is the same as the other). */
export function translator(texts, lang) {
  const i = lang === "en" ? 1 : 0;
  const t = (key, params) => {
    if (params && params.n === 1 && texts[key + "_one"]) key += "_one";
    const pair = texts[key];
    let s = pair ? (pair[i] || pair[0]) : key;
    if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
    return s;
  };
  t.lang = lang === "en" ? "en" : "id";
  return t;
}

/* Fill every element under `root` marked data-i18n="key" (its text) or data-i18n-title="key"
   (its title), and set <html lang>, so the static parts of a page follow the language too. */
export function applyTexts(t, root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  document.documentElement.lang = t.lang;
}
