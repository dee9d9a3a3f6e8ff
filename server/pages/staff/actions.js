/* What the clerk does: one API call per action, its answer applied to the model as the server
   gave it (the events that follow confirm it). Function keys and the QR scanner live here too. */
import V from "/pages/vocabulary.js";
import { $, el, api, isoClock } from "/pages/common.js";
import { t as tr, w, prioShort, dur, svcLabel } from "/pages/staff/texts.js";
import { serverText } from "/pages/account_language.js";
import { S, current, counter, counterById, putTicket, putCounter } from "/pages/staff/model.js";
import { openFinish } from "/pages/staff/finish.js";
import { say, quiet, sayHeld, renderAll, renderCurrent, renderButtons, skippedHere } from "/pages/staff/render.js";

export function authLost(e) {
  if (e && e.status === 401) { location.replace("/login?next=/staff"); return true; }
  return false;
}

/* The answer to our own action is the ticket (or counter) as it is now: show it before the event
   arrives, and even if the connection drops right after. Nothing else is guessed. */
function applyAnswer(result) {
  if (!result || !S.state) return;
  if (result.id && result.number) putTicket(result);
  else if (result.id && result.state) putCounter(result);
  renderAll();
}

/* Run one request with every action button disabled: no double calls, no crossed actions.
   The server's answer (null for "204 nothing to do"), or false when it was refused or failed. */
export async function act(button, request, okText) {
  if (S.busy) return false;
  S.busy = true;
  const counterId = S.counterId;
  renderButtons();
  if (button) { button.disabled = true; button.classList.add("running"); }
  try {
    const result = await request();
    applyAnswer(result);
    if (okText) say(typeof okText === "function" ? okText(result) : okText, "ok");
    else quiet();
    return result;
  } catch (e) {
    if (authLost(e)) return false;
    if (e.code === "counter_held") sayHeld(e, counterId);
    else say(serverText(e, tr.lang));
    return false;
  } finally {
    S.busy = false;
    if (button) { button.disabled = false; button.classList.remove("running"); }
    renderButtons();
    runPendingKey();
  }
}

/* A key pressed while an action is still running is pressed again when it ends: the action's
   event often arrives before its answer, and a clerk who sees the called citizen and presses F3
   (or sees the skipped one and presses F9) at once must not be ignored. Only the key of the running
   action itself is dropped: a double press of F1 is one call. Dialog keys (F8, F9) are always kept. */
const DIALOG_KEYS = new Set(["F8", "F9"]);
let runningKey = null;
let pendingKey = null;
function press(key) {
  runningKey = key;
  KEYS[key]();
}
function runPendingKey() {
  const key = pendingKey;
  pendingKey = null;
  const btn = key && document.querySelector(`.act[data-key="${key}"]`);
  if (key && !document.querySelector("dialog[open]") && !(btn && btn.disabled)) press(key);
}

const body = () => ({ counter_id: S.counterId });
function ticketAction(action, okText) {
  const t = current();
  if (!t) return;
  act($("btn-" + action), () => api("POST", `/api/tickets/${t.id}/${action}`, body()), okText);
}

function callNext() {
  if (S.counterId === null) return say(tr("choose_counter_first"));
  return act($("btn-next"), () => api("POST", `/api/counters/${S.counterId}/call-next`),
    (r) => (r ? tr("called", { number: r.number }) : tr("nobody_to_call")));
}

export function setPriority(t, priority, button) {
  return act(button, () => api("POST", `/api/tickets/${t.id}/priority`, { priority }));
}

export function restore(t, button) {
  return act(button, () => api("POST", `/api/tickets/${t.id}/restore`, {}), tr("back_in_queue", { number: t.number }))
    .then((r) => { if (r && $("restore-dialog").open) openRestore(); return r; });
}

function openRestore() {
  const skipped = skippedHere();
  $("restore-list").replaceChildren(...(skipped.length ? skipped.map((t) => el("button", {
    type: "button", class: "choice", text: `${t.number} \u00b7 ${w(V.ticket_statuses, "skipped")}`,
    onclick: (e) => restore(t, e.currentTarget) })) : [el("p", { class: "muted", text: tr("nothing_skipped") })]));
  if (!$("restore-dialog").open) $("restore-dialog").showModal();
}

