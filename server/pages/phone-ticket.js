/* The phone page: today's number from home, or a booking on a later working day (/ambil);
   a booking seen, moved or cancelled (/b/<code>). A phone in a hand, a slow connection, no CDN. */
import V from "/pages/vocabulary.js";
import { $, el, word } from "/pages/common.js";
import { applyTexts, pickLanguage, translator } from "/pages/i18n.js";
import { TEXTS } from "/pages/phone-texts.js";
import { solve } from "/pages/proof.js";

const LANG_KEY = "antre.lang";
let t = translator(TEXTS, pickLanguage(new URLSearchParams(location.search).get("lang"),
  localStorage.getItem(LANG_KEY), ...(navigator.languages || [navigator.language])));
const bookingCode = (location.pathname.split("/b/")[1] || "").split("/")[0];
let services = [];
let today = null;
let horizon = 14;
let answer = null;       // what the page shows after sending (a ticket or a booking)
let lastProblems = null;
const chosen = { form: null, move: null };  // the slot hour picked in each picker
window.antrePhone = { lang: () => t.lang };

function useLanguage(lang) {
  t = translator(TEXTS, lang);
  applyTexts(t);
  $("lang").lang = t.lang === "en" ? "id" : "en";
  $("qr").alt = t("qr_alt");
  fillServices();
  if (answer) showAnswer(answer);
  if (lastProblems) showProblems(lastProblems);
}
$("lang").addEventListener("click", () => {
  const lang = t.lang === "en" ? "id" : "en";
  localStorage.setItem(LANG_KEY, lang);
  useLanguage(lang);
});

const say = (p) => (t.lang === "en" ? p.message_en || p.message : p.message);
const later = () => $("when-later").checked;

function fillServices() {
  const select = $("service");
  const was = select.value;
  select.replaceChildren(...services.map((s) =>
    el("option", { value: s.code, text: `${s.code} \u2014 ${(t.lang === "en" && s.name_en) || s.name}` })));
  if (was) select.value = was;
  fillWhen();
}

function fillWhen() {
  const s = services.find((x) => x.code === $("service").value);
  $("when-today").disabled = !s || !s.phone_open;
  $("when-later").disabled = !s || !s.booking_open;
  $("when-today-label").hidden = $("when-today").disabled;
  $("when-later-label").hidden = $("when-later").disabled;
  if ($("when-today").disabled && s) $("when-later").checked = true;
  if ($("when-later").disabled && s) $("when-today").checked = true;
  $("picker").hidden = !later();
  $("send").textContent = t(later() ? "send_later" : "send_today");
  fillDays($("day"));
  if (later()) loadSlots("form");
}
$("service").addEventListener("change", fillWhen);
for (const id of ["when-today", "when-later"]) $(id).addEventListener("change", fillWhen);

/* The next working days (Monday to Friday; the server refuses a holiday with its name). */
function fillDays(select) {
  if (!today) return;
  const was = select.value;
  const days = [];
  const start = new Date(`${today}T12:00:00Z`);
  for (let i = 1; i <= horizon; i++) {
    const d = new Date(start.getTime() + i * 86400000);
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    const iso = d.toISOString().slice(0, 10);
    const name = V.day_names ? V.day_names[t.lang][(d.getUTCDay() + 6) % 7] : "";
    const month = V.month_names ? V.month_names[t.lang][d.getUTCMonth()] : String(d.getUTCMonth() + 1);
    days.push(el("option", { value: iso, text: `${name ? name + ", " : ""}${d.getUTCDate()} ${month}` }));
  }
  select.replaceChildren(...days);
  if (was) select.value = was;
}
$("day").addEventListener("change", () => loadSlots("form"));
$("move-day").addEventListener("change", () => loadSlots("move"));

