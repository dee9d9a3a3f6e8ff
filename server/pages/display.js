/* Lobby display: snapshot from /api/state, then live from /api/events. No personal data ever.

   A display may belong to a zone (a waiting room, chosen for a paired TV on /admin, or ?zone=ID
   in the address): its snapshot then holds only that room's counters and services, and a call
   to a counter elsewhere is neither shown nor spoken. Its language (per device on /admin, or
   ?lang=en) is Indonesian by default. */
import V from "/pages/vocabulary.js";
import { $, el, api, Stream, dateText, timeText, ring, word } from "/pages/common.js";
import { applyTexts, pickLanguage, translator } from "/pages/i18n.js";
import * as device from "/pages/device.js";
import { announcer } from "/pages/display/sound.js";
import { TEXTS } from "/pages/display/texts.js";

const RECENT_MAX = 6;           // calls kept besides the big one
const ANNOUNCE_MAX_AGE = 90;    // seconds: calls older than this (caught up after an outage) stay silent
const REFRESH_MS = 60000;       // snapshot again every minute: waiting times, and a stream that died silently
const FLASH_MS = 8000;
const AT_COUNTER = V.at_counter_statuses;

const params = new URLSearchParams(location.search);
const model = { office: {}, tz: "Asia/Jakarta", offset: 0, services: [], counters: [], recent: [], zone: null };
const log = ring(100);          // {kind, url, at} for tests and technicians
// What this display was told to be: the address wins over the device's settings from /admin.
const setting = { zone: null, lang: "id" };
let t = translator(TEXTS, "id");

window.antreDisplay = { model, log: log.items, device: null, setting };

// ---------- clock ----------
const nowServer = () => Date.now() / 1000 + model.offset;
let lastClock = "";
function tickClock() {
  const now = nowServer();
  const date = dateText(now, model.tz, t.lang);
  const text = date + "|" + timeText(now, model.tz);
  if (text !== lastClock) {
    lastClock = text;
    $("date").textContent = date;
    $("time").textContent = timeText(now, model.tz);
  }
}

// ---------- sound ----------
// A browser that refuses to play (no kiosk flags) shows a small notice in the header; calls keep
// coming and are each tried, none waits behind a refused one.
const sound = announcer({ log, rate: () => window.antreDisplay.rate,
  onBlocked: (blocked) => { $("unlock").hidden = !blocked; } });
window.antreDisplay.queued = () => sound.waiting;

function showSound() {
  $("sound").textContent = t(sound.on ? "sound_on" : "sound_off");
  $("sound").classList.toggle("off", !sound.on);
}

// Any key or click is the gesture a browser waits for (a technician with a remote or a mouse).
for (const kind of ["click", "keydown", "touchstart"]) document.addEventListener(kind, () => sound.gesture(), true);
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

function counterById(id) { return model.counters.find((c) => c.id === id); }

/* A call is the present while its citizen is still at that counter and the counter is open:
   once skipped, finished, moved, or the counter goes on a break, the big panel lets it go. */
function stillCalled(r) {
  const c = counterById(r.counter_id);
  return !!c && c.state === "open" && !!c.ticket && c.ticket.id === r.id && AT_COUNTER.includes(c.ticket.status);
}

/* The big panel and the calls below it: every recent call is shown once, in one or the other. */
function renderCalls() { renderHero(); renderRecent(); }

function renderHero() {
  const top = model.recent.find(stillCalled);
  model.hero = top ? top.id : null;
  $("hero").classList.toggle("idle", !top);
  if (!top) $("hero").classList.remove("flash");
  $("hero").dataset.ticket = top ? String(top.id) : "";
  $("hero-number").textContent = top ? top.number : "\u2013";
  $("hero-counter").textContent = top ? (top.counter || "") : "\u2013";
  $("hero-note").hidden = !!top;
}

function renderCounters() {
  const box = $("counters");
  const shown = model.counters.filter((c) => c.state !== "closed");
  const rows = shown.map((c) => el("div", { class: "counter-row " + c.state, "data-counter": String(c.id) },
    el("span", { class: "counter-name", text: c.name }),
    el("span", { class: "counter-ticket", text:
      c.state === "paused" ? word(V.counter_states, "paused", t.lang) : (c.ticket ? c.ticket.number : "\u2013") })));
  if (!rows.length) rows.push(el("div", { class: "empty", text: t("no_counters") }));
  box.replaceChildren(...rows);
}

