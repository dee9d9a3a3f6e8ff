/* Admin tab "Perangkat": kiosks and TVs, pairing codes, who is online, printers and their paper.
   In the account's language (texts.js); printer states and device kinds are the vocabulary's words. */
import V from "/pages/vocabulary.js";
import { $, el, api, ApiError, timeText, RAISED_ALERTS } from "/pages/common.js";
import { S, toast, failed, authLost, clearErrors, showErrors, busy, confirmBox, setOffline } from "/pages/admin/ui.js";
import { displaySettings, loadZones } from "/pages/admin/zones.js";
import { t, w } from "/pages/admin/texts.js";
import { addSurveyButton, pairingSteps, surveyTabletSettings } from "/pages/admin/survey-tablets.js";

const ZONES_EVERY_MS = 60000;  // zones change rarely; the device list every few seconds

// How loud each printer state is drawn; its words come from the vocabulary. Out of paper is the
// one a technician must act on at once, so it is also written in capitals.
const PRINTER_LOOK = { ok: "good", paper_low: "warn", paper_out: "bad", offline: "bad", error: "bad",
  unknown: "muted", none: "muted" };
const SHOUT = ["paper_out"];

/* "5 detik yang lalu" / "5 seconds ago": the browser's own relative-time words (Intl), in the
   largest whole unit, so a technician reads at a glance how long a device has been silent. */
function ago(seconds) {
  if (seconds === null || seconds === undefined) return t("dev_never");
  const s = Math.max(0, Math.round(seconds));
  const rtf = new Intl.RelativeTimeFormat(t.lang, { numeric: "always" });
  if (s < 60) return rtf.format(-s, "second");
  if (s < 3600) return rtf.format(-Math.floor(s / 60), "minute");
  if (s < 86400) return rtf.format(-Math.floor(s / 3600), "hour");
  return rtf.format(-Math.floor(s / 86400), "day");
}

function deviceStatus(d) {
  if (d.revoked) return [w(V.device_alerts, "revoked"), "revoked"];
  if (!d.paired) return [t(d.pairing_pending ? "dev_pairing_pending" : "dev_not_paired"), "pending"];
  if (d.last_seen === null) return [t("dev_never_reported"), "warn"];
  return d.online ? [t("dev_online"), "online"] : [t("dev_offline"), "offline"];
}
const isRed = (d) => !d.revoked && RAISED_ALERTS.includes(d.alert);

export async function loadDevices() {
  let r;
  try {
    r = await api("GET", "/api/admin/devices");
  } catch (e) { if (!authLost(e)) setOffline(true); return; }
  if (S.tab === "devices" && (!S.zonesAt || Date.now() - S.zonesAt > ZONES_EVERY_MS || S.zonesLang !== t.lang)) {
    S.zonesAt = Date.now();
    await loadZones();
    S.devSig = "";
  }
  S.devices = r.devices;
  S.offlineAfter = r.offline_after_seconds;
  S.loadedAt = Date.now() / 1000;
  // Redraw only when something changed, so a button is never replaced under the mouse; a switch
  // of language is a change.
  const sig = t.lang + JSON.stringify(r.devices.map((d) => { const { seconds_since_seen, ...rest } = d; return rest; }));
  if (sig !== S.devSig) { S.devSig = sig; renderDevices(); }
  tickDevices();
}

function printerCell(d) {
  if (d.kind !== "kiosk") return el("td", { class: "muted", text: "\u2014" });
  const p = (d.health && d.health.printer) || {};
  const state = p.state in PRINTER_LOOK ? p.state : "unknown";
  const label = w(V.printer_states, state);
  return el("td", { class: "printer " + PRINTER_LOOK[state] },
    el("span", { class: "printer-state", text: d.last_seen === null ? "\u2014" : (SHOUT.includes(state) ? label.toUpperCase() : label) }),
    p.detail ? el("div", { class: "muted small-text", text: p.detail }) : null,
    offlineLines(d.health && d.health.offline));
}

/* A kiosk that issued numbers without the server (its leased reserve): how many, and how many wait. */
function offlineLines(o) {
  if (!o || !(o.issued_offline || o.pending)) return null;
  return el("div", { class: "offline-report" + (o.pending ? " bad" : "") },
    el("div", { class: "small-text", text: t("dev_offline_issued", { n: o.issued_offline || 0 }) }),
    o.pending ? el("div", { class: "small-text strong", text: t("dev_offline_pending", { n: o.pending }) }) : null,
    o.last_sync ? el("div", { class: "muted small-text", text: t("dev_offline_synced", { time: timeText(o.last_sync, S.tz) }) }) : null);
}