async function loadSlots(which) {
  const service = which === "form" ? $("service").value : answer.service;
  const day = $(which === "form" ? "day" : "move-day").value;
  const box = $(which === "form" ? "slots" : "move-slots");
  const none = $(which === "form" ? "no-slots" : "move-no-slots");
  if (!service || !day) return;
  let slots = [];
  try {
    const res = await fetch(`/api/slots?service=${encodeURIComponent(service)}&date=${day}`, { cache: "no-store" });
    slots = res.ok ? (await res.json()).slots : [];
  } catch (e) { slots = []; }
  if (!slots.some((s) => s.hour === chosen[which] && s.remaining > 0)) chosen[which] = null;
  box.replaceChildren(...slots.map((s) => {
    const b = el("button", { type: "button", class: "slot", role: "radio",
      "aria-checked": String(s.hour === chosen[which]) },
      el("strong", { text: `${String(s.hour).padStart(2, "0")}.00` }),
      el("small", { text: s.remaining > 0 ? t("left", { n: s.remaining }) : t("full") }));
    b.disabled = s.remaining <= 0;
    b.dataset.hour = s.hour;
    b.addEventListener("click", () => {
      chosen[which] = s.hour;
      for (const other of box.children) other.setAttribute("aria-checked", String(other === b));
    });
    return b;
  }));
  none.hidden = slots.length > 0;
}

function showProblems(items, box = $("problems")) {
  lastProblems = items && box === $("problems") ? items : lastProblems;
  for (const node of document.querySelectorAll(".invalid")) node.classList.remove("invalid");
  if (!items || !items.length) { box.hidden = true; return; }
  box.replaceChildren(el("p", { text: t("fix_these") }), el("ul", {}, ...items.map((p) => el("li", { text: say(p) }))));
  box.hidden = false;
  for (const p of items) {
    const input = p.field && $(p.field === "slot" ? "slots" : p.field === "date" ? "day" : p.field);
    if (input) input.classList.add("invalid");
  }
  if (items.some((p) => p.code === "invalid_nik")) $("nik").classList.add("invalid");
  box.focus();
}

/* Many phones share one address on a mobile network: past a few numbers the server asks that
   address for a proof of work, which the page solves (proof.js, about a second) and sends again. */