function renderRecent() {
  const items = model.recent.filter((r) => r.id !== model.hero).slice(0, RECENT_MAX).map((r) => el("div", { class: "recent-item" },
    el("span", { class: "recent-number", text: r.number }),
    el("span", { class: "recent-counter", text: r.counter || "" })));
  if (!items.length) items.push(el("div", { class: "empty", text: t("no_calls") }));
  $("recent").replaceChildren(...items);
}

/* A closed service (switched off, or outside its hours) says so instead of "0 orang". */
function countCell(s) {
  const closed = s.unavailable_reason === "service_closed" || s.unavailable_reason === "outside_hours";
  if (closed && !s.waiting) return [true, el("span", { class: "service-count", text: word(V.counter_states, "closed", t.lang) })];
  const cell = el("span", { class: "service-count" }, el("b", { text: String(s.waiting) }),
    el("span", { class: "unit", text: " " + t("people") }));
  if (closed) cell.append(el("span", { class: "unit", text: " \u00b7 " + word(V.counter_states, "closed", t.lang) }));
  return [closed, cell];
}

function renderServices() {
  // A step only reached by transfer (not offered at the kiosk) is the office's business, not the lobby's.
  const rows = model.services.filter((s) => s.kiosk_visible !== false).map((s) => {
    const [closed, count] = countCell(s);
    return el("div", { class: "service-row" + (closed ? " closed" : ""), "data-service": s.code },
      el("span", { class: "service-code", text: s.code }),
      el("span", { class: "service-name", text: (t.lang === "en" && s.name_en) || s.name }),
      count);
  });
  if (!rows.length) rows.push(el("div", { class: "empty", text: t("no_services") }));
  $("services").replaceChildren(...rows);
  fitServices();
}

/* One column while the services fit, then two, then a compact two: measured, so a long name,
   a small TV or an office with eight services all end inside the panel. */
function fitServices() {
  const list = $("services");
  const over = () => list.scrollHeight > list.clientHeight + 1 || list.scrollWidth > list.clientWidth + 1;
  let mode = "";
  for (mode of ["", "cols-2", "cols-2 compact"]) {
    list.className = "service-list " + mode;
    if (!over()) break;
  }
  $("waiting-title").textContent = t(mode ? "waiting_unit" : "waiting");
}
new ResizeObserver(() => fitServices()).observe($("services").parentElement);

function renderOffice() {
  const logo = model.office.logo_version ? `/api/logo?v=${model.office.logo_version}` : "/pages/logo.svg";
  const img = document.querySelector(".top .logo");
  if (img.getAttribute("src") !== logo) {
    img.onerror = () => { img.onerror = null; img.src = "/pages/logo.svg"; };
    img.src = logo;
  }
  $("office-name").textContent = model.office.name || t("office_default");
  // A display in a zone says which room it is for: the technician sees it at a glance.
  $("office-address").textContent = [model.zone && model.zone.name, model.office.address].filter(Boolean).join(" \u00b7 ");
  document.title = t("title") + " \u2013 " + (model.office.name || "");
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
  applyTexts(t);
  showSound();
  renderOffice(); renderCounters(); renderCalls(); renderServices(); tickClock();
}

// ---------- state ----------
function applySnapshot(s) {
  model.office = s.office || {};
  model.tz = s.timezone || model.tz;
  model.offset = s.now - Date.now() / 1000;
  model.zone = s.zone || null;
  model.services = s.services || [];
  model.counters = s.counters || [];
  model.recent = (s.recent_calls || []).filter((r) => r.counter).slice(0, RECENT_MAX + 1);
  renderAll();
}

function setWaiting(waiting) {
  if (!waiting) return;
  for (const s of model.services) if (s.code in waiting) s.waiting = waiting[s.code];
}

function pushRecent(tk) {
  model.recent = model.recent.filter((r) => r.id !== tk.id);
  model.recent.unshift({ id: tk.id, number: tk.number, service: tk.service, counter_id: tk.counter_id,
    counter: tk.counter, status: tk.status });
  if (model.recent.length > RECENT_MAX + 1) model.recent.length = RECENT_MAX + 1;
}

