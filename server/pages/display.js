/* Lobby display: snapshot from /api/state, then live from /api/events. No personal data ever. */
import V from "/pages/vocabulary.js";
import { $, el, api, Stream, dateText, timeText, ring, word } from "/pages/common.js";
import * as device from "/pages/device.js";
import { announcer } from "/pages/display/sound.js";

const RECENT_MAX = 6;           // calls kept besides the big one
const ANNOUNCE_MAX_AGE = 90;    // seconds: calls older than this (caught up after an outage) stay silent
const REFRESH_MS = 60000;       // snapshot again every minute: waiting times, and a stream that died silently
const FLASH_MS = 8000;

const model = { office: {}, tz: "Asia/Jakarta", offset: 0, services: [], counters: [], recent: [] };
const log = ring(100);          // {kind, url, at} for tests and technicians

window.antreDisplay = { model, log: log.items, device: null };

// ---------- clock ----------
const nowServer = () => Date.now() / 1000 + model.offset;
let lastClock = "";
function tickClock() {
  const t = nowServer();
  const text = dateText(t, model.tz) + "|" + timeText(t, model.tz);
  if (text !== lastClock) {
    lastClock = text;
    $("date").textContent = dateText(t, model.tz);
    $("time").textContent = timeText(t, model.tz);
  }
}

// ---------- sound ----------
const sound = announcer({ log, rate: () => window.antreDisplay.rate, onBlocked: () => { $("unlock").hidden = false; } });
window.antreDisplay.queued = () => sound.waiting;

function showSound() {
  $("sound").textContent = sound.on ? "Suara: hidup" : "Suara: mati";
  $("sound").classList.toggle("off", !sound.on);
}

$("unlock").addEventListener("click", () => { $("unlock").hidden = true; sound.resume(); });
$("sound").addEventListener("click", () => { sound.toggle(); showSound(); });

function callUrl(ticket) {
  if (model.office.voice === false) return "/audio/chime.wav";
  return `/audio/call/${encodeURIComponent(ticket.number)}/${ticket.counter_id}.wav`;
}

// ---------- rendering ----------
let flashTimer = null;
function flash() {
  const hero = $("hero");
  hero.classList.remove("flash");
  void hero.offsetWidth; // restart the animation
  hero.classList.add("flash");
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => hero.classList.remove("flash"), FLASH_MS);
}

function renderHero() {
  const top = model.recent[0];
  $("hero").classList.toggle("idle", !top);
  $("hero-number").textContent = top ? top.number : "\u2013";
  $("hero-counter").textContent = top ? (top.counter || "") : "\u2013";
  $("hero-note").hidden = !!top;
}

function renderCounters() {
  const box = $("counters");
  const shown = model.counters.filter((c) => c.state !== "closed");
  const rows = shown.map((c) => el("div", { class: "counter-row " + c.state },
    el("span", { class: "counter-name", text: c.name }),
    el("span", { class: "counter-ticket", text:
      c.state === "paused" ? word(V.counter_states, "paused") : (c.ticket ? c.ticket.number : "\u2013") })));
  if (!rows.length) rows.push(el("div", { class: "empty", text: "Loket belum dibuka" }));
  box.replaceChildren(...rows);
}

function renderRecent() {
  const items = model.recent.slice(1, RECENT_MAX + 1).map((r) => el("div", { class: "recent-item" },
    el("span", { class: "recent-number", text: r.number }),
    el("span", { class: "recent-counter", text: r.counter || "" })));
  if (!items.length) items.push(el("div", { class: "empty", text: "Belum ada panggilan" }));
  $("recent").replaceChildren(...items);
}

function renderServices() {
  const rows = model.services
    .filter((s) => s.kiosk_visible !== false || s.waiting > 0)
    .map((s) => el("div", { class: "service-row" },
      el("span", { class: "service-code", text: s.code }),
      el("span", { class: "service-name", text: s.name }),
      el("span", { class: "service-count" }, el("b", { text: String(s.waiting) }), " orang")));
  $("services").replaceChildren(...rows);
}

function renderOffice() {
  const logo = model.office.logo_version ? `/api/logo?v=${model.office.logo_version}` : "/pages/logo.svg";
  const img = document.querySelector(".top .logo");
  if (img.getAttribute("src") !== logo) {
    img.onerror = () => { img.onerror = null; img.src = "/pages/logo.svg"; };
    img.src = logo;
  }
  $("office-name").textContent = model.office.name || "Layanan Antrean";
  $("office-address").textContent = model.office.address || "";
  document.title = "Layar Antrean \u2013 " + (model.office.name || "");
  const running = model.office.running_text || "";
  const box = $("running");
  if (box.dataset.text !== running) {
    box.dataset.text = running;
    box.textContent = running;
    // Constant reading speed whatever the length of the text.
    box.style.animationDuration = Math.max(15, Math.round(running.length / 6)) + "s";
  }
}