async function send(method, path, body, headers = {}) {
  try {
    const res = await fetch(path, { method, credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", ...headers }, body: body ? JSON.stringify(body) : undefined });
    let data = {};
    try { data = await res.json(); } catch (e) { /* the status alone says it */ }
    if (res.status === 428 && data.challenge && !headers["X-Proof-Nonce"]) {
      $("send").textContent = t("checking");
      const nonce = await solve(data.challenge, data.bits);
      return send(method, path, body, { "X-Proof-Challenge": data.challenge, "X-Proof-Nonce": nonce });
    }
    if (res.status === 428 || res.status === 429) data = { message: TEXTS.busy[0], message_en: TEXTS.busy[1] };
    return { ok: res.ok, data };
  } catch (e) {
    return { ok: false, data: { message: TEXTS.offline[0], message_en: TEXTS.offline[1] } };
  }
}

const requestId = () => (crypto.randomUUID ? crypto.randomUUID()
  : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`);
let pendingId = null;  // kept until an answer arrives: a retry after a lost answer is the same request

$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const v = (id) => $(id).value.trim();
  const body = { service: $("service").value, nik: v("nik"), phone: v("phone") || null, email: v("email") || null,
    language: t.lang, request_id: (pendingId = pendingId || requestId()) };
  if (later()) {
    if (chosen.form === null) {
      showProblems([{ field: "slot", message: TEXTS.no_slots[0], message_en: TEXTS.no_slots[1] }]);
      return;
    }
    Object.assign(body, { date: $("day").value, slot: chosen.form });
  }
  $("send").disabled = true;
  $("send").textContent = t("sending");
  const r = await send("POST", "/api/remote-tickets", body);
  $("send").disabled = false;
  $("send").textContent = t(later() ? "send_later" : "send_today");
  if (!r.ok) {
    if (r.data.code) pendingId = null;  // refused: a corrected form is a new request
    showProblems(r.data.errors && r.data.errors.length ? r.data.errors : [r.data]);
    return;
  }
  pendingId = null;
  lastProblems = null;
  showProblems(null);
  showAnswer(r.data);
});

const clock = (hhmm) => (t.lang === "en" ? hhmm : hhmm.replace(":", "."));  // 08.30 in Indonesian

function showAnswer(data) {
  answer = data;
  $("form").hidden = true;
  const booking = Boolean(data.booking_code);
  $("answer-label").textContent = t(booking ? "your_booking" : "your_number");
  $("answer-big").textContent = booking ? data.code_shown : data.number;
  $("answer-big").classList.toggle("long", booking);  // nine characters: smaller to fit a phone
  $("answer-when").textContent = booking ? (t.lang === "en" ? data.when_words_en : data.when_words)
    : ((t.lang === "en" && data.service.name_en) || data.service.name);
  const statusWord = booking ? word(V.booking_statuses, data.status, t.lang) : word(V.ticket_statuses, data.status, t.lang);
  $("answer-status").textContent = `${t("status")}: ${statusWord}`;
  const fromHome = !booking && data.status === "waiting";  // the office calls numbers from phones from home
  const live = booking ? data.status === "booked" : data.status === "remote" || fromHome;
  $("qr").hidden = !live;
  $("qr").src = `/api/phone/qr/${encodeURIComponent(booking ? data.booking_code : data.token)}.svg`;
  $("answer-note").textContent = !live ? "" : booking
    ? t("booking_note", { from: clock(data.check_in_from), until: clock(data.check_in_until) })
    : t(fromHome ? "home_note" : "number_note");
  $("status-link").href = booking ? `/b/${data.booking_code}` : `/t/${data.token}`;
  $("status-link").hidden = Boolean(bookingCode);
  $("manage").hidden = !(booking && data.status === "booked");
  $("again").hidden = false;
  $("answer").hidden = false;
}

$("move").addEventListener("click", () => {
  $("move-box").hidden = false;
  $("move").hidden = true;
  fillDays($("move-day"));
  loadSlots("move");
});
$("save-move").addEventListener("click", async () => {
  if (chosen.move === null) {
    showProblems([{ message: TEXTS.no_slots[0], message_en: TEXTS.no_slots[1] }], $("manage-problems"));
    return;
  }
  const r = await send("POST", `/api/bookings/${answer.booking_code}/move`, { date: $("move-day").value, slot: chosen.move });
  if (!r.ok) { showProblems([r.data], $("manage-problems")); return; }
  showProblems(null, $("manage-problems"));
  $("move-box").hidden = true;
  $("move").hidden = false;
  showAnswer(r.data);
  $("manage-message").textContent = t("moved");
});
$("cancel").addEventListener("click", async () => {
  if (!window.confirm(t("cancel_sure"))) return;
  const r = await send("POST", `/api/bookings/${answer.booking_code}/cancel`);
  if (!r.ok) { showProblems([r.data], $("manage-problems")); return; }
  showAnswer(r.data);
  $("manage-message").textContent = t("cancelled");
});

async function load() {
  useLanguage(t.lang);
  try {
    const res = await fetch("/api/phone/services", { cache: "no-store" });
    const data = await res.json();
    services = data.services || [];
    today = data.today;
    horizon = data.horizon_days || horizon;
    if (data.office) $("office").textContent = data.office;
  } catch (e) {
    $("form").hidden = false;
    showProblems([{ message: TEXTS.offline[0], message_en: TEXTS.offline[1] }]);
    return;
  }
  if (bookingCode) {
    const r = await send("GET", `/api/bookings/${encodeURIComponent(bookingCode)}`);
    if (!r.ok) {
      $("answer").hidden = false;
      $("answer-label").textContent = say(r.data);
      return;
    }
    showAnswer(r.data);
    return;
  }
  $("form").hidden = false;
  fillServices();
  if (!services.length) showProblems([{ message: TEXTS.no_services[0], message_en: TEXTS.no_services[1] }]);
}
/* body.ready: the page has what it needs (tests wait for it). */
load().finally(() => document.body.classList.add("ready"));
