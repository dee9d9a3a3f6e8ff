/* F4 "Selesai": how the visit ended, from the office's list (POST /api/tickets/{id}/finish), and a
   referral slip to print when the outcome sends the citizen elsewhere. An office without a list
   finishes as before. */
import { $, el, api, dateText, timeText } from "/pages/common.js";
import { t as tr, svcLabel } from "/pages/staff/texts.js";
import { S, current, counter, serviceOf, nowServer } from "/pages/staff/model.js";
import { act } from "/pages/staff/actions.js";
import { printSlip } from "/pages/staff/slip.js";

const list = () => (S.state && S.state.outcomes) || [];
const label = (o) => (tr.lang === "en" && o.label_en) || o.label;
const chosen = () => {
  const i = document.querySelector("#finish-outcomes input:checked");
  return i ? list().find((o) => o.code === i.value) : null;
};

function sync() {
  const o = chosen();
  $("finish-refer").hidden = !(o && o.referral_to);
  $("finish-message").hidden = true;
}

/* Returns false when the office keeps no list: the caller finishes the plain way. */
export function openFinish() {
  const t = current();
  if (!t) return true;
  if (!list().length) return false;
  $("finish-number").textContent = t.number;
  $("finish-outcomes").replaceChildren(...list().map((o) => el("label", { class: "choice" },
    el("input", { type: "radio", name: "outcome", value: o.code, onchange: sync }), " ", label(o),
    o.referral_to ? el("span", { class: "muted small-text", text: tr("referral_tag") }) : null)));
  $("finish-note").value = "";
  sync();
  $("finish-dialog").dataset.ticket = String(t.id);
  $("finish-dialog").showModal();
  return true;
}

async function finish(withSlip) {
  const o = chosen();
  if (!o) {
    $("finish-message").textContent = tr("pick_outcome");
    $("finish-message").hidden = false;
    return;
  }
  const t = current();
  if (!t || String(t.id) !== $("finish-dialog").dataset.ticket) { $("finish-dialog").close(); return; }
  const c = counter();
  const r = await act(withSlip ? $("finish-refer") : $("finish-ok"), () => api("POST", `/api/tickets/${t.id}/finish`,
    { counter_id: S.counterId, outcome: o.code, note: $("finish-note").value }), tr("finished_as", { number: t.number, label: label(o) }));
  if (!r) return;
  $("finish-dialog").close();
  if (withSlip) printSlip(referralSlip(t, r, c));
}

/* The referral slip: no full NIK (only the masked one the lists show). */
export function referralSlip(t, answer, c) {
  const o = answer.outcome;
  const now = nowServer();
  const svc = serviceOf(t.service) || {};
  const rows = [
    [tr("queue_number"), t.number], [tr("col_service"), `${t.service} \u00b7 ${svcLabel(svc)}`],
    [tr("nik"), t.nik_masked || "\u2014"], [tr("outcome"), label(o)], o.note ? [tr("note"), o.note] : null,
    [tr("clerk"), `${S.state.user.username}${c ? " \u00b7 " + c.name : ""}`]
  ].filter(Boolean);
  return el("div", { class: "slip referral", id: "referral-slip" },
    el("div", { class: "slip-office", text: (S.state.office && S.state.office.name) || "" }),
    el("div", { class: "slip-label slip-title", text: tr("referral_title") }),
    el("div", { class: "slip-label", text: `${dateText(now, S.state.timezone, tr.lang)} \u00b7 ${timeText(now, S.state.timezone)}` }),
    el("div", { class: "slip-label", text: tr("referral_greeting") }),
    el("div", { class: "refer-to", text: o.referral_to }),
    el("dl", { class: "slip-rows" }, ...rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })])),
    el("div", { class: "slip-hint", text: tr("referral_bring") }));
}

$("finish-form").addEventListener("submit", (e) => { e.preventDefault(); finish(false); });
$("finish-refer").addEventListener("click", () => finish(true));
$("finish-cancel").addEventListener("click", () => $("finish-dialog").close());
