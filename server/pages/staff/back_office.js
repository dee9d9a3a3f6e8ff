/* The back office checks while the front office talks (Pariaman steps 4-5). The front office asks
   from the citizen's card; every staff page lists the open checks; the back office takes one and
   sends its result; both see each step at once (back_office.check events). */
import V from "/pages/vocabulary.js";
import { $, el, api, isoClock } from "/pages/common.js";
import { t as tr, w } from "/pages/staff/texts.js";
import { S, tickets, checkOf, putCheck } from "/pages/staff/model.js";
import { act } from "/pages/staff/actions.js";
import { letterButton } from "/pages/staff/letter.js";

const who = (actor) => (actor || "").replace(/^user:/, "");
const stateText = (c) => w(V.back_office_states, c.state);
const numberOf = (id) => { const t = tickets().find((x) => x.id === id); return t ? t.number : null; };

async function step(ticketId, action, text, button, okText) {
  const r = await act(button, () => api("POST", `/api/tickets/${ticketId}/back-office/${action}`, text === undefined ? {} : { text }), okText);
  if (r) { putCheck(r); renderBackOffice(); }
  return r;
}

export function requestCheck(t, button) {
  return step(t.id, "request", undefined, button, tr("bo_requested", { number: t.number }));
}

/* The line on the citizen's card at the front office: the check's state, or the button to ask. */
export function checkLine(t) {
  const c = checkOf(t.id);
  const ask = el("button", { type: "button", class: "small", id: "bo-request", text: c ? tr("bo_ask_again") : tr("bo_ask"),
    onclick: (e) => requestCheck(t, e.currentTarget) });
  if (!c) return [el("span", { class: "muted", text: tr("bo_not_asked") }), " ", ask];
  const parts = [el("span", { class: "bo-state " + c.state, id: "bo-state", text: stateText(c) })];
  if (c.state === "in_progress" && c.taken_by) parts.push(el("span", { class: "muted", text: tr("bo_by", { name: who(c.taken_by) }) }));
  if (c.state === "done") parts.push(el("b", { class: "bo-result", id: "bo-result-text", text: ` ${c.result}` }), " ", ask, " ", letterButton(t, c));
  return parts;
}

function openAnswer(c) {
  $("bo-number").textContent = numberOf(c.ticket_id) || "";
  $("bo-what").textContent = tr("bo_asked_by", { what: c.what, name: who(c.requested_by), time: isoClock(c.requested_at) || "" });
  $("bo-result").value = "";
  $("bo-message").hidden = true;
  $("bo-form").dataset.ticket = String(c.ticket_id);
  $("bo-dialog").showModal();
  $("bo-result").focus();
}

$("bo-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const text = $("bo-result").value.trim();
  if (!text) { $("bo-message").textContent = tr("bo_write_result"); $("bo-message").hidden = false; return; }
  const id = +$("bo-form").dataset.ticket;
  const r = await step(id, "answer", text, $("bo-ok"), tr("bo_sent", { number: numberOf(id) || "" }));
  if (r) $("bo-dialog").close();
});
$("bo-cancel").addEventListener("click", () => $("bo-dialog").close());

/* The open checks, for every desk: who asked, what, and the back office's buttons. */
export function renderBackOffice() {
  if (!S.state) return;
  const open = (S.state.back_office_checks || []).filter((c) => c.state !== "done" && numberOf(c.ticket_id));
  $("bo-panel").hidden = !open.length;
  $("bo-count").textContent = String(open.length);
  $("bo-list").replaceChildren(...open.map((c) => el("div", { class: "bo-item " + c.state, "data-number": numberOf(c.ticket_id) },
    el("b", { class: "bo-num", text: numberOf(c.ticket_id) }),
    el("span", { class: "bo-what", text: c.what }),
    el("span", { class: "muted", text: tr("from", { name: who(c.requested_by) }) }),
    el("span", { class: "bo-state " + c.state, text: stateText(c) + (c.taken_by ? ` \u00b7 ${who(c.taken_by)}` : "") }),
    c.state === "requested" ? el("button", { type: "button", class: "small bo-take", text: tr("bo_take"),
      onclick: (e) => step(c.ticket_id, "take", undefined, e.currentTarget, tr("bo_taken", { number: numberOf(c.ticket_id) })) }) : null,
    el("button", { type: "button", class: "small primary bo-answer", text: tr("bo_send"), onclick: () => openAnswer(c) }))));
}