/* A chosen ticket out of turn: the reason is required (the server refuses without one, and
   keeps it in the audit log); the lobby sees an ordinary call. */
export function callChosen(t) {
  if (S.counterId === null) return say(tr("choose_counter_first"));
  $("call-number").textContent = t.number;
  $("call-reason").value = "";
  $("call-message").hidden = true;
  $("call-form").dataset.ticket = String(t.id);
  $("call-form").dataset.number = t.number;
  $("call-dialog").showModal();
  $("call-reason").focus();
}

$("call-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const id = +$("call-form").dataset.ticket;
  const number = $("call-form").dataset.number;
  const reason = $("call-reason").value.trim();
  if (reason.length < 3) {
    $("call-message").textContent = tr("call_write_reason");
    $("call-message").hidden = false;
    return;
  }
  const r = await act($("call-ok"), () => api("POST", `/api/tickets/${id}/call`, { counter_id: S.counterId, reason }),
    tr("called", { number }));
  if (r) $("call-dialog").close();
});
$("call-cancel").addEventListener("click", () => $("call-dialog").close());

function openTransfer() {
  const t = current();
  if (!t) return;
  $("transfer-number").textContent = t.number;
  $("transfer-note").value = "";
  const choices = S.state.services.filter((s) => s.code !== t.service).map((s, i) =>
    el("label", { class: "choice" },
      el("input", { type: "radio", name: "service", value: s.code, checked: i === 0 }), ` ${s.code} \u00b7 ${svcLabel(s)}`));
  $("transfer-services").replaceChildren(...choices);
  $("transfer-dialog").showModal();
}

$("transfer-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const t = current();
  const picked = document.querySelector("#transfer-services input:checked");
  if (!t || !picked) return;
  const r = await act($("transfer-ok"), () => api("POST", `/api/tickets/${t.id}/transfer`,
    { service: picked.value, note: $("transfer-note").value, counter_id: S.counterId }),
  tr("transferred", { number: t.number, service: picked.value }));
  if (r) $("transfer-dialog").close();
});
$("transfer-cancel").addEventListener("click", () => $("transfer-dialog").close());
$("restore-close").addEventListener("click", () => $("restore-dialog").close());
$("td-close").addEventListener("click", () => $("ticket-dialog").close());

function togglePause() {
  const c = counter();
  if (!c) return;
  const verb = c.state === "paused" ? "open" : "pause";
  act($("btn-pause"), () => api("POST", `/api/counters/${c.id}/${verb}`),
    verb === "pause" ? tr("paused") : tr("reopened"));
}

/* Ask, then take the counter over (the server audits it). The refused action is not repeated:
   the clerk looks at the counter first and acts again. */
export function takeOver(counterId, heldBy, button) {
  const c = counterById(counterId);
  const name = c ? c.name : tr("counter");
  const who = heldBy.name || heldBy.username || tr("someone_else");
  $("takeover-title").textContent = tr("takeover_q", { name });
  $("takeover-explain").textContent = tr("takeover_explain", { name, who });
  const d = $("takeover-dialog");
  $("takeover-no").onclick = () => d.close();
  $("takeover-yes").onclick = async () => {
    d.close();
    // The counter.taken_over event that follows brings the new holder into the snapshot.
    await act(button, () => api("POST", `/api/counters/${counterId}/take-over`), tr("now_yours", { name }));
  };
  d.showModal();
}

export async function copyNik(nik) {
  let ok = false;
  try {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(nik); ok = true; }
  } catch (e) { ok = false; }
  if (!ok) {
    // Plain http on an office network is not a "secure context": the old way still works there.
    const ta = el("textarea", { class: "offscreen" });
    ta.value = nik;
    document.body.append(ta);
    ta.select();
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    ta.remove();
  }
  const b = $("copy-nik");
  if (b) { b.textContent = ok ? tr("copied") : tr("copy_failed"); setTimeout(() => { if ($("copy-nik")) $("copy-nik").textContent = tr("copy_nik"); }, 2000); }
  S.copied = ok ? nik.length : 0;
}

