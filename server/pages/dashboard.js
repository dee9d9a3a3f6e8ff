/* The head of office's screen (/kepala): the queue now, today against a usual weekday, the month,
   the semester's SKM, complaints past their deadline. For a wall screen in the head's room (read
   from across it, no scrolling at 1920x1080 and 1366x768) and for the head's phone (one column).

   The queue part (GET /api/dashboard?part=now) is read again shortly after each event of the staff
   stream, one read at a time, and every 20 s besides (a wait crosses the standard without any
   event). Everything is read every minute; the server computes the slow figures at most twice a
   minute whatever the number of screens. Left open all day it reconnects by itself after a network
   loss (the stream resumes with Last-Event-ID) and returns to the login when the session ends. */
import V from "/pages/vocabulary.js";
import { $, api, el, word, Stream, dateText, timeText } from "/pages/common.js";
import { languageSwitch, mark, serverText } from "/pages/account_language.js";
import { t, setLanguage } from "/pages/dashboard-texts.js";

const D = { now: null, slow: null, ready: false, refused: false, reads: 0, lang: "id", error: null };
window.antreDashboard = D;   // for tests and a technician's console

const ALERT_ITEMS = 8;       // more than this on one line becomes "+n more"

// ---------- formatting ----------
function num(v, decimals = null) {
  if (v === null || v === undefined) return "\u2013";
  const digits = decimals === null ? { maximumFractionDigits: 1 }
    : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  return new Intl.NumberFormat(D.lang === "en" ? "en-GB" : "id-ID", digits).format(v);
}
const pctText = (v) => (v === null || v === undefined ? "\u2013" : `${num(v)}%`);
function dur(seconds) {
  const m = Math.max(0, Math.floor(seconds / 60));
  return m < 60 ? t("minutes", { m }) : t("hours", { h: Math.floor(m / 60), m: m % 60 });
}
const dayName = (weekday) => V.day_names[D.lang][weekday];
function gradeLabel(grade) {
  const g = V.skm_grades.find((row) => row[1] === grade);
  return g ? word({ [grade]: g[2] }, grade, D.lang) : "";
}

// ---------- drawing ----------
function drawHeader() {
  const n = D.now;
  $("office").textContent = n.office_name || "Antre";
  $("clock").textContent = `${dateText(n.now, n.timezone, D.lang)} \u00b7 ${timeText(n.now, n.timezone)}`;
}

function drawAlerts() {
  const a = D.now.alerts;
  const line = (box, title, items) => {
    box.hidden = !items.length;
    const shown = items.slice(0, ALERT_ITEMS).map((x) => el("span", { class: "alert-item", ...x.attrs }, x.text));
    if (items.length > ALERT_ITEMS) shown.push(el("span", { class: "alert-more", text: t("more", { n: items.length - ALERT_ITEMS }) }));
    box.replaceChildren(el("b", { class: "alert-title", text: title }), ...shown);
  };
  line($("alerts-late"), t("late_title"), a.late.map((x) => ({
    attrs: { "data-number": x.number, title: t("standard", { m: x.standard_minutes }) },
    text: t("late_item", { number: x.number, d: dur(x.waited_s) }) })));
  line($("alerts-paused"), t("paused_title"), a.paused.map((x) => ({
    attrs: { "data-counter": String(x.counter_id) },
    text: t("paused_item", { counter: x.name, d: dur(x.paused_s) }) })));
  $("alerts").hidden = !a.late.length && !a.paused.length;
}

function drawServices() {
  $("services").classList.toggle("many", D.now.services.length > 6);   // four tiles a row on the wall
  $("services").replaceChildren(...D.now.services.map((s) => el("div", {
    class: "service" + (s.over_standard ? " over" : "") + (s.waiting ? "" : " empty"), "data-code": s.code },
  el("div", { class: "svc-head" }, el("span", { class: "svc-code", text: s.code }),
    el("span", { class: "svc-name", text: D.lang === "en" ? s.name_en || s.name : s.name })),
  el("div", { class: "svc-count" }, el("b", { class: "svc-waiting", text: String(s.waiting) }),
    el("span", { text: t("waiting") })),
  el("div", { class: "svc-wait" }, s.waiting ? t("longest", { d: dur(s.longest_wait_s) }) : t("nobody"),
    el("span", { class: "svc-standard", text: t("standard", { m: s.standard_minutes }) })))));
}

