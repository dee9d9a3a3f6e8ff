/* Admin tab "Perangkat": kiosks and TVs, pairing codes, who is online, printers and their paper. */
import V from "/pages/vocabulary.js";
import { $, el, api, ApiError, timeText, word, RAISED_ALERTS } from "/pages/common.js";
import { S, toast, failed, authLost, clearErrors, showErrors, busy, confirmBox, setOffline } from "/pages/admin/ui.js";
import { displaySettings, loadZones } from "/pages/admin/zones.js";

const ZONES_EVERY_MS = 60000;  // zones change rarely; the device list every few seconds

// How loud each printer state is drawn; its words come from the vocabulary. Out of paper is the
// one a technician must act on at once, so it is also written in capitals.
const PRINTER_LOOK = { ok: "good", paper_low: "warn", paper_out: "bad", offline: "bad", error: "bad",
  unknown: "muted", none: "muted" };
const SHOUT = ["paper_out"];

function ago(seconds) {
  if (seconds === null || seconds === undefined) return "belum pernah";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} detik lalu`;
  if (s < 3600) return `${Math.floor(s / 60)} menit lalu`;
  if (s < 86400) return `${Math.floor(s / 3600)} jam lalu`;
  return `${Math.floor(s / 86400)} hari lalu`;
}

function deviceStatus(d) {
  if (d.revoked) return ["Dicabut", "revoked"];
  if (!d.paired) return d.pairing_pending ? ["Menunggu dipasang", "pending"] : ["Belum dipasang", "pending"];
  if (d.last_seen === null) return ["Belum pernah melapor", "warn"];
  return d.online ? ["Online", "online"] : ["OFFLINE", "offline"];
}
const isRed = (d) => !d.revoked && RAISED_ALERTS.includes(d.alert);

export async function loadDevices() {
  let r;
  try {
    r = await api("GET", "/api/admin/devices");
  } catch (e) { if (!authLost(e)) setOffline(true); return; }
  if (S.tab === "devices" && (!S.zonesAt || Date.now() - S.zonesAt > ZONES_EVERY_MS)) {
    S.zonesAt = Date.now();
    await loadZones();
    S.devSig = "";
  }
  S.devices = r.devices;
  S.offlineAfter = r.offline_after_seconds;
  S.loadedAt = Date.now() / 1000;
  // Redraw only when something changed, so a button is never replaced under the mouse.
  const sig = JSON.stringify(r.devices.map((d) => { const { seconds_since_seen, ...rest } = d; return rest; }));
  if (sig !== S.devSig) { S.devSig = sig; renderDevices(); }
  tickDevices();
}

function printerCell(d) {
  if (d.kind !== "kiosk") return el("td", { class: "muted", text: "\u2014" });
  const p = (d.health && d.health.printer) || {};
  const state = p.state in PRINTER_LOOK ? p.state : "unknown";
  const label = word(V.printer_states, state);
  return el("td", { class: "printer " + PRINTER_LOOK[state] },
    el("span", { class: "printer-state", text: d.last_seen === null ? "\u2014" : (SHOUT.includes(state) ? label.toUpperCase() : label) }),
    p.detail ? el("div", { class: "muted small-text", text: p.detail }) : null);
}

function renderDevices() {
  const list = S.devices.slice().sort((a, b) => (a.revoked - b.revoked) || (isRed(b) - isRed(a)));
  const red = S.devices.filter(isRed);
  $("tab-alerts").textContent = String(red.length);
  $("tab-alerts").hidden = !red.length;
  const online = S.devices.filter((d) => !d.revoked && d.online).length;
  const active = S.devices.filter((d) => !d.revoked).length;
  $("dev-summary").replaceChildren(
    el("span", { class: "sum online", text: `${online} dari ${active} perangkat online` }),
    red.length ? el("span", { class: "sum bad", text: `${red.length} perlu diperiksa` }) : el("span", { class: "sum ok", text: "Tidak ada masalah" }));
  $("dev-note").textContent = `Perangkat yang tidak melapor lebih dari ${Math.round(S.offlineAfter)} detik ditandai OFFLINE. Daftar ini diperbarui otomatis.`;
  $("dev-rows").replaceChildren(...list.map((d) => {
    const [label, cls] = deviceStatus(d);
    const h = d.health || {};
    return el("tr", { "data-device": String(d.id), class: (isRed(d) ? "alert " : "") + (d.revoked ? "revoked" : "") },
      el("td", {}, el("span", { class: "status " + cls, "data-status": cls }, el("i", { class: "dot" }), label)),
      el("td", {}, el("div", { class: "strong", text: d.name }),
        el("div", { class: "muted small-text", text: `${word(V.device_kinds, d.kind)} \u00b7 #${d.id}` }),
        displaySettings(d, loadDevices)),
      el("td", { class: "seen", "data-seen": d.seconds_since_seen === null ? "" : String(d.seconds_since_seen) }),
      printerCell(d),
      el("td", { class: "last-error" }, h.last_error ? el("div", { text: h.last_error }) : el("span", { class: "muted", text: "\u2014" }),
        h.last_error && h.last_error_at ? el("div", { class: "muted small-text", text: timeText(h.last_error_at, S.tz) }) : null),
      el("td", { class: "muted", text: h.version || "\u2014" }),
      el("td", { class: "actions-cell" },
        d.revoked ? null : el("button", { type: "button", class: "small", text: d.paired ? "Pasang ulang" : "Kode baru",
          title: "Buat kode pemasangan baru (kode lama tidak berlaku)", onclick: () => newCode(d) }),
        d.revoked ? null : el("button", { type: "button", class: "small danger-outline", text: "Cabut",
          onclick: () => revoke(d) })));
  }));
  if (!list.length) $("dev-rows").append(el("tr", {}, el("td", { colspan: "7", class: "muted", text: "Belum ada perangkat. Tambahkan kiosk atau layar TV." })));
}

