/* The public verification page (the letter's QR code): valid, revoked, draft or unknown, with a masked
   name and NIK only; the holder may download their own copy by typing their NIK. */
import V from "/pages/vocabulary.js";
import { $, el, api } from "/pages/common.js";
import { applyTexts, pickLanguage, translator } from "/pages/i18n.js";
import { TEXTS } from "/pages/verify-texts.js";

const code = decodeURIComponent(location.pathname.split("/v/")[1] || "").split("/")[0];
const LANG_KEY = "antre.lang";
let t = translator(TEXTS, pickLanguage(new URLSearchParams(location.search).get("lang"),
  localStorage.getItem(LANG_KEY), ...(navigator.languages || [navigator.language])));
let answer = null;      // the API's answer, or {missing: true} / {error: true}
let lastError = null;   // the copy's last refusal, shown again in the other language

function longDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${V.month_names[t.lang][m - 1]} ${y}`;
}

function render() {
  applyTexts(t);
  $("lang").lang = t.lang === "en" ? "id" : "en";
  const a = answer;
  if (!a) return;
  const state = a.missing ? "not_found" : a.error ? "error" : a.valid ? "valid" : a.revoked ? "revoked" : "draft";
  $("card").className = "card state-" + state;
  $("verdict").textContent = state === "error" ? "\u2026" : t(state);
  $("meaning").textContent = t(state + "_meaning");
  const facts = $("facts");
  facts.replaceChildren();
  if (!a.missing && !a.error) {
    const rows = [["number", a.number], ["issued_on", a.issued_on && longDay(a.issued_on)], ["office", a.office],
      ["holder", a.holder_masked], ["nik", a.nik_masked]];
    for (const [key, value] of rows) {
      if (value) facts.append(el("dt", { text: t(key) }), el("dd", { text: value }));
    }
  }
  $("copy").hidden = state !== "valid";
  if (lastError) showError(lastError);
  document.title = `${state === "error" ? "" : t(state) + " \u2013 "}${t("title")}`;
}

function showError(err) {
  lastError = err;
  const box = $("copy-error");
  box.hidden = !err;
  if (err) box.textContent = err.local ? t(err.local) : (t.lang === "en" && err.message_en) || err.message;
}

async function load() {
  try {
    answer = await api("GET", `/api/letters/verify/${encodeURIComponent(code)}`);
  } catch (e) {
    answer = e.status === 404 ? { missing: true } : { error: true };
  }
  render();
}

$("lang").addEventListener("click", () => {
  t = translator(TEXTS, t.lang === "en" ? "id" : "en");
  localStorage.setItem(LANG_KEY, t.lang);
  render();
});

$("copy-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const nik = $("nik").value.replace(/[\s.\-]/g, "");
  $("copy-link").hidden = true;
  if (!/^\d{16}$/.test(nik)) return showError({ local: "nik_short" });
  showError(null);
  $("copy-btn").disabled = true;
  try {
    const res = await fetch(`/api/letters/${encodeURIComponent(code)}/copy`, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify({ nik }) });
    if (!res.ok) {
      let data = null;
      try { data = await res.json(); } catch (e) { data = null; }
      showError(data && data.message ? data : { local: "error_meaning" });
      return;
    }
    const link = $("copy-link");
    if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(await res.blob());
    link.hidden = false;
    $("nik").value = "";  // the NIK does not stay on a shared phone's screen
    link.click();
  } catch (e) {
    showError({ local: "error_meaning" });
  } finally {
    $("copy-btn").disabled = false;
  }
});

render();
load();
