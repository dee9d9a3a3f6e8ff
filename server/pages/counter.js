/* /counter/{id}: the small screen above one counter. Its name, whom it calls, or "Istirahat" /
   "Tutup"; from the public snapshot and stream, so it shows nothing a lobby display does not.
   Language: ?lang=en, else the paired device's setting from /admin, else Indonesian. */
import V from "/pages/vocabulary.js";
import { $, api, Stream, ring, word } from "/pages/common.js";
import { applyTexts, pickLanguage, translator } from "/pages/i18n.js";
import * as device from "/pages/device.js";
import { TEXTS } from "/pages/display/texts.js";

const REFRESH_MS = 60000;
const FLASH_MS = 6000;
const counterId = parseInt(location.pathname.split("/counter/")[1], 10);
const params = new URLSearchParams(location.search);
const log = ring(50);
const model = { counter: null, missing: false };
let t = translator(TEXTS, pickLanguage(params.get("lang")));
window.antreCounter = { model, log: log.items };

function render() {
  const c = model.counter;
  applyTexts(t);
  if (model.missing || !c) {
    document.body.className = "missing";
    $("name").textContent = model.missing ? "\u2013" : "\u2026";
    $("state").textContent = model.missing ? t("counter_unknown") : "";
    return;
  }
  const ticket = c.ticket && V.at_counter_statuses.includes(c.ticket.status) ? c.ticket : null;
  const state = c.state === "open" ? (ticket ? "called" : "idle") : c.state;
  const flashing = document.body.classList.contains("flash");
  document.body.className = state + (flashing && state === "called" ? " flash" : "");
  $("name").textContent = c.name;
  document.title = `${c.name} \u2013 ${t("counter_title")}`;
  $("number").textContent = ticket && c.state === "open" ? ticket.number : "\u2013";
  $("state").textContent = c.state === "open" ? (ticket ? "" : t("counter_idle")) : word(V.counter_states, c.state, t.lang);
}

let flashTimer = null;
function flash() {
  document.body.classList.remove("flash");
  void document.body.offsetWidth;
  document.body.classList.add("flash");
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => document.body.classList.remove("flash"), FLASH_MS);
}

function onEvent(ev) {
  const c = model.counter;
  const tk = ev.ticket;
  if (ev.type === "resync" || ev.type === "day.started" || ev.type === "office.changed") return refresh();
  if (!c) return;
  if (ev.type === "counter.state" && ev.counter && ev.counter.id === c.id) {
    c.state = ev.counter.state;
  } else if ((ev.type === "ticket.called" || ev.type === "ticket.recalled") && tk && tk.counter_id === c.id) {
    c.ticket = { id: tk.id, number: tk.number, service: tk.service, status: tk.status };
    c.state = "open";
    render();
    flash();
    log.push({ kind: "called", url: tk.number, at: Date.now() });
    return;
  } else if (tk && c.ticket && c.ticket.id === tk.id) {
    // Served, finished, skipped or sent elsewhere: the number leaves this screen.
    if (V.at_counter_statuses.includes(tk.status) && tk.counter_id === c.id) c.ticket.status = tk.status;
    else c.ticket = null;
  } else {
    return;
  }
  render();
}

function online(up) { $("offline").hidden = up; }
const stream = new Stream("/api/events", { onEvent, onUp: () => online(true), onDown: () => online(false) });

let refreshing = false;
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    const s = await api("GET", "/api/state");
    model.counter = (s.counters || []).find((c) => c.id === counterId) || null;
    model.missing = !model.counter;
    render();
    if (!stream.es) stream.start(s.last_event_id);
    else if (stream.es.readyState === EventSource.OPEN) online(true);
  } catch (e) {
    online(false);
  } finally {
    refreshing = false;
  }
}

// A paired screen reports to /admin like a lobby TV and takes its language from there.
device.start({ onBeat: (dev, r) => {
  const lang = pickLanguage(params.get("lang"), r.language);
  if (lang !== t.lang) { t = translator(TEXTS, lang); render(); }
} });

async function begin() {
  const settings = await device.settings();
  t = translator(TEXTS, pickLanguage(params.get("lang"), settings && settings.language));
  render();
  await refresh();
}

begin();
setInterval(refresh, REFRESH_MS);
setInterval(() => { if (!stream.es) refresh(); }, 3000);
