/* The staff page's DOM: header, the citizen at the counter, the queue, the overview, banners.
   Clicks inside what is drawn here go to the handlers main.js binds (actions.js). */
import V from "/pages/vocabulary.js";
import { $, el, timeText, isoClock, RAISED_ALERTS } from "/pages/common.js";
import { t as tr, w, prioShort, dur, svcLabel } from "/pages/staff/texts.js";
import { serverText } from "/pages/account_language.js";
import { renderLate } from "/pages/staff/late.js";
import { TEXTS as COMPLAINT_TEXTS } from "/pages/complaints-texts.js";
import { checkLine, renderBackOffice } from "/pages/staff/back_office.js";
import { S, nowServer, since, tickets, counter, myServices, serviceOf, late, current, currentAt } from "/pages/staff/model.js";

let on = { setPriority() {}, restore() {}, copyNik() {}, takeOver() {}, wantDetail() {}, callChosen() {} };
export function bind(handlers) { on = handlers; }

const status = (s) => w(V.ticket_statuses, s);
const COMPLAINT_LINK = COMPLAINT_TEXTS.desk_link;

// ---------- messages ----------
let msgTimer = null;
export function say(text, kind = "error", ...extra) {
  const m = $("message");
  m.replaceChildren(text, ...extra);
  m.className = "message " + kind;
  m.hidden = false;
  clearTimeout(msgTimer);
  // A message with a button in it stays until the clerk acts or the next message replaces it.
  if (!extra.length) msgTimer = setTimeout(() => { m.hidden = true; }, kind === "error" ? 15000 : 5000);
}
export function quiet() { clearTimeout(msgTimer); $("message").hidden = true; }

/* 409 counter_held: someone else holds this counter; the clerk may take it over, on purpose. */
export function sayHeld(e, counterId) {
  say(serverText(e, tr.lang), "error", " ", el("button", { type: "button", id: "btn-takeover", class: "small",
    text: tr("takeover"), onclick: (ev) => on.takeOver(counterId, e.body.held_by || {}, ev.currentTarget) }));
}

export function showTakenOver(text) {
  $("takeover-text").textContent = text;
  $("takeover-banner").hidden = false;
}

export function setOffline(off) {
  $("offline").hidden = !off;
  document.body.classList.toggle("is-offline", off);
}

// ---------- rendering ----------
function badge(text, cls, title) { return el("span", { class: "badge " + cls, text, title: title || null }); }
const tag = (key, cls) => badge(tr(key), cls, tr(key + "_title"));
const prioBadge = (t) => badge(prioShort(t.priority), t.priority_confirmed ? "prio ok" : "prio");

// Where the number came from, and whether its holder is in the lobby yet (called from home).
function originBadges(t) {
  const out = [];
  if (t.booked) out.push(tag("badge_booked", "origin"));
  else if (t.channel === "online") out.push(tag("badge_phone", "origin"));
  if (t.present === false) out.push(tag("badge_away", "away"));
  if (t.offline) out.push(tag("badge_offline", "origin"));
  return out;
}

function ticketBadges(t) {
  const out = [];
  if (t.priority) out.push(prioBadge(t));
  out.push(...originBadges(t));
  if (t.transferred && t.notes.length) {
    const n = t.notes[t.notes.length - 1];
    out.push(badge(tr("from", { name: n.from }), "moved"));
    if (n.note) out.push(el("span", { class: "note", text: "\u201c" + n.note + "\u201d" }));
  }
  return out;
}

function renderHeader() {
  const st = S.state;
  $("office").textContent = (st.office && st.office.name) || "Antre";
  $("user").textContent = st.user.username;
  const sel = $("counter");
  const options = [];
  if (st.user.role !== "staff") options.push(el("option", { value: "", text: tr("only_watch") }));
  else if (S.counterId === null) options.push(el("option", { value: "", text: tr("pick_counter") }));
  for (const c of st.counters) options.push(el("option", { value: String(c.id), text: c.name }));
  const sig = options.map((o) => o.value + ":" + o.textContent).join("|");
  if (sel.dataset.sig !== sig) { sel.replaceChildren(...options); sel.dataset.sig = sig; }
  sel.value = S.counterId === null ? "" : String(S.counterId);
  const c = counter();
  $("counter-state").textContent = c ? w(V.counter_states, c.state) : "";
  $("counter-state").className = "pill " + (c ? c.state : "");
  $("counter-state").hidden = !c;
  $("queue-services").textContent = myServices().length ? tr("services_of", { codes: myServices().join(", ") }) : "";
}