/* Last-seen texts move on every second without redrawing the table. */
export function tickDevices() {
  const elapsed = Date.now() / 1000 - S.loadedAt;
  for (const td of document.querySelectorAll("#dev-rows td.seen")) {
    const base = td.dataset.seen;
    td.textContent = base === "" ? "belum pernah" : ago(+base + elapsed);
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
  $("dev-title").textContent = kind === "kiosk" ? "Tambah kiosk" : "Tambah layar TV";
  $("dv-name").value = "";
  $("dv-name").placeholder = kind === "kiosk" ? "mis. Kiosk Lobi Depan" : "mis. TV Ruang Tunggu";
  $("dev-dialog").showModal();
  $("dv-name").focus();
}
$("dev-add-kiosk").addEventListener("click", () => openDeviceDialog("kiosk"));
$("dev-add-display").addEventListener("click", () => openDeviceDialog("display"));

$("dev-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = $("dev-form");
  const name = $("dv-name").value.trim();
  if (!name) return showErrors(f, new ApiError(422, { message: "Ada isian yang belum benar.",
    errors: [{ field: "name", message: "Nama perangkat wajib diisi." }] }));
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
  $("code-expiry").textContent = `Berlaku ${Math.round(r.expires_in_minutes)} menit, sampai pukul ${timeText(until, S.tz)}.`;
  $("code-qr").src = `/api/admin/devices/${d.id}/pairing-qr.png?code=${encodeURIComponent(r.pairing_code)}`;
  const steps = d.kind === "kiosk"
    ? ["Di kiosk, buka layar teknisi (gerakan tersembunyi + PIN).", "Pilih \u201cPasangkan\u201d dan ketik kode di atas.",
      "Kiosk menyimpan kuncinya sendiri; kode ini lalu hangus."]
    : [`Di TV, buka alamat ${location.origin}/pair`, "Ketik kode di atas, tekan \u201cPasangkan\u201d.",
      "Layar antrean terbuka sendiri dan tampil Online di sini."];
  $("code-steps").replaceChildren(...steps.map((s) => el("li", { text: s })));
  $("code-dialog").showModal();
}
$("code-close").addEventListener("click", () => { $("code-dialog").close(); $("code-value").textContent = ""; });

async function newCode(d) {
  if (d.paired && !await confirmBox(`Pasang ulang ${d.name}?`,
    "Kunci yang dipakai perangkat ini sekarang berhenti berlaku begitu kode baru dipakai.", "Buat kode baru")) return;
  try {
    const r = await api("POST", `/api/admin/devices/${d.id}/pairing-code`);
    showCode(d, r);
    loadDevices();
  } catch (e) { failed(e); }
}

async function revoke(d) {
  const what = d.kind === "kiosk" ? "tidak bisa memberi tiket" : "tidak lagi tercatat";
  if (!await confirmBox(`Cabut ${d.name}?`,
    `Kunci perangkat ini langsung tidak berlaku: ${d.kind === "kiosk" ? "kiosk" : "layar"} ${what} sampai dipasang lagi sebagai perangkat baru.`,
    "Cabut kunci")) return;
  try {
    await api("POST", `/api/admin/devices/${d.id}/revoke`);
    toast(`${d.name} dicabut.`);
  } catch (e) { failed(e); }
  loadDevices();
}
