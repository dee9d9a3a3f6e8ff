/* An online application's status (/a/{code}): no NIK, no name, no address; refreshed every minute.
   When the letter is approved the citizen types their NIK to get their copy (POST /api/letters/{code}/copy):
   a link in a message never hands the letter, and its NIK, to whoever holds the link. */
import V from "/pages/vocabulary.js";
import { $, el, word } from "/pages/common.js";
import { applyTexts, pickLanguage, translator } from "/pages/i18n.js";
import { STATUS_TEXTS as TEXTS } from "/pages/online-texts.js";

const code = decodeURIComponent(location.pathname.split("/a/")[1] || "").split("/")[0];
const LANG_KEY = "antre.lang";
let t = translator(TEXTS, pickLanguage(new URLSearchParams(location.search).get("lang"),
  localStorage.getItem(LANG_KEY), ...(navigator.languages || [navigator.language])));
let app = null;
window.antreApplication = { lang: () => t.lang };

function useLanguage(lang) {
  t = translator(TEXTS, lang);
  applyTexts(t);
  $("lang").lang = t.lang === "en" ? "id" : "en";
  if (app) render(app);
}
$("lang").addEventListener("click", () => {
  const lang = t.lang === "en" ? "id" : "en";
  localStorage.setItem(LANG_KEY, lang);
  useLanguage(lang);
});

const fact = (term, value) => [el("dt", { text: term }), el("dd", { text: value })];
const longDay = (iso, lang) => {
  const [y, m, d] = iso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return `${V.day_names[lang][(day.getUTCDay() + 6) % 7]}, ${d} ${V.month_names[lang][m - 1]} ${y}`;
};

function render(a) {
  app = a;
  const en = t.lang === "en";
  $("code").textContent = a.code;
  document.title = `${a.code} \u2013 ${t("title")}`;
  $("card").classList.toggle("late", a.overdue);
  $("headline").textContent = a.overdue ? t("late") : t(a.status);
  const facts = [
    ...fact(t("service"), (en && a.service_en) || a.service),
    ...fact(t("status"), word(V.application_statuses, a.status, t.lang)),
    ...fact(t("received_on"), longDay(a.received_on, t.lang)),
    ...fact(t("deadline"), longDay(a.deadline, t.lang)),
  ];
  if (a.siks_result) facts.push(...fact(t("result"), word(V.siks_results, a.siks_result, t.lang)));
  $("facts").replaceChildren(...facts);
  $("reply-box").hidden = !a.reply;
  $("reply").textContent = a.reply || "";
  const letter = a.letter;
  $("letter-box").hidden = !letter;
  if (letter) {
    $("letter-text").textContent = t(letter.status === "approved" ? "letter_ready"
      : letter.status === "revoked" ? "letter_revoked" : "letter_draft");
    $("copy-form").hidden = letter.status !== "approved";
    $("verify-link").hidden = !letter.verify_code;
    if (letter.verify_code) $("verify-link").href = `/v/${encodeURIComponent(letter.verify_code)}`;
  }
}

$("copy-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const msg = $("copy-message");
  msg.className = "message";
  msg.textContent = t("downloading");
  try {
    const res = await fetch(`/api/letters/${encodeURIComponent(app.letter.verify_code)}/copy`, {
      method: "POST", headers: { "Content-Type": "application/json" }, cache: "no-store",
      body: JSON.stringify({ nik: $("copy-nik").value.trim() }) });
    if (!res.ok) {
      let data = {};
      try { data = await res.json(); } catch (e) { /* the status says it */ }
      msg.className = "message bad";
      msg.textContent = (t.lang === "en" ? data.message_en : data.message) || String(res.status);
      return;
    }
    const blob = await res.blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: `surat-${app.code}.pdf` });
    document.body.append(link);
    link.click();
    link.remove();
    msg.textContent = t("downloaded");
    $("copy-nik").value = "";  // a shared phone keeps no NIK on the screen
  } catch (e) {
    msg.className = "message bad";
    msg.textContent = t("offline");
  }
});

async function refresh() {
  try {
    const res = await fetch(`/api/online/applications/${encodeURIComponent(code)}`, { cache: "no-store" });
    if (res.status === 404 || res.status === 422) {
      $("code").textContent = code || "\u2013";
      $("headline").textContent = t("not_found");
      return;
    }
    render(await res.json());
  } catch (e) {
    $("headline").textContent = t("offline");
  }
  setTimeout(refresh, 60000);
}
useLanguage(t.lang);
refresh();