function renderAll() {
  renderOffice(); renderHero(); renderCounters(); renderRecent(); renderServices(); tickClock();
}

// ---------- state ----------
function applySnapshot(s) {
  model.office = s.office || {};
  model.tz = s.timezone || model.tz;
  model.offset = s.now - Date.now() / 1000;
  model.services = s.services || [];
  model.counters = s.counters || [];
  model.recent = (s.recent_calls || []).filter((r) => r.counter).slice(0, RECENT_MAX + 1);
  renderAll();
}

function counterById(id) { return model.counters.find((c) => c.id === id); }

function setWaiting(waiting) {
  if (!waiting) return;
  for (const s of model.services) if (s.code in waiting) s.waiting = waiting[s.code];
}

function pushRecent(t) {
  model.recent = model.recent.filter((r) => r.id !== t.id);
  model.recent.unshift({ id: t.id, number: t.number, service: t.service, counter_id: t.counter_id,
    counter: t.counter, status: t.status });
  if (model.recent.length > RECENT_MAX + 1) model.recent.length = RECENT_MAX + 1;
}

function onEvent(ev) {
  const t = ev.ticket;
  switch (ev.type) {
    case "resync":
    case "day.started":
    case "office.changed":  // running text, name, logo, services: the snapshot has them all
      refresh();
      return;
    case "counter.state": {
      const c = ev.counter && counterById(ev.counter.id);
      if (c) { c.state = ev.counter.state; renderCounters(); }
      return;
    }
    case "ticket.called":
    case "ticket.recalled": {
      if (!t || !t.counter_id) break;
      for (const c of model.counters) if (c.ticket && c.ticket.id === t.id) c.ticket = null;
      const c = counterById(t.counter_id);
      if (c) { c.ticket = { id: t.id, number: t.number, service: t.service, status: t.status }; c.state = "open"; }
      pushRecent(t);
      renderHero(); renderCounters(); renderRecent();
      const age = nowServer() - (ev.at || 0);
      if (age < ANNOUNCE_MAX_AGE) { flash(); sound.announce(callUrl(t)); }
      break;
    }
    default:
      if (t) {
        for (const c of model.counters) {
          if (c.ticket && c.ticket.id === t.id) {
            if (t.status === "called" || t.status === "serving") c.ticket.status = t.status;
            else c.ticket = null;
          }
        }
        const r = model.recent.find((x) => x.id === t.id);
        if (r) r.status = t.status;
        renderCounters();
      }
  }
  if (ev.waiting) { setWaiting(ev.waiting); renderServices(); }
}

function online(up) {
  $("offline").hidden = up;
  document.body.classList.toggle("is-offline", !up);
}

const stream = new Stream("/api/events", {
  onEvent,
  onUp: () => online(true),
  onDown: () => online(false)
});

let refreshing = false;
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    const s = await api("GET", "/api/state");
    applySnapshot(s);
    if (!stream.es) stream.start(s.last_event_id);
    else if (stream.behind(s.last_event_id)) {
      // Maybe only in flight; if still missing shortly, the connection is dead without knowing it.
      const want = s.last_event_id;
      setTimeout(() => { if (stream.behind(want)) stream.connect(); }, 3000);
    }
    else if (stream.es.readyState === EventSource.OPEN) online(true);
  } catch (e) {
    online(false);
  } finally {
    refreshing = false;
  }
}

// ---------- paired TV: heartbeat, and a way in for the technician ----------
// A TV paired on /pair tells the admin page it is alive; an unpaired one works just the same.
const beats = device.start({
  onBeat: (dev, r) => {
    window.antreDisplay.device = { id: dev.device_id, name: dev.name, interval: r.interval_seconds };
    log.push({ kind: "heartbeat", url: "", at: Date.now() });
  },
  onRevoked: (dev) => {
    window.antreDisplay.device = null;
    log.push({ kind: "revoked", url: String(dev.device_id), at: Date.now() });
  }
});
window.antreDisplay.heartbeatNow = () => beats.now();
// The link shows only while someone moves a mouse or presses a key: the lobby never sees it.
let pairTimer = null;
const wake = () => {
  $("pair-link").textContent = device.load() ? "Perangkat: " + device.load().name : "Pasang perangkat";
  $("pair-link").hidden = false;
  clearTimeout(pairTimer);
  pairTimer = setTimeout(() => { $("pair-link").hidden = true; }, 10000);
};
document.addEventListener("mousemove", wake);
document.addEventListener("keydown", wake);

showSound();
setInterval(tickClock, 1000);
setInterval(refresh, REFRESH_MS);
refresh().then(() => { if (!stream.es) setTimeout(refresh, 2000); });
// Failed first load (server still starting): keep trying until the stream exists.
setInterval(() => { if (!stream.es) refresh(); }, 3000);
