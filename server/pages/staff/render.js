/* The staff page's DOM: header, the citizen at the counter, the queue, the overview, banners.
   Clicks inside what is drawn here go to the handlers main.js binds (actions.js). */
import V from "/pages/vocabulary.js";
import { $, el, duration, timeText, isoClock, word, priorityShort, RAISED_ALERTS } from "/pages/common.js";
import { renderLate } from "/pages/staff/late.js";
import { checkLine, renderBackOffice } from "/pages/staff/back_office.js";
import { S, nowServer, since, tickets, counter, myServices, serviceOf, late, current, currentAt } from "/pages/staff/model.js";

let on = { setPriority() {}, restore() {}, copyNik() {}, takeOver() {}, wantDetail() {}, callChosen() {} };
export function bind(handlers) { on = handlers; }

const status = (s) => word(V.ticket_statuses, s);

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
  say(e.message, "error", " ", el("button", { type: "button", id: "btn-takeover", class: "small",
    text: "Ambil alih loket", onclick: (ev) => on.takeOver(counterId, e.body.held_by || {}, ev.currentTarget) }));
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
function badge(text, cls) { return el("span", { class: "badge " + cls, text }); }
const prioBadge = (t) => badge(priorityShort(t.priority), t.priority_confirmed ? "prio ok" : "prio");

function ticketBadges(t) {
  const out = [];
  if (t.priority) out.push(prioBadge(t));
  if (t.transferred && t.notes.length) {
    const n = t.notes[t.notes.length - 1];
    out.push(badge(`dari ${n.from}`, "moved"));
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
  if (st.user.role !== "staff") options.push(el("option", { value: "", text: "\u2014 hanya pantau \u2014" }));
  else if (S.counterId === null) options.push(el("option", { value: "", text: "\u2014 pilih loket \u2014" }));
  for (const c of st.counters) options.push(el("option", { value: String(c.id), text: c.name }));
  const sig = options.map((o) => o.value + ":" + o.textContent).join("|");
  if (sel.dataset.sig !== sig) { sel.replaceChildren(...options); sel.dataset.sig = sig; }
  sel.value = S.counterId === null ? "" : String(S.counterId);
  const c = counter();
  $("counter-state").textContent = c ? word(V.counter_states, c.state) : "";
  $("counter-state").className = "pill " + (c ? c.state : "");
  $("counter-state").hidden = !c;
  $("queue-services").textContent = myServices().length ? "(layanan " + myServices().join(", ") + ")" : "";
}

export function renderCurrent() {
  const t = current();
  const box = $("current");
  if (!t) {
    box.className = "current empty";
    box.replaceChildren(S.counterId === null
      ? "Pilih loket di bagian atas untuk mulai memanggil."
      : el("span", {}, "Belum ada warga dipanggil. Tekan ", el("b", { text: "Panggil berikutnya" }), "."));
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
        el("div", { class: "cur-service", text: `${t.service} \u00b7 ${svc ? svc.name : ""}` }),
        el("div", { class: "cur-status " + t.status, text: status(t.status) + (t.recalls ? ` \u00b7 dipanggil ulang ${t.recalls}\u00d7` : "") }))),
    el("div", { class: "cur-grid" },
      el("div", { class: "k", text: "NIK" }),
      el("div", { class: "v nik-line" },
        el("span", { id: "nik", class: "nik", text: nik ? nik.replace(/(\d{4})(?=\d)/g, "$1 ") : (t.nik_masked || "\u2014") }),
        nik ? el("button", { type: "button", id: "copy-nik", class: "small", onclick: () => on.copyNik(nik), text: "Salin NIK" }) : null,
        d && Number.isInteger(d.age) ? el("span", { id: "age", class: "age" + (d.age >= V.elderly_age ? " elderly" : ""),
          title: "Umur menurut tanggal lahir di NIK", text: `${d.age} th` }) : null,
        d && d.nik_region && d.nik_region.regency ? el("span", { class: "muted", text: d.nik_region.regency }) : null),
      el("div", { class: "k", text: "Waktu tunggu" }),
      el("div", { class: "v", text: duration(t.waited_seconds) + (t.issued_at ? ` (ambil tiket ${isoClock(t.issued_at)})` : "") }),
      el("div", { class: "k", text: "Prioritas" }),
      el("div", { class: "v prio-line" }, ...priorityControls(t)),
      el("div", { class: "k", text: "Back office" }),
      el("div", { class: "v bo-line", id: "bo-line" }, ...checkLine(t))),
    t.notes.length ? el("div", { class: "notes" },
      el("div", { class: "k", text: "Catatan loket sebelumnya" }),
      ...t.notes.map((n) => el("div", { class: "note-row" },
        el("b", { text: `${n.from} \u2192 ${n.to}` }), " ",
        el("span", { class: "muted", text: `${n.by || ""} ${timeText(n.at, S.state.timezone)}` }), " ",
        el("span", { text: n.note || "(tanpa catatan)" })))) : null
  ];
  box.className = "current";
  box.replaceChildren(...rows.filter(Boolean));
}

