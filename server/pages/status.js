/* Ticket status page (the QR code's target): one ticket, live. Masked NIK only. */
import V from "/pages/vocabulary.js";
import { $, el, api, Stream, timeText, isoClock, word } from "/pages/common.js";

const token = decodeURIComponent(location.pathname.split("/t/")[1] || "").split("/")[0];
let ticket = null;
let tz = "Asia/Jakarta";
let alerted = null;   // the call we already buzzed for (id + recalls)
let timer = null;
let wantsAlert = false;

// What the citizen is told to do, beyond the status's name (which comes from the vocabulary).
const HEADLINE = {
  waiting: "Menunggu giliran",
  done: "Selesai dilayani",
  skipped: "Terlewat \u2014 silakan lapor ke petugas",
  expired: "Sudah tidak berlaku"
};
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const statusWord = (status) => capital(word(V.ticket_statuses, status));

function fact(term, value) {
  return [el("dt", { text: term }), el("dd", { text: value })];
}

function render(t) {
  ticket = t;
  const card = $("card");
  card.className = "card status-" + t.status;
  $("number").textContent = t.number;
  $("service").textContent = t.service.name;
  document.title = `${t.number} \u2013 Status Antrean`;
  const called = t.status === "called" || t.status === "serving";
  $("callout").hidden = !called;
  if (called) {
    $("callout-text").textContent = t.status === "serving"
      ? `Anda sedang dilayani di ${t.counter || "loket"}`
      : `Silakan menuju ${t.counter || "loket"}`;
  }
  let headline = HEADLINE[t.status] || statusWord(t.status);
  if (t.status === "waiting") {
    headline = t.ahead === 0 ? "Anda berikutnya" : `${t.ahead} orang di depan Anda`;
  }
  $("headline").textContent = called ? "" : headline;
  const facts = [];
  facts.push(...fact("Status", statusWord(t.status)));
  if (t.status === "waiting") {
    facts.push(...fact("Perkiraan tunggu", t.eta_minutes > 0 ? `\u00b1 ${t.eta_minutes} menit` : "sebentar lagi"));
    facts.push(...fact("Antrean layanan ini", `${t.waiting} orang`));
  }
  if (t.transferred) facts.push(...fact("Catatan", "Dialihkan; Anda tidak perlu antre dari awal"));
  if (t.nik_masked) facts.push(...fact("NIK", t.nik_masked));
  if (t.issued_at) facts.push(...fact("Diambil", isoClock(t.issued_at)));
  $("facts").replaceChildren(...facts);
  const req = (t.origin_service && t.origin_service.requirements) || "";
  $("requirements").hidden = !req || !["waiting", "called"].includes(t.status);
  $("req-text").textContent = req;
  $("survey").hidden = t.status !== "done";
  $("alert").hidden = !("vibrate" in navigator) || wantsAlert || !["waiting"].includes(t.status);
  $("updated").textContent = "Diperbarui " + timeText(Date.now() / 1000, tz);
  if (t.status === "called") {
    const key = `${t.id}:${t.counter}:${t.recalls || 0}:${t.called_at}`;
    if (alerted !== null && alerted !== key) buzz();
    alerted = key;
  } else if (alerted === null) {
    alerted = "";
  }
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
      $("headline").textContent = "Tiket tidak ditemukan. Periksa kembali kode QR pada tiket Anda.";
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
    $("office").textContent = (s.office && s.office.name) || "Status Antrean";
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
start();
