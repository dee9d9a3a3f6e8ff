/* A number for a citizen at the front desk (POST /api/staff/tickets): the kiosk's own sequence and
   rules, the NIK optional only where the service allows it. The number and a QR to the phone status
   page are shown large enough to turn the screen to the citizen, and print as a slip. */
import V from "/pages/vocabulary.js";
import { $, el, api, isoClock } from "/pages/common.js";
import { t, prioLong, svcLabel } from "/pages/staff/texts.js";
import { serverText } from "/pages/account_language.js";
import { S, serviceOf } from "/pages/staff/model.js";
import { authLost } from "/pages/staff/actions.js";
import { printSlip } from "/pages/staff/slip.js";

const picked = () => { const i = document.querySelector("#assist-services input:checked"); return i ? i.value : null; };

function syncNikHint() {
  const s = serviceOf(picked());
  $("assist-nik-hint").textContent = s && s.nik_optional ? t("nik_may_be_empty") : t("nik_required");
}

function open() {
  if (!S.state) return;
  const services = S.state.services;
  $("assist-services").replaceChildren(...services.map((s, i) => el("label", { class: "choice" + (s.available ? "" : " unavailable") },
    el("input", { type: "radio", name: "assist-service", value: s.code, checked: i === 0, onchange: syncNikHint }),
    " ", el("b", { text: s.code }), ` \u00b7 ${svcLabel(s)}`,
    s.nik_optional ? el("span", { class: "muted small-text", text: t("nik_optional_tag") }) : null,
    s.available ? null : el("span", { class: "muted small-text", text: t("closed_tag") }))));
  $("assist-priority").replaceChildren(el("option", { value: "", text: t("no") }),
    ...Object.keys(V.priority_categories).map((k) => el("option", { value: k, text: prioLong(k) })));
  $("assist-nik").value = "";
  $("assist-message").hidden = true;
  syncNikHint();
  $("assist-dialog").showModal();
  $("assist-nik").focus();
}

function fail(text) {
  $("assist-message").textContent = text;
  $("assist-message").hidden = false;
}

$("assist-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const service = picked();
  if (!service) return fail(t("pick_service"));
  const body = { service, nik: $("assist-nik").value.trim() || null, priority: $("assist-priority").value || null };
  let ticket;
  S.busy = true;
  $("assist-ok").disabled = true;
  try {
    ticket = await api("POST", "/api/staff/tickets", body);
  } catch (err) {
    if (!authLost(err)) fail(err.code === "invalid_nik" ? t("invalid_nik") : serverText(err, t.lang));
    return;
  } finally {
    S.busy = false;
    $("assist-ok").disabled = false;
  }
  $("assist-dialog").close();
  showSlip(ticket);
});

/* The slip as the citizen sees it on the turned screen, and as it prints. */
function showSlip(tk) {
  const svc = tk.service || {};
  const office = (S.state.office && S.state.office.name) || "";
  $("slip").replaceChildren(...[
    el("div", { class: "slip-office", text: office }),
    el("div", { class: "slip-label", text: t("slip_your_number") }),
    el("div", { class: "slip-number", id: "slip-number", text: tk.number }),
    el("div", { class: "slip-service", text: `${svc.code} \u00b7 ${svcLabel(svc)}` }),
    tk.existing ? el("p", { class: "message ok", text: t("slip_existing") }) : null,
    el("img", { class: "slip-qr", id: "slip-qr", src: tk.qr_url, alt: t("slip_qr") }),
    el("div", { class: "slip-hint", text: t("slip_hint") }),
    el("div", { class: "slip-url", text: tk.status_url }),
    el("div", { class: "slip-meta", text: t("slip_meta", { n: tk.ahead ?? 0, time: isoClock(tk.issued_at) || "" }) })
  ].filter(Boolean));
  $("slip-dialog").showModal();
}

$("slip-print").addEventListener("click", () => printSlip($("slip")));
$("slip-close").addEventListener("click", () => $("slip-dialog").close());
$("assist-cancel").addEventListener("click", () => $("assist-dialog").close());
$("btn-assist").addEventListener("click", open);