/* Before the first snapshot: the invitation to call, in the account's language. */
export function renderIdle() {
  const box = $("current");
  box.className = "current empty";
  box.replaceChildren(S.counterId === null && S.state
    ? tr("pick_counter_first")
    : el("span", {}, tr("none_called_1"), el("b", { text: tr("btn_next") }), tr("none_called_2")));
}

export function renderCurrent() {
  const t = current();
  const box = $("current");
  if (!t) {
    renderIdle();
    S.detail = null;
    return;
  }
  if (!S.detail || S.detail.id !== t.id) on.wantDetail(t.id);
  const d = S.detail && S.detail.id === t.id ? S.detail : null;
  const svc = serviceOf(t.service);
  const nik = d ? d.nik : null;
  const rows = [
    el("div", { class: "cur-head" },
      el("div", { class: "cur-number", id: "current-number", text: t.number }),
      el("div", {},
        el("div", { class: "cur-service", text: `${t.service} \u00b7 ${svcLabel(svc)}` }),
        el("div", { class: "cur-status " + t.status, text: status(t.status) + (t.recalls ? tr("recalled", { n: t.recalls }) : "") }),
        complaintLink(t),
        el("div", { class: "cur-origin" }, ...originBadges(t)))),
    el("div", { class: "cur-grid" },
      el("div", { class: "k", text: "NIK" }),
      el("div", { class: "v nik-line" },
        el("span", { id: "nik", class: "nik", text: nik ? nik.replace(/(\d{4})(?=\d)/g, "$1 ") : (t.nik_masked || "\u2014") }),
        nik ? el("button", { type: "button", id: "copy-nik", class: "small", onclick: () => on.copyNik(nik), text: tr("copy_nik") }) : null,
        d && Number.isInteger(d.age) ? el("span", { id: "age", class: "age" + (d.age >= V.elderly_age ? " elderly" : ""),
          title: tr("age_title"), text: tr("age", { n: d.age }) }) : null,
        d && d.nik_region && d.nik_region.regency ? el("span", { class: "muted", text: d.nik_region.regency }) : null),
      el("div", { class: "k", text: tr("wait_time") }),
      el("div", { class: "v", text: dur(t.waited_seconds) + (t.issued_at ? tr("took_ticket_at", { time: isoClock(t.issued_at) }) : "") }),
      el("div", { class: "k", text: tr("priority") }),
      el("div", { class: "v prio-line" }, ...priorityControls(t)),
      el("div", { class: "k", text: tr("back_office") }),
      el("div", { class: "v bo-line", id: "bo-line" }, ...checkLine(t))),
    t.notes.length ? el("div", { class: "notes" },
      el("div", { class: "k", text: tr("previous_notes") }),
      ...t.notes.map((n) => el("div", { class: "note-row" },
        el("b", { text: `${n.from} \u2192 ${n.to}` }), " ",
        el("span", { class: "muted", text: `${n.by || ""} ${timeText(n.at, S.state.timezone)}` }), " ",
        el("span", { text: n.note || tr("no_note") })))) : null
  ];
  box.className = "current";
  box.replaceChildren(...rows.filter(Boolean));
}

/* "Catat pengaduan": the complaint register, in a tab of its own, prefilled with this ticket (the counter's channel). */
function complaintLink(t) {
  const q = new URLSearchParams({ ticket: t.id, number: t.number, service: t.service });
  return el("div", {}, el("a", { id: "complaint-link", class: "complaint-link", href: `/pengaduan?${q}`, target: "_blank",
    rel: "noopener", text: COMPLAINT_LINK[tr.lang === "en" ? 1 : 0] }));
}

function priorityControls(t) {
  if (!t.priority) return [el("span", { class: "muted", text: tr("no") })];
  return [
    prioBadge(t),
    t.priority_confirmed ? el("span", { class: "muted", text: tr("confirmed") })
      : el("button", { type: "button", class: "small", text: tr("confirm"), onclick: (e) => on.setPriority(t, t.priority, e.currentTarget) }),
    el("button", { type: "button", class: "small", text: tr("remove_priority"), onclick: (e) => on.setPriority(t, null, e.currentTarget) })
  ];
}

export const skippedHere = () => tickets().filter((t) => t.status === "skipped" && myServices().includes(t.service));