/* The full NIK of the citizen at the counter (an audited look), once per ticket. */
export async function wantDetail(id) {
  if (S.detailLoading === id) return;
  S.detailLoading = id;
  try {
    const d = await api("GET", `/api/staff/tickets/${id}`);
    if (current() && current().id === id) { S.detail = d; renderCurrent(); }
  } catch (e) {
    authLost(e);
  } finally {
    if (S.detailLoading === id) S.detailLoading = null;
  }
}

// ---------- scanned or typed ticket ----------
async function openTicket(q) {
  q = q.trim();
  if (!q) return;
  let t;
  try {
    t = await api("GET", `/api/staff/lookup?q=${encodeURIComponent(q)}`);
  } catch (e) {
    if (!authLost(e)) say(e.code === "unknown_ticket" ? tr("not_found_today", { q: q.slice(0, 40) }) : serverText(e, tr.lang));
    return;
  }
  $("td-number").textContent = t.number;
  const facts = [
    [tr("col_service"), t.service], [tr("col_state"), w(V.ticket_statuses, t.status)], [tr("col_counter"), t.counter || "\u2014"],
    [tr("nik"), t.nik_masked || "\u2014"], [tr("priority"), t.priority ? prioShort(t.priority) : tr("no")],
    [tr("took_ticket"), isoClock(t.issued_at) || "\u2014"], [tr("col_waiting"), dur(t.waited_seconds)]
  ];
  $("td-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
  $("td-notes").replaceChildren(...t.notes.map((n) => el("p", { class: "note-row" },
    el("b", { text: `${n.from} \u2192 ${n.to}: ` }), n.note || tr("no_note"))));
  $("td-message").hidden = true;
  const rb = $("td-restore");
  rb.hidden = t.status !== "skipped";
  rb.onclick = async () => {
    try {
      applyAnswer(await api("POST", `/api/tickets/${t.id}/restore`, {}));
      $("ticket-dialog").close();
      say(tr("back_in_queue", { number: t.number }), "ok");
    } catch (e) {
      $("td-message").textContent = serverText(e, tr.lang);
      $("td-message").hidden = false;
    }
  };
  if (!$("ticket-dialog").open) $("ticket-dialog").showModal();
}

$("find").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = $("find-input").value;
  $("find-input").value = "";
  openTicket(q);
});

// ---------- keyboard ----------
const KEYS = {
  F1: callNext,
  F2: () => ticketAction("recall", () => tr("recalled_ok")),
  F3: () => ticketAction("start"),
  F4: () => { if (!openFinish()) ticketAction("done", () => tr("done_ok")); },
  F7: () => ticketAction("skip", () => tr("skipped_ok")),
  F8: openTransfer,
  F9: openRestore,
  F10: togglePause
};
for (const b of document.querySelectorAll(".act")) {
  const label = b.textContent;
  b.replaceChildren(el("kbd", { text: b.dataset.key }), el("span", { class: "label", "data-i18n": b.dataset.label, text: label }));
  b.addEventListener("click", () => press(b.dataset.key));
}

// A keyboard-wedge scanner "types" the QR's URL very fast and presses Enter.
// Outside text fields we collect such bursts; a person typing is much slower.
let scan = "";
let lastKey = 0;
let slow = 0;
document.addEventListener("keydown", (e) => {
  const anyDialog = document.querySelector("dialog[open]");
  if (KEYS[e.key] && !e.ctrlKey && !e.altKey && !e.metaKey) {
    e.preventDefault();
    const btn = document.querySelector(`.act[data-key="${e.key}"]`);
    if (anyDialog) return;
    if (S.busy) { if (DIALOG_KEYS.has(e.key) || e.key !== runningKey) pendingKey = e.key; }
    else if (!(btn && btn.disabled)) press(e.key);
    return;
  }
  const tag = (e.target && e.target.tagName) || "";
  if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || anyDialog) return;
  const now = performance.now();
  if (now - lastKey > 300) { scan = ""; slow = 0; }
  else if (now - lastKey > 60) slow += 1;
  lastKey = now;
  if (e.key === "Enter") {
    if (scan.length >= 4 && slow <= 1) { e.preventDefault(); openTicket(scan); }
    scan = "";
    return;
  }
  if (e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey) scan = (scan + e.key).slice(-300);
});