function drawCounters() {
  const tz = D.now.timezone;
  $("counters").replaceChildren(...D.now.counters.map((c) => el("div", {
    class: `counter-row ${c.state}`, "data-counter": String(c.id) },
  el("span", { class: "ct-name", text: c.name }),
  el("span", { class: `pill ${c.state}`, text: word(V.counter_states, c.state, D.lang) +
    (c.state === "paused" && c.state_since ? " " + t("since", { time: timeText(c.state_since, tz) }) : "") }),
  el("span", { class: "ct-clerk", text: c.clerk ? c.clerk.name || c.clerk.username : t("no_clerk") }),
  el("span", { class: "ct-ticket", text: c.ticket ? c.ticket.number : "" }))));
}

function compare(label, today, usual, cls, isPct) {
  const fmt = isPct ? pctText : num;
  return el("div", { class: `figure ${cls}` }, el("span", { class: "fig-label", text: label }),
    el("b", { class: "fig-value", text: fmt(today) }),
    usual === undefined ? null : el("span", { class: "fig-usual", text: t("usual", { v: fmt(usual) }) }));
}

function drawToday() {
  // Today's own figures move with the queue (the "now" part); the usual weekday is the slow part's.
  const s = D.slow.today;
  const now = D.now.today;
  const avg = s.average;
  $("today-title").textContent = t("today_by", { time: timeText(D.now.now, D.now.timezone) });
  const day = dayName(s.weekday);
  $("today").replaceChildren(
    compare(t("issued"), now.issued, avg ? avg.issued : undefined, "issued"),
    compare(t("served"), now.served, avg ? avg.served : undefined, "served"),
    compare(t("within"), now.within_standard_pct, avg ? avg.within_standard_pct : undefined, "within", true),
    el("p", { class: "fig-note", text: !s.days ? t("no_usual", { day })
      : t(s.days === 1 ? "usual_day_one" : "usual_day", { n: s.days, day }) }));
}

function drawMonth() {
  const m = D.slow.month;
  $("month").replaceChildren(m.served
    ? el("div", { class: "big-figure" }, el("b", { class: "big-value", text: pctText(m.within_standard_pct) }),
      el("span", { class: "big-label", text: t("within_month") }),
      el("span", { class: "fig-note", text: t("of_served", { within: num(m.within_standard), served: num(m.served) }) }))
    : el("p", { class: "fig-note", text: t("none_served") }));
}

function drawSkm() {
  const k = D.slow.skm;
  $("skm-title").textContent = t("skm_semester", { n: k.semester === 1 ? "I" : "II", year: D.now.office_day.slice(0, 4) });
  if (!k.available) { $("skm").replaceChildren(el("p", { class: "fig-note unavailable", text: t("unavailable") })); return; }
  if (!k.respondents) { $("skm").replaceChildren(el("p", { class: "fig-note", text: t("no_answers") })); return; }
  const target = k.sample_target || 0;
  const share = target ? Math.min(100, (100 * k.respondents) / target) : 100;
  $("skm").replaceChildren(
    el("div", { class: "big-figure" }, el("b", { class: "big-value", text: num(k.score, 2) }),
      el("span", { class: `grade grade-${k.grade}`, text: `${k.grade} \u00b7 ${gradeLabel(k.grade)}` })),
    el("div", { class: "progress", role: "progressbar", "aria-valuenow": String(Math.round(share)),
      "aria-valuemin": "0", "aria-valuemax": "100" }, el("span", { class: "progress-bar" })),
    el("span", { class: "fig-note", text: t("respondents", { n: num(k.respondents), target: num(target) }) }));
  $("skm").querySelector(".progress-bar").style.width = `${share}%`;
}