export function renderQueue() {
  const codes = myServices();
  const waiting = tickets().filter((t) => t.status === "waiting" && codes.includes(t.service));
  $("queue-count").textContent = String(waiting.length);
  const rows = waiting.map((t) => el("tr", { class: late(t) ? "late" : "", "data-number": t.number },
    el("td", { class: "num-cell", text: t.number }),
    el("td", {}, t.service, " ", el("span", { class: "svc-name", text: svcLabel(serviceOf(t.service)) })),
    el("td", {}, ...ticketBadges(t)),
    el("td", { class: "num", text: dur(since(t.issued_at)) }),
    el("td", { class: "row-act" }, el("button", { type: "button", class: "small call-chosen", title: tr("call_title"),
      text: tr("call"), onclick: () => on.callChosen(t) }))));
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "5", class: "muted", text: S.counterId === null ? tr("choose_counter") : tr("nobody_waiting") })));
  $("queue").replaceChildren(...rows);
  const skipped = skippedHere();
  $("skipped-count").textContent = String(skipped.length);
  $("skipped").replaceChildren(...(skipped.length ? skipped.map((t) =>
    el("button", { type: "button", class: "chip", title: tr("bring_back"), text: t.number,
      onclick: (e) => on.restore(t, e.currentTarget) })) : [el("span", { class: "muted", text: tr("none") })]));
}

export function renderOverview() {
  const st = S.state;
  const show = st.user.role !== "staff";
  $("overview").hidden = !show;
  // The head of office without a counter only watches: the overview is the whole page.
  document.body.classList.toggle("monitor", show && S.counterId === null);
  if (!show) return;
  const svcNames = (cid) => (st.counter_services[String(cid)] || []).join(", ");
  $("ov-counters").replaceChildren(...st.counters.map((c) => {
    const t = currentAt(c.id);
    return el("tr", { class: c.state },
      el("td", { text: c.name }), el("td", { text: w(V.counter_states, c.state) }),
      el("td", { text: t ? `${t.number} (${status(t.status)})` : "\u2014" }), el("td", { text: svcNames(c.id) }));
  }));
  const waitingBy = {};
  for (const t of tickets()) if (t.status === "waiting") (waitingBy[t.service] = waitingBy[t.service] || []).push(t);
  $("ov-services").replaceChildren(...st.services.map((s) => {
    const list = waitingBy[s.code] || [];
    const longest = list.reduce((m, t) => Math.max(m, since(t.issued_at)), 0);
    return el("tr", { class: longest > s.standard_minutes * 60 ? "late" : "" },
      el("td", { text: `${s.code} \u00b7 ${svcLabel(s)}` }), el("td", { class: "num", text: String(list.length) }),
      el("td", { class: "num", text: list.length ? dur(longest) : "\u2014" }),
      el("td", { class: "num", text: tr("minutes", { n: s.standard_minutes }) }));
  }));
  const lateOnes = tickets().filter(late).sort((a, b) => since(b.issued_at) - since(a.issued_at));
  $("ov-late").replaceChildren(...(lateOnes.length ? lateOnes.map((t) => el("span", { class: "chip late" },
    el("b", { text: t.number }), ` ${dur(since(t.issued_at))}`)) : [el("span", { class: "muted", text: tr("none") })]));
}

export function renderButtons() {
  const t = current();
  const c = counter();
  const has = S.counterId !== null;
  const enable = {
    "btn-next": has,
    "btn-recall": !!t && t.status === "called",
    "btn-start": !!t && t.status === "called",
    "btn-done": !!t,
    "btn-skip": !!t && t.status === "called",
    "btn-transfer": !!t,
    "btn-restore": has && skippedHere().length > 0,
    "btn-pause": has && !!c && c.state !== "closed"
  };
  for (const [id, ok] of Object.entries(enable)) $(id).disabled = S.busy || !ok;
  $("btn-pause").querySelector(".label").textContent = c && c.state === "paused" ? tr("btn_reopen") : w(V.counter_states, "paused");
}

// Raised to the clerks because they see the lobby: "the kiosk is not printing" is worth a glance.
function renderDeviceAlerts() {
  const list = ((S.state && S.state.device_alerts) || []).filter((a) => RAISED_ALERTS.includes(a.alert));
  const box = $("device-alerts");
  box.hidden = !list.length;
  if (!list.length) { box.replaceChildren(); return; }
  const what = (a) => { const x = w(V.device_alerts, a.alert); return x.charAt(0).toLowerCase() + x.slice(1); };
  box.replaceChildren(el("span", { text: tr("devices") }),
    ...list.map((a) => el("span", { class: "dev-alert" + (a.alert === "offline" || a.alert === "printer_paper_out" ? " bad" : ""),
      "data-device": String(a.id), text: `${w(V.device_kinds, a.kind)} \u201c${a.name}\u201d ${what(a)}` })),
    el("span", { class: "dev-hint", text: tr("tell_technician") }));
}

export function renderClock() { $("clock").textContent = timeText(nowServer(), S.state.timezone); }

export function renderAll() {
  if (!S.state) return;
  renderHeader(); renderCurrent(); renderQueue(); renderOverview(); renderButtons(); renderDeviceAlerts(); renderClock();
  renderLate(); renderBackOffice();
}
