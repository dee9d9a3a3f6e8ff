/* Staff login: the server sets an HttpOnly session cookie; we only go where ?next= says (same site).
   Before anyone logs in the page speaks the browser's language; the ID / EN switch overrides it on
   this PC (localStorage), and after login the account's own language takes over. */
import { $, api, el } from "/pages/common.js";
import { LANGUAGES, pickLanguage, translator, applyTexts } from "/pages/i18n.js";
import { serverText } from "/pages/account_language.js";
import { TEXTS } from "/pages/login-texts.js";

const params = new URLSearchParams(location.search);
// Only a path on this server (the rule of NEXT_PATH in server/http/static.py): "/\host" or "/<tab>/host" leave the site.
let next = params.get("next") || "/staff";
if (!/^\/[A-Za-z][^\\\x00-\x1f\x7f]*$/.test(next)) next = "/staff";

let t = translator(TEXTS, "id");
let lastError = null;

function speak(lang) {
  t = translator(TEXTS, lang);
  applyTexts(t);
  document.title = t("page_title");
  for (const b of $("lang").querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  if (lastError) showError(lastError);
}

function showError(err) {
  lastError = err;
  let msg = serverText(err, t.lang);
  if (err.code === "too_many_attempts" && err.body.retry_after) msg += t("wait_minutes", { n: Math.ceil(err.body.retry_after / 60) });
  $("error").textContent = msg;
  $("error").hidden = false;
}

$("lang").setAttribute("role", "group");
$("lang").replaceChildren(...LANGUAGES.map((lang) => el("button", { type: "button", class: "lang-btn", "data-lang": lang,
  lang, text: lang.toUpperCase(), onclick: () => { localStorage.setItem("antre.login.lang", lang); speak(lang); } })));
speak(pickLanguage(localStorage.getItem("antre.login.lang"), ...(navigator.languages || []), navigator.language));

$("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("submit").disabled = true;
  $("error").hidden = true;
  lastError = null;
  try {
    await api("POST", "/api/auth/login", { username: $("username").value.trim(), password: $("password").value });
    location.replace(next);
  } catch (err) {
    showError(err);
    $("password").select();
  } finally {
    $("submit").disabled = false;
  }
});
