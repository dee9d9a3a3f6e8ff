/* Staff workstation: the counter's queue, the citizen at the counter, the actions.
   The snapshot (/api/staff/state) is read once, then kept current by the staff event stream;
   it is read again only when an event says more than the model can follow (model.applyEvent),
   never more than one read at a time. */
import { $, api, Stream } from "/pages/common.js";
import { S, setSnapshot, applyEvent, takenFromMe, counterById } from "/pages/staff/model.js";
import { renderLate } from "/pages/staff/late.js";
import "/pages/staff/assist.js";
import { outcomesSoon } from "/pages/staff/report.js";
import { bind, say, quiet, renderIdle, renderAll, renderQueue, renderOverview, renderClock, setOffline, showTakenOver } from "/pages/staff/render.js";
import { authLost, setPriority, restore, copyNik, takeOver, wantDetail, callChosen } from "/pages/staff/actions.js";
import { t, setLanguage } from "/pages/staff/texts.js";
import { languageSwitch, mark, serverText } from "/pages/account_language.js";

bind({ setPriority, restore, copyNik, takeOver, wantDetail, callChosen });

// ---------- the snapshot, coalesced ----------
let timer = null;
let inFlight = false;
let arrived = [];          // events that came while the snapshot was being read, with their ids

function needSnapshot(ms = 120) {
  if (inFlight) return;    // the read under way is followed by a look at what came meanwhile
  clearTimeout(timer);
  timer = setTimeout(readSnapshot, ms);
}

async function readSnapshot() {
  if (inFlight) return;
  inFlight = true;
  arrived = [];
  S.refetches += 1;
  let again = false;
  try {
    const st = await api("GET", "/api/staff/state");
    if (S.state === null) {
      chooseCounter(st);
      stream.start(st.last_event_id);
    } else if (stream.behind(st.last_event_id)) {
      // Maybe only in flight; if still missing shortly, the connection is dead without knowing it.
      const want = st.last_event_id;
      setTimeout(() => { if (stream.behind(want)) stream.connect(); }, 3000);
    }
    setSnapshot(st);
    outcomesSoon(0);
    // What happened after the snapshot was taken is applied again on top of it.
    for (const { ev, id } of arrived) {
      if (Number.isNaN(id) || id > st.last_event_id) again = applyEvent(ev) || again;
    }
    renderAll();
    if (stream.up) setOffline(false);
  } catch (e) {
    if (!authLost(e)) {
      setOffline(true);
      if (S.state === null) again = true;  // the server is still starting: keep knocking
    }
  } finally {
    inFlight = false;
    arrived = [];
    if (again) needSnapshot(S.state === null ? 3000 : 120);
  }
}

/* The counter chosen on this PC last time, else the user's own counter. */
function chooseCounter(st) {
  const saved = localStorage.getItem("antre.counter");
  if (saved && st.counters.some((c) => String(c.id) === saved)) S.counterId = +saved;
  else if (saved === "" && st.user.role !== "staff") S.counterId = null;
  else S.counterId = st.user.counter_id === undefined ? null : st.user.counter_id;
}

function leaveCounter() {
  S.counterId = null;
  S.detail = null;
  localStorage.setItem("antre.counter", "");
}

// ---------- events ----------
function onEvent(ev, id) {
  if (inFlight) arrived.push({ ev, id });
  const taken = takenFromMe(ev);
  if (taken) {
    const c = counterById(taken.counterId);
    showTakenOver(t("taken_over", { counter: c ? c.name : t("counter"), by: taken.by }));
    leaveCounter();
  }
  if (ev.type === "ticket.done") outcomesSoon();
  if (applyEvent(ev)) needSnapshot();
  renderAll();
}

let connected = false;
const stream = new Stream("/api/staff/events", {
  onEvent,
  onUp: () => {
    setOffline(false);
    // Back after a break: the missed events are replayed, and one snapshot settles the rest.
    if (connected) needSnapshot(0);
    connected = true;
  },
  onDown: () => setOffline(true)
});

// ---------- page controls ----------
$("counter").addEventListener("change", () => {
  const v = $("counter").value;
  S.counterId = v === "" ? null : +v;
  localStorage.setItem("antre.counter", v);
  S.detail = null;
  $("takeover-banner").hidden = true;
  renderAll();
});

$("takeover-close").addEventListener("click", () => { $("takeover-banner").hidden = true; });

$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch (e) { /* already out */ }
  stream.close();
  location.replace("/login?next=/staff");
});

// Waiting times move on even when nothing happens; a minute's tick is enough.
setInterval(() => { if (S.state) { renderQueue(); renderOverview(); renderClock(); renderLate(); } }, 20000);
// A connection that died without an error (a sleeping laptop): the snapshot catches it.
setInterval(() => { if (S.state) needSnapshot(0); }, 60000);

/* The account's language first (it follows the clerk to every PC), then the queue. Each snapshot
   carries nothing about it; a change on another PC shows after a reload. */
async function start() {
  let lang = "id";
  try { lang = (await api("GET", "/api/auth/me")).language || "id"; } catch (e) { if (authLost(e)) return; }
  speak(lang);
  languageSwitch($("lang"), lang, { choose: speak, failed: (e) => { if (!authLost(e)) say(serverText(e, t.lang)); } });
  readSnapshot();
}

function speak(lang) {
  if (lang !== t.lang) quiet();    // a message already shown was in the other language
  setLanguage(lang);
  mark($("lang"), lang);
  $("counter").dataset.sig = "";   // the picker's first line is a sentence too
  if (S.state) renderAll(); else renderIdle();
}
start();
