/* The language of a logged-in person's pages (staff workstation, admin pages), kept with her
   account on the server (GET /api/auth/me, PUT /api/auth/me/language): it follows her to every
   PC, and the technician can set it on the accounts page. Indonesian until someone chooses.

   A page builds its translator with `translator(TEXTS, lang)` (i18n.js) and hands this module a
   function that redraws it; the ID / EN switch in the header calls it after the server agreed. */
import V from "/pages/vocabulary.js";
import { api, el } from "/pages/common.js";
import { LANGUAGES } from "/pages/i18n.js";

/* A server refusal in the reader's language: every coded error carries both (server/domain/errors.py),
   and so does each field problem. */
export function serverText(err, lang) {
  if (!err) return "";
  const body = err.body || err;
  if (lang === "en" && body.message_en) return body.message_en;
  return body.message || err.message || "";
}

/* The ID / EN switch: two small buttons, the current one pressed. `choose(lang)` is called once the
   server kept the choice; a refusal is handed to `failed(err)`. */
export function languageSwitch(box, current, { choose, failed }) {
  const buttons = LANGUAGES.map((lang) => el("button", {
    type: "button", class: "lang-btn", "data-lang": lang, lang,
    title: V.languages[lang][lang === "en" ? 1 : 0],
    "aria-pressed": String(lang === current), text: lang.toUpperCase(),
    onclick: async () => {
      if (box.dataset.lang === lang) return;
      for (const b of buttons) b.disabled = true;
      try {
        await api("PUT", "/api/auth/me/language", { language: lang });
        mark(box, lang);
        choose(lang);
      } catch (e) {
        failed(e);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    }
  }));
  box.replaceChildren(...buttons);
  box.classList.add("lang-switch");
  box.setAttribute("role", "group");
  mark(box, current);
}

/* Show `lang` as the chosen one (also when the page learns it from the server). */
export function mark(box, lang) {
  box.dataset.lang = lang;
  for (const b of box.querySelectorAll(".lang-btn")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  box.setAttribute("aria-label", lang === "en" ? "Language" : "Bahasa");
}