function renderDevices() {
  addSurveyButton(openDeviceDialog);
  const list = S.devices.slice().sort((a, b) => (a.revoked - b.revoked) || (isRed(b) - isRed(a)));
  const red = S.devices.filter(isRed);
  $("tab-alerts").textContent = String(red.length);
  $("tab-alerts").hidden = !red.length;
  const online = S.devices.filter((d) => !d.revoked && d.online).length;
  const active = S.devices.filter((d) => !d.revoked).length;
  $("dev-summary").replaceChildren(
    el("span", { class: "sum online", text: t("dev_online_count", { online, active, n: active }) }),
    red.length ? el("span", { class: "sum bad", text: t("dev_to_check", { n: red.length }) })
      : el("span", { class: "sum ok", text: t("dev_all_well") }));
  $("dev-note").textContent = t("dev_note", { seconds: Math.round(S.offlineAfter) });
  $("dev-rows").replaceChildren(...list.map((d) => {
    const [label, cls] = deviceStatus(d);
    const h = d.health || {};
    return el("tr", { "data-device": String(d.id), class: (isRed(d) ? "alert " : "") + (d.revoked ? "revoked" : "") },
      el("td", {}, el("span", { class: "status " + cls, "data-status": cls }, el("i", { class: "dot" }), label)),
      el("td", {}, el("div", { class: "strong", text: d.name }),
        el("div", { class: "muted small-text", text: `${w(V.device_kinds, d.kind)} \u00b7 #${d.id}` }),
        d.kind === "survey" ? surveyTabletSettings(d, loadDevices) : displaySettings(d, loadDevices)),
      el("td", { class: "seen", "data-seen": d.seconds_since_seen === null ? "" : String(d.seconds_since_seen) }),
      printerCell(d),
      el("td", { class: "last-error" }, h.last_error ? el("div", { text: h.last_error }) : el("span", { class: "muted", text: "\u2014" }),
        h.last_error && h.last_error_at ? el("div", { class: "muted small-text", text: timeText(h.last_error_at, S.tz) }) : null),
      el("td", { class: "muted", text: h.version || "\u2014" }),
      el("td", { class: "actions-cell" },
        d.revoked ? null : el("button", { type: "button", class: "small", text: t(d.paired ? "dev_repair" : "dev_new_code"),
          title: t("dev_new_code_title"), onclick: () => newCode(d) }),
        d.revoked ? null : el("button", { type: "button", class: "small danger-outline", text: t("dev_revoke"),
          onclick: () => revoke(d) })));
  }));
  if (!list.length) $("dev-rows").append(el("tr", {}, el("td", { colspan: "7", class: "muted", text: t("dev_none") })));
}

/* Last-seen texts move on every second without redrawing the table. */
export function tickDevices() {
  const elapsed = Date.now() / 1000 - S.loadedAt;
  for (const td of document.querySelectorAll("#dev-rows td.seen")) {
    const base = td.dataset.seen;
    td.textContent = base === "" ? t("dev_never") : ago(+base + elapsed);
  }
}

/* A device.health event: show it at once; the reload right after fills in last seen, printer
   detail and errors. */
export function applyDeviceHealth(info) {
  const d = info && S.devices.find((x) => x.id === info.id);
  if (!d || info.alert === "revoked") return;
  d.alert = info.alert;
  if ("online" in info) d.online = info.online;
  S.devSig = "";
  renderDevices();
  tickDevices();
}

function openDeviceDialog(kind) {
  const f = $("dev-form");
  clearErrors(f);
  f.dataset.kind = kind;
  $("dev-title").textContent = kind === "survey" ? t("sv_add_title")
    : t(kind === "kiosk" ? "dev_add_kiosk_title" : "dev_add_display_title");
  $("dv-name").value = "";
  $("dv-name").placeholder = kind === "survey" ? t("sv_name_hint")
    : t(kind === "kiosk" ? "dv_name_hint" : "dv_name_hint_display");
  $("dev-dialog").showModal();
  $("dv-name").focus();
}
$("dev-add-kiosk").addEventListener("click", () => openDeviceDialog("kiosk"));
$("dev-add-display").addEventListener("click", () => openDeviceDialog("display"));

$("dev-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = $("dev-form");
  const name = $("dv-name").value.trim();
  if (!name) return showErrors(f, new ApiError(422, { message: t("dv_name_fix"),
    errors: [{ field: "name", message: t("dv_name_required") }] }));
  busy($("dev-save"), true);
  try {
    const r = await api("POST", "/api/admin/devices", { kind: f.dataset.kind, name });
    $("dev-dialog").close();
    showCode({ id: r.id, name, kind: f.dataset.kind }, r);
    loadDevices();
  } catch (err) {
    showErrors(f, err);
  } finally { busy($("dev-save"), false); }
});

function showCode(d, r) {
  S.lastCode = { id: d.id, code: r.pairing_code };
  $("code-name").textContent = d.name;
  $("code-value").textContent = r.pairing_code;
  const until = Date.now() / 1000 + r.expires_in_minutes * 60;
  $("code-expiry").textContent = t("code_expiry", { minutes: Math.round(r.expires_in_minutes), time: timeText(until, S.tz) });
  $("code-qr").src = `/api/admin/devices/${d.id}/pairing-qr.png?code=${encodeURIComponent(r.pairing_code)}`;
  const steps = d.kind === "survey" ? pairingSteps(r) : d.kind === "kiosk"
    ? [t("code_kiosk_1"), t("code_kiosk_2"), t("code_kiosk_3")]
    : [t("code_display_1", { address: r.pair_url.split("?")[0] }), t("code_display_2"), t("code_display_3")];
  $("code-steps").replaceChildren(...steps.map((s) => el("li", { text: s })));
  $("code-dialog").showModal();
}
$("code-close").addEventListener("click", () => { $("code-dialog").close(); $("code-value").textContent = ""; });

async function newCode(d) {
  if (d.paired && !await confirmBox(t("repair_q", { name: d.name }), t("repair_explain"), t("repair_yes"))) return;
  try {
    const r = await api("POST", `/api/admin/devices/${d.id}/pairing-code`);
    showCode(d, r);
    loadDevices();
  } catch (e) { failed(e); }
}

async function revoke(d) {
  if (!await confirmBox(t("revoke_q", { name: d.name }), d.kind === "survey" ? t("sv_revoke")
    : t(d.kind === "kiosk" ? "revoke_kiosk" : "revoke_display"),
    t("revoke_yes"))) return;
  try {
    await api("POST", `/api/admin/devices/${d.id}/revoke`);
    toast(t("dev_revoked", { name: d.name }));
  } catch (e) { failed(e); }
  loadDevices();
}
