/* A number for a citizen at the front desk (POST /api/staff/tickets): the kiosk's own sequence and
   rules, the NIK optional only where the service allows it. The number and a QR to the phone status
   page are shown large enough to turn the screen to the citizen, and print as a slip. */
import V from "/pages/vocabulary.js";
import { $, el, api, isoClock } from "/pages/common.js";
import { S, serviceOf } from "/pages/staff/model.js";
import { authLost } from "/pages/staff/actions.js";
import { printSlip } from "/pages/staff/slip.js";

const picked = () => { const i = document.querySelector("#assist-services input:checked"); return i ? i.value : null; };

function syncNikHint() {
  const s = serviceOf(picked());
  $("assist-nik-hint").textContent = s && s.nik_optional
    ? "(boleh kosong untuk layanan ini)" : "(wajib untuk layanan ini)";
}

function open() {
  if (!S.state) return;
  const services = S.state.services;
  $("assist-services").replaceChildren(...services.map((s, i) => el("label", { class: "choice" + (s.available ? "" : " unavailable") },
    el("input", { type: "radio", name: "assist-service", value: s.code, checked: i === 0, onchange: syncNikHint }),
    " ", el("b", { text: s.code }), ` \u00b7 ${s.name}`,
    s.nik_optional ? el("span", { class: "muted small-text", text: " \u00b7 NIK boleh kosong" }) : null,
    s.available ? null : el("span", { class: "muted small-text", text: " \u00b7 tutup" }))));
  $("assist-priority").replaceChildren(el("option", { value: "", text: "Tidak" }),
    ...Object.entries(V.priority_categories).map(([k, v]) => el("option", { value: k, text: v.long[0] })));
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
  if (!service) return fail("Pilih layanan.");
  const body = { service, nik: $("assist-nik").value.trim() || null, priority: $("assist-priority").value || null };
  let t;
  S.busy = true;
  $("assist-ok").disabled = true;
  try {
    t = await api("POST", "/api/staff/tickets", body);
  } catch (err) {
    if (!authLost(err)) fail(err.code === "invalid_nik" ? "NIK tidak valid: periksa kembali 16 angka pada KTP." : err.message);
    return;
  } finally {
    S.busy = false;
    $("assist-ok").disabled = false;
  }
  $("assist-dialog").close();
  showSlip(t);
});

/* The slip as the citizen sees it on the turned screen, and as it prints. */
function showSlip(t) {
  const svc = t.service || {};
  const office = (S.state.office && S.state.office.name) || "";
  $("slip").replaceChildren(...[
    el("div", { class: "slip-office", text: office }),
    el("div", { class: "slip-label", text: "Nomor antrean Anda" }),
    el("div", { class: "slip-number", id: "slip-number", text: t.number }),
    el("div", { class: "slip-service", text: `${svc.code} \u00b7 ${svc.name || ""}` }),
    t.existing ? el("p", { class: "message ok", text: "Warga ini sudah memegang nomor ini untuk layanan yang sama." }) : null,
    el("img", { class: "slip-qr", id: "slip-qr", src: t.qr_url, alt: "Kode QR status antrean" }),
    el("div", { class: "slip-hint", text: "Pindai dengan HP untuk melihat giliran Anda." }),
    el("div", { class: "slip-url", text: t.status_url }),
    el("div", { class: "slip-meta", text: `${t.ahead ?? 0} orang di depan Anda \u00b7 diambil ${isoClock(t.issued_at) || ""}` })
  ].filter(Boolean));
  $("slip-dialog").showModal();
}

$("slip-print").addEventListener("click", () => printSlip($("slip")));
$("slip-close").addEventListener("click", () => $("slip-dialog").close());
$("assist-cancel").addEventListener("click", () => $("assist-dialog").close());
$("btn-assist").addEventListener("click", open);
