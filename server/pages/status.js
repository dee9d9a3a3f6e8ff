/* Ticket status page (the QR code's target): one ticket, live. Masked NIK only. */
import V from "/pages/vocabulary.js";
import { $, el, api, Stream, timeText, isoClock, word } from "/pages/common.js";
import { applyTexts, pickLanguage, translator } from "/pages/i18n.js";
import { TEXTS } from "/pages/status-texts.js";
import { questionnaire, thanks } from "/pages/questionnaire.js";
import { setupContact, showContact } from "/pages/status-contact.js";

const token = decodeURIComponent(location.pathname.split("/t/")[1] || "").split("/")[0];
let ticket = null;
let tz = "Asia/Jakarta";
let alerted = null;   // the call we already buzzed for (id + recalls)
let timer = null;
let wantsAlert = false;
let officeName = "";

// The phone's language (or the citizen's own choice, kept on the phone), Indonesian by default.
const LANG_KEY = "antre.lang";
let t = translator(TEXTS, pickLanguage(new URLSearchParams(location.search).get("lang"),
  localStorage.getItem(LANG_KEY), ...(navigator.languages || [navigator.language])));
window.antreStatus = { lang: () => t.lang };

// What the citizen is told to do, beyond the status's name (which comes from the vocabulary).
const HEADLINE = { waiting: "waiting_turn", done: "done", skipped: "skipped", expired: "expired", remote: "remote" };
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const statusWord = (status) => capital(word(V.ticket_statuses, status, t.lang));

const translatorNow = () => t;

/* Show the page in `lang` (the switch, or the phone's language at the start). */
function useLanguage(lang) {
  t = translator(TEXTS, lang);
  applyTexts(t);
  $("lang").lang = t.lang === "en" ? "id" : "en";  // the switch names the other language in that language
  if (officeName) $("office").textContent = officeName;
  if (ticket) render(ticket);
}
$("lang").addEventListener("click", () => {
  const lang = t.lang === "en" ? "id" : "en";
  localStorage.setItem(LANG_KEY, lang);
  useLanguage(lang);
});

function fact(term, value) {
  return [el("dt", { text: term }), el("dd", { text: value })];
}

function render(t) {
  const tr = translatorNow();
  ticket = t;
  const card = $("card");
  card.className = "card status-" + t.status;
  $("number").textContent = t.number;
  $("service").textContent = (tr.lang === "en" && t.service.name_en) || t.service.name;
  document.title = `${t.number} \u2013 ${tr("title")}`;
  const called = t.status === "called" || t.status === "serving";
  $("callout").hidden = !called;
  if (called) {
    $("callout-text").textContent = tr(t.status === "serving" ? "being_served" : "go_to",
      { counter: t.counter || tr("a_counter") });
  }
  let headline = HEADLINE[t.status] ? tr(HEADLINE[t.status]) : statusWord(t.status);
  if (t.status === "waiting") {
    headline = t.ahead === 0 ? tr("next") : tr("ahead", { n: t.ahead });
  }
  $("headline").textContent = called ? "" : headline;
  const facts = [];
  facts.push(...fact(tr("status"), statusWord(t.status)));
  if (t.status === "waiting") {
    facts.push(...fact(tr("eta"), t.eta_minutes > 0 ? tr("eta_minutes", { n: t.eta_minutes }) : tr("eta_soon")));
    facts.push(...fact(tr("queue"), tr("people", { n: t.waiting })));
  }
  if (t.transferred) facts.push(...fact(tr("note"), tr("transferred")));
  if (t.status === "waiting" && t.present === false) facts.push(...fact(tr("note"), tr("from_home")));
  if (t.nik_masked) facts.push(...fact(tr("nik"), t.nik_masked));
  if (t.issued_at) facts.push(...fact(tr("taken"), isoClock(t.issued_at)));
  $("facts").replaceChildren(...facts);
  const origin = t.origin_service || {};
  const req = (tr.lang === "en" && origin.requirements_en) || origin.requirements || "";
  $("requirements").hidden = !req || !["waiting", "called"].includes(t.status);
  $("req-text").textContent = req;
  if (t.status === "done") offerSurvey(); else $("survey").hidden = true;
  showContact(t.status);
  $("alert").hidden = !("vibrate" in navigator) || wantsAlert || !["waiting"].includes(t.status);
  $("updated").textContent = tr("updated", { time: timeText(Date.now() / 1000, tz) });
  if (t.status === "called") {
    const key = `${t.id}:${t.counter}:${t.recalls || 0}:${t.called_at}`;
    if (alerted !== null && alerted !== key) buzz();
    alerted = key;
  } else if (alerted === null) {
    alerted = "";
  }
}