function drawComplaints() {
  const c = D.slow.complaints;
  $("complaints").replaceChildren(
    el("div", { class: "big-figure" + (c.overdue_open ? " bad" : "") },
      el("b", { class: "big-value", text: num(c.overdue_open) }),
      el("span", { class: "big-label", text: c.overdue_open ? t("overdue") : t("overdue_none") })),
    el("a", { class: "fig-link", href: c.link, text: t("open_register") }));
}

function drawAll() {
  if (!D.now) return;
  drawHeader();
  drawAlerts();
  drawServices();
  drawCounters();
  if (D.slow) { drawToday(); drawMonth(); drawSkm(); drawComplaints(); }
  $("board").hidden = false;
}

// ---------- reading ----------
function lost(e) {
  if (e.status === 401) { location.replace("/login?next=/kepala"); return true; }
  if (e.status === 403) { refuse(); return true; }
  return false;
}

function refuse() {
  D.refused = true;
  stream.close();
  $("board").hidden = true;
  $("alerts").hidden = true;
  $("refused").hidden = false;
}

let inFlight = false;
let again = false;
let timer = null;

async function read(part) {
  if (inFlight) { if (part === "all" || !again) again = part; return; }
  inFlight = true;
  try {
    const body = await api("GET", `/api/dashboard?part=${part}`);
    D.reads += 1;
    D.now = body.now;
    if (part === "all") {
      const { now, ...slow } = body;
      D.slow = slow;
    }
    if (!D.ready) { D.ready = true; stream.start(body.now.last_event_id); }
    D.error = null;
    drawAll();
  } catch (e) {
    if (!lost(e)) { D.error = serverText(e, D.lang); showLive(false); }
  } finally {
    inFlight = false;
    if (again && !D.refused) { const p = again; again = false; read(p); }
  }
}

/* Events come in bursts (a call is a finish and a call): one read shortly after the last of them. */
function soon() {
  clearTimeout(timer);
  timer = setTimeout(() => read("now"), 300);
}

function showLive(up) {
  $("live").textContent = up ? t("live") : t("offline");
  $("live").classList.toggle("down", !up);
  document.body.classList.toggle("is-offline", !up);
}

let connected = false;
const stream = new Stream("/api/staff/events", {
  onEvent: soon,
  onUp: () => {
    showLive(true);
    if (connected) read("all");    // back after a break: catch up at once
    connected = true;
  },
  onDown: () => showLive(false)
});

// A wall screen stays on (where the browser allows it) and keeps its figures moving.
async function keepAwake() {
  try { if (navigator.wakeLock && document.visibilityState === "visible") await navigator.wakeLock.request("screen"); }
  catch (e) { /* not allowed here: the screen's own settings decide */ }
}
document.addEventListener("visibilitychange", keepAwake);

setInterval(() => { if (D.ready && !D.refused) read("now"); }, 20000);
setInterval(() => { if (D.ready && !D.refused) read("all"); }, 60000);

$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch (e) { /* already out */ }
  stream.close();
  location.replace("/login?next=/kepala");
});

function speak(lang) {
  D.lang = lang === "en" ? "en" : "id";
  setLanguage(D.lang);
  mark($("lang"), D.lang);
  showLive(stream.up || !D.ready);
  drawAll();
}

async function start() {
  let lang = "id";
  try {
    lang = (await api("GET", "/api/auth/me")).language || "id";
  } catch (e) {
    if (lost(e)) return;
  }
  speak(lang);
  languageSwitch($("lang"), D.lang, { choose: speak, failed: (e) => { if (!lost(e)) D.error = serverText(e, D.lang); } });
  keepAwake();
  await read("all");
  if (!D.ready && !D.refused) setTimeout(start, 3000);   // the server is still starting: keep knocking
}
start();
