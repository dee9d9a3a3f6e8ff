/* The survey tablet (/survey): a paired device in the lobby. It waits with a friendly screen,
   follows the public event stream, and when a ticket is finished at one of its counters offers
   the SKM questionnaire for it ("Nomor A-012, bagaimana pelayanan kami?"). A citizen may also
   type or scan (a USB scanner is a keyboard) the ticket number or its status URL. After the
   thank-you, or 60 s without a tap, it waits again. One response per ticket: answering here
   and on the phone cannot both count (the server keeps the first). */
import { $, ApiError, Stream, api, timeText } from "/pages/common.js";
import { applyTexts, translator } from "/pages/i18n.js";
import * as device from "/pages/device.js";
import { questionnaire } from "/pages/questionnaire.js";
import { TEXTS } from "/pages/survey-texts.js";

const THANKS_SECONDS = 6;
const OFFER_FRESH_SECONDS = 300;   // a finish older than this is not offered after someone else's survey
let t = translator(TEXTS, "id");
let setup = null;          // {counters, language, idle_seconds, name}
let current = null;        // the ticket being answered: {id, number}
let pending = null;        // a finish that came while someone was answering: {id, at}
let idleTimer = null;
let tz = "Asia/Jakarta";
const S = { screen: null, offers: 0 };
window.antreSurvey = S;    // what the tests read

/* fetch with the tablet's key; errors are ApiError like common.js's api(). */
async function tabletApi(method, path, body) {
  const dev = device.load();
  let res;
  try {
    res = await fetch(path, { method, cache: "no-store",
      headers: Object.assign({ Authorization: "Bearer " + (dev ? dev.key : "") },
        body === undefined ? {} : { "Content-Type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { code: "offline", message: t("offline"), message_en: TEXTS.offline[1] });
  }
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) throw new ApiError(res.status, data || { code: "http_" + res.status, message: `(${res.status})` });
  return data;
}

function message(err) {
  const body = err.body || {};
  return (t.lang === "en" && body.message_en) || body.message || String(err.message || err);
}

function show(screen) {
  S.screen = screen;
  for (const id of ["unpaired", "waiting", "asking"]) $(id).hidden = id !== screen;
}

function wait() {
  clearTimeout(idleTimer);
  current = null;
  $("lookup-error").hidden = true;
  $("ticket").value = "";
  show("waiting");
  if (pending && Date.now() / 1000 - pending.at < OFFER_FRESH_SECONDS) {
    const next = pending;
    pending = null;
    offerById(next.id);
  } else {
    pending = null;
  }
}

/* Every tap keeps the questionnaire; a minute without one gives the tablet back to the lobby. */
function touched() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(wait, 1000 * ((setup && setup.idle_seconds) || 60));
}

function ask(state, ticketId) {
  current = { id: ticketId, number: state.number };
  S.offers += 1;
  show("asking");
  $("asking-number").textContent = t("offer", { number: state.number });
  questionnaire($("questionnaire"), {
    lang: t.lang,
    onActivity: touched,
    send: (body) => tabletApi("POST", "/api/survey/tablet", Object.assign({ ticket_id: ticketId }, body)),
    onDone: () => { clearTimeout(idleTimer); idleTimer = setTimeout(wait, THANKS_SECONDS * 1000); }
  });
  touched();
}

async function offerById(ticketId) {
  try {
    const state = await tabletApi("GET", `/api/survey/tablet/ticket?ticket_id=${ticketId}`);
    if (state.state === "available" && S.screen === "waiting") ask(state, ticketId);
  } catch (e) { /* the next finish will be offered */ }
}

$("lookup").addEventListener("submit", async (e) => {
  e.preventDefault();
  const typed = $("ticket").value.trim();
  if (!typed) return;
  $("lookup-error").hidden = true;
  try {
    const state = await tabletApi("GET", `/api/survey/tablet/ticket?ticket=${encodeURIComponent(typed)}`);
    if (state.state === "available") return ask(state, state.ticket_id);
    const code = state.state === "answered" ? "survey_already_answered" : "survey_not_available";
    throw new ApiError(409, { code, message: SERVER_WORDS[code][0], message_en: SERVER_WORDS[code][1] });
  } catch (err) {
    $("lookup-error").textContent = err.status === 404 ? t("unknown") : message(err);
    $("lookup-error").classList.toggle("thanked", err.code === "survey_already_answered");  // no fault: a thank-you
    $("lookup-error").hidden = false;
  }
});
$("cancel").addEventListener("click", wait);

// What the server would answer, said before the citizen answers nine questions for nothing.
const SERVER_WORDS = {
  survey_already_answered: ["Survei untuk nomor ini sudah diisi. Terima kasih!",
    "The survey for this number has already been answered. Thank you!"],
  survey_not_available: ["Survei bisa diisi setelah Anda selesai dilayani.", "The survey opens once your visit is finished."]
};

const stream = new Stream("/api/events", {
  onEvent(ev) {
    const tk = ev.ticket;
    if (!setup || !tk) return;
    if (ev.type === "ticket.done" && setup.counters.includes(tk.counter_id)) {
      if (S.screen === "waiting") offerById(tk.id);
      else pending = { id: tk.id, at: Date.now() / 1000 };
    }
    // Answered on the phone meanwhile: if nobody has started here, stop offering it.
    if (ev.type === "survey.answered" && current && tk.id === current.id &&
        $("questionnaire").dataset.step === "0") wait();
  },
  onUp() { $("offline").hidden = true; },
  onDown() { $("offline").hidden = false; }
});

function tick() { $("clock").textContent = timeText(Date.now() / 1000, tz); }

async function start() {
  if (!device.load()) { applyTexts(t); return show("unpaired"); }
  try {
    setup = await tabletApi("GET", "/api/survey/tablet");
  } catch (err) {
    if (err.status === 401) { device.forget(); applyTexts(t); return show("unpaired"); }
    $("offline").hidden = false;
    return setTimeout(start, 5000);
  }
  t = translator(TEXTS, setup.language);
  applyTexts(t);
  try {
    const s = await api("GET", "/api/state");
    tz = s.timezone || tz;
    if (s.office && s.office.name) $("office").textContent = s.office.name;
    stream.start(s.last_event_id);
  } catch (e) {
    stream.start();
  }
  tick();
  setInterval(tick, 10000);
  device.start({ onRevoked: () => { stream.close(); show("unpaired"); } });
  wait();
}

start();