/* Once the visit is finished, the SKM questionnaire (or the thank-you when it was answered here
   or on the lobby's survey tablet). Built once per language; a render for another event keeps it. */
let surveyState = null;   // null: not asked yet; "asking"; then the server's state
let surveyLang = null;
const surveyKeep = {};    // the answers so far, kept when the language is switched mid-way
async function offerSurvey() {
  if (surveyState === "asking") return;
  if (surveyState === null) {
    surveyState = "asking";
    try {
      surveyState = (await api("GET", `/api/survey/${encodeURIComponent(token)}`)).state;
    } catch (e) {
      surveyState = null;   // try again on the next render
      return;
    }
  }
  const tr = translatorNow();
  $("survey").hidden = surveyState === "not_available";
  if (surveyLang === tr.lang) return;
  surveyLang = tr.lang;
  const root = $("questionnaire");
  $("survey-text").hidden = surveyState !== "available";
  if (surveyState !== "available") return thanks(root, tr.lang);
  questionnaire(root, {
    lang: tr.lang,
    keep: surveyKeep,
    send: (body) => api("POST", `/api/survey/${encodeURIComponent(token)}`, body),
    onDone: () => { surveyState = "answered"; $("survey-text").hidden = true; }
  });
}

function buzz() {
  try { if (navigator.vibrate) navigator.vibrate([400, 150, 400, 150, 600]); } catch (e) { /* not allowed */ }
  const a = new Audio("/audio/chime.wav");
  a.play().catch(() => {});
}

$("alert").addEventListener("click", () => {
  wantsAlert = true;   // a tap counts as the user's gesture: vibrate() is allowed from now on
  try { if (navigator.vibrate) navigator.vibrate(80); } catch (e) { /* ignore */ }
  $("alert").hidden = true;
});

async function load() {
  try {
    const t = await api("GET", `/api/tickets/${encodeURIComponent(token)}`);
    render(t);
    $("offline").hidden = true;
  } catch (e) {
    if (e.status === 404) {
      $("card").className = "card missing";
      $("number").textContent = "\u2014";
      $("service").textContent = "";
      $("headline").textContent = t("unknown");
      $("facts").replaceChildren();
    } else {
      $("offline").hidden = false;
    }
  }
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(load, 250);
}

async function start() {
  try {
    const s = await api("GET", "/api/state");
    tz = s.timezone || tz;
    officeName = (s.office && s.office.name) || "";
    $("office").textContent = officeName || t("title");
    stream.start(s.last_event_id);
  } catch (e) {
    $("offline").hidden = false;
    setTimeout(start, 3000);
    return;
  }
  load();
}

const stream = new Stream("/api/events", {
  onEvent(ev) {
    if (ev.type === "resync" || ev.type === "day.started") return later();
    if (!ticket) return;
    const t = ev.ticket;
    if (ev.type === "ticket.recalled" && t && t.id === ticket.id) buzz();
    if (ev.type === "survey.answered" && t && t.id === ticket.id && surveyState !== "answered") {
      surveyState = "answered";   // answered on the survey tablet meanwhile: thank, ask nothing
      surveyLang = null;
    }
    // Our ticket changed, or someone of our service moved (people ahead, waiting time).
    if ((t && (t.id === ticket.id || t.service === ticket.service.code)) ||
        (ev.waiting && ticket.service.code in ev.waiting) || ev.type === "counter.state") later();
  },
  onUp() { $("offline").hidden = true; later(); },
  onDown() { $("offline").hidden = false; }
});

// The phone may sleep and wake: look again when the page is shown.
document.addEventListener("visibilitychange", () => { if (!document.hidden) later(); });
setInterval(() => { if (!document.hidden) load(); }, 60000);
setupContact(token, translatorNow);
useLanguage(t.lang);
start();