function priorityControls(t) {
  if (!t.priority) return [el("span", { class: "muted", text: "Tidak" })];
  return [
    prioBadge(t),
    t.priority_confirmed ? el("span", { class: "muted", text: "sudah dikonfirmasi" })
      : el("button", { type: "button", class: "small", text: "Konfirmasi", onclick: (e) => on.setPriority(t, t.priority, e.currentTarget) }),
    el("button", { type: "button", class: "small", text: "Hapus prioritas", onclick: (e) => on.setPriority(t, null, e.currentTarget) })
  ];
}

export const skippedHere = () => tickets().filter((t) => t.status === "skipped" && myServices().includes(t.service));

export function renderQueue() {
  const codes = myServices();
  const waiting = tickets().filter((t) => t.status === "waiting" && codes.includes(t.service));
  $("queue-count").textContent = String(waiting.length);
  const rows = waiting.map((t) => el("tr", { class: late(t) ? "late" : "", "data-number": t.number },
    el("td", { class: "num-cell", text: t.number }),
    el("td", {}, t.service, " ", el("span", { class: "svc-name", text: (serviceOf(t.service) || {}).name || "" })),
    el("td", {}, ...ticketBadges(t)),
    el("td", { class: "num", text: duration(since(t.issued_at)) }),
    el("td", { class: "row-act" }, el("button", { type: "button", class: "small call-chosen", title: "Panggil nomor ini di luar urutan (dengan alasan)",
      text: "Panggil", onclick: () => on.callChosen(t) }))));
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "5", class: "muted", text: S.counterId === null ? "Pilih loket." : "Tidak ada yang menunggu." })));
  $("queue").replaceChildren(...rows);
  const skipped = skippedHere();
  $("skipped-count").textContent = String(skipped.length);
  $("skipped").replaceChildren(...(skipped.length ? skipped.map((t) =>
    el("button", { type: "button", class: "chip", title: "Kembalikan ke antrean", text: t.number,
      onclick: (e) => on.restore(t, e.currentTarget) })) : [el("span", { class: "muted", text: "Tidak ada." })]));
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
      el("td", { text: c.name }), el("td", { text: word(V.counter_states, c.state) }),
      el("td", { text: t ? `${t.number} (${status(t.status)})` : "\u2014" }), el("td", { text: svcNames(c.id) }));
  }));
  const waitingBy = {};
  for (const t of tickets()) if (t.status === "waiting") (waitingBy[t.service] = waitingBy[t.service] || []).push(t);
  $("ov-services").replaceChildren(...st.services.map((s) => {
    const list = waitingBy[s.code] || [];
    const longest = list.reduce((m, t) => Math.max(m, since(t.issued_at)), 0);
    return el("tr", { class: longest > s.standard_minutes * 60 ? "late" : "" },
      el("td", { text: `${s.code} \u00b7 ${s.name}` }), el("td", { class: "num", text: String(list.length) }),
      el("td", { class: "num", text: list.length ? duration(longest) : "\u2014" }),
      el("td", { class: "num", text: `${s.standard_minutes} mnt` }));
  }));
  const lateOnes = tickets().filter(late).sort((a, b) => since(b.issued_at) - since(a.issued_at));
  $("ov-late").replaceChildren(...(lateOnes.length ? lateOnes.map((t) => el("span", { class: "chip late" },
    el("b", { text: t.number }), ` ${duration(since(t.issued_at))}`)) : [el("span", { class: "muted", text: "Tidak ada." })]));
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
  $("btn-pause").querySelector(".label").textContent = c && c.state === "paused" ? "Buka lagi" : word(V.counter_states, "paused");
}

// Raised to the clerks because they see the lobby: "the kiosk is not printing" is worth a glance.
function renderDeviceAlerts() {
  const list = ((S.state && S.state.device_alerts) || []).filter((a) => RAISED_ALERTS.includes(a.alert));
  const box = $("device-alerts");
  box.hidden = !list.length;
  if (!list.length) { box.replaceChildren(); return; }
  const what = (a) => { const w = word(V.device_alerts, a.alert); return w.charAt(0).toLowerCase() + w.slice(1); };
  box.replaceChildren(el("span", { text: "\u26a0 Perangkat:" }),
    ...list.map((a) => el("span", { class: "dev-alert" + (a.alert === "offline" || a.alert === "printer_paper_out" ? " bad" : ""),
      "data-device": String(a.id), text: `${word(V.device_kinds, a.kind)} \u201c${a.name}\u201d ${what(a)}` })),
    el("span", { class: "dev-hint", text: "Beri tahu teknisi / admin." }));
}

export function renderClock() { $("clock").textContent = timeText(nowServer(), S.state.timezone); }

export function renderAll() {
  if (!S.state) return;
  renderHeader(); renderCurrent(); renderQueue(); renderOverview(); renderButtons(); renderDeviceAlerts(); renderClock();
  renderLate(); renderBackOffice();
}