function onEvent(ev) {
  const tk = ev.ticket;
  switch (ev.type) {
    case "resync":
    case "day.started":
    case "office.changed":  // running text, name, logo, services, zones: the snapshot has them all
      refresh();
      return;
    case "counter.state": {
      const c = ev.counter && counterById(ev.counter.id);
      if (c) { c.state = ev.counter.state; renderCounters(); renderCalls(); }
      return;
    }
    case "ticket.called":
    case "ticket.recalled": {
      if (!tk || !tk.counter_id) break;
      for (const c of model.counters) if (c.ticket && c.ticket.id === tk.id) c.ticket = null;
      const c = counterById(tk.counter_id);
      // The model holds this room's counters only: a call elsewhere is not this lobby's.
      if (!c) break;
      c.ticket = { id: tk.id, number: tk.number, service: tk.service, status: tk.status };
      c.state = "open";
      pushRecent(tk);
      renderCounters(); renderCalls();
      const age = nowServer() - (ev.at || 0);
      if (age < ANNOUNCE_MAX_AGE) { flash(); sound.announce(callUrl(tk)); }
      break;
    }
    default:
      if (tk) {
        for (const c of model.counters) {
          if (c.ticket && c.ticket.id === tk.id) {
            if (AT_COUNTER.includes(tk.status) && c.id === tk.counter_id) c.ticket.status = tk.status;
            else c.ticket = null;
          }
        }
        const r = model.recent.find((x) => x.id === tk.id);
        if (r) r.status = tk.status;
        renderCounters(); renderCalls();
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
    const s = await api("GET", "/api/state" + (setting.zone ? `?zone=${setting.zone}` : ""));
    applySnapshot(s);
    if (!stream.es) stream.start(s.last_event_id);
    else if (stream.behind(s.last_event_id)) {
      // Maybe only in flight; if still missing shortly, the connection is dead without knowing it.
      const want = s.last_event_id;
      setTimeout(() => { if (stream.behind(want)) stream.connect(); }, 3000);
    }
    else if (stream.es.readyState === EventSource.OPEN) online(true);
  } catch (e) {
    // A zone removed on /admin: show the whole office rather than nothing.
    if (e.status === 404 && setting.zone) { setting.zone = null; refreshing = false; return refresh(); }
    online(false);
  } finally {
    refreshing = false;
  }
}

/* Zone and language: the address (?zone=, ?lang=) first, else what /admin set for this device. */
function settle(fromDevice) {
  const zone = params.has("zone") ? (parseInt(params.get("zone"), 10) || null) : ((fromDevice && fromDevice.zone_id) || null);
  const lang = pickLanguage(params.get("lang"), fromDevice && fromDevice.language);
  const changed = zone !== setting.zone || lang !== setting.lang;
  setting.zone = zone;
  setting.lang = lang;
  t = translator(TEXTS, lang);
  return changed;
}

// ---------- paired TV: heartbeat, its settings, and a way in for the technician ----------
// A TV paired on /pair tells the admin page it is alive; an unpaired one works just the same.
const beats = device.start({
  onBeat: (dev, r) => {
    window.antreDisplay.device = { id: dev.device_id, name: dev.name, interval: r.interval_seconds };
    log.push({ kind: "heartbeat", url: "", at: Date.now() });
    if ("zone_id" in r && settle(r)) { lastClock = ""; refresh(); }
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
  const dev = device.load();
  $("pair-link").textContent = dev ? t("device", { name: dev.name }) : t("pair");
  $("pair-link").hidden = false;
  clearTimeout(pairTimer);
  pairTimer = setTimeout(() => { $("pair-link").hidden = true; }, 10000);
};
document.addEventListener("mousemove", wake);
document.addEventListener("keydown", wake);

async function begin() {
  settle(await device.settings());
  applyTexts(t);
  showSound();
  await refresh();
  if (!stream.es) setTimeout(refresh, 2000);
}

setInterval(tickClock, 1000);
setInterval(refresh, REFRESH_MS);
begin();
// Failed first load (server still starting): keep trying until the stream exists.
setInterval(() => { if (!stream.es) refresh(); }, 3000);
