/* Admin tab "Perangkat", the displays' part: waiting rooms (zones) and each TV's zone and language.

   An office with two waiting rooms names each room by its counters; a TV set to a room shows
   only those counters and the services they serve. Built here rather than in admin.html so the
   devices tab keeps one owner. */
import V from "/pages/vocabulary.js";
import { $, el, api, word } from "/pages/common.js";
import { S, toast, failed, clearErrors, showErrors, busy, confirmBox } from "/pages/admin/ui.js";

S.zones = [];

/* The zones panel and its dialog, once, under the devices table. */
function ensureShell() {
  if ($("zone-panel")) return;
  const panel = el("div", { id: "zone-panel", class: "panel zone-panel" },
    el("div", { class: "section-head" },
      el("h2", { text: "Zona ruang tunggu" }),
      el("p", { class: "muted", text: "Kantor dengan lebih dari satu ruang tunggu: setiap zona berisi loket-loketnya. " +
        "Layar TV di sebuah zona hanya memanggil loket zona itu dan menampilkan layanan yang dilayani di sana. " +
        "Layar tanpa zona menampilkan seluruh kantor." }),
      el("button", { type: "button", id: "zone-add", class: "primary", text: "+ Tambah zona", onclick: () => editZone(null) })),
    el("table", { class: "admin-table zones" },
      el("thead", {}, el("tr", {}, el("th", { text: "Zona" }), el("th", { text: "Loket" }),
        el("th", { text: "Layanan" }), el("th", {}))),
      el("tbody", { id: "zone-rows" })));
  panel.style.marginTop = "18px";
  $("sec-devices").append(panel);
  const dialog = el("dialog", { id: "zone-dialog" },
    el("form", { id: "zone-form", novalidate: true },
      el("h2", { id: "zone-title", text: "Tambah zona" }),
      el("div", { class: "field" }, el("label", { for: "zn-name", text: "Nama zona" }),
        el("input", { id: "zn-name", name: "name", maxlength: "60", placeholder: "mis. Ruang tunggu lantai 2" })),
      el("div", { class: "field checks", id: "zn-counters-box" },
        el("span", { class: "label", text: "Loket di ruang ini" }),
        el("div", { id: "zn-counters", "data-field": "counters" }),
        el("input", { type: "hidden", name: "counters" })),
      el("p", { class: "form-error", "data-error": "form", role: "alert", hidden: true }),
      el("div", { class: "dialog-actions" },
        el("button", { type: "button", class: "cancel", text: "Batal", onclick: () => $("zone-dialog").close() }),
        el("button", { type: "submit", class: "primary", id: "zone-save", text: "Simpan" }))));
  document.body.append(dialog);
  $("zone-form").addEventListener("submit", saveZone);
}

export async function loadZones() {
  ensureShell();
  try {
    [S.zones, S.counters] = await Promise.all([api("GET", "/api/admin/zones"), api("GET", "/api/admin/counters")]);
  } catch (e) { failed(e); return; }
  renderZones();
}

const counterName = (id) => (S.counters.find((c) => c.id === id) || {}).name || `#${id}`;

function renderZones() {
  const rows = S.zones.map((z) => el("tr", { "data-zone": String(z.id) },
    el("td", { class: "strong", text: z.name }),
    el("td", { text: z.counters.map(counterName).join(", ") || "\u2014" }),
    el("td", { text: z.services.join(", ") || "\u2014" }),
    el("td", { class: "actions-cell" },
      el("button", { type: "button", class: "small", text: "Ubah", onclick: () => editZone(z) }),
      el("button", { type: "button", class: "small danger-outline", text: "Hapus", onclick: () => removeZone(z) }))));
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "4", class: "muted", text: "Belum ada zona: semua layar menampilkan seluruh kantor." })));
  $("zone-rows").replaceChildren(...rows);
}

let editing = null;
function editZone(z) {
  editing = z;
  clearErrors($("zone-form"));
  $("zone-title").textContent = z ? `Ubah ${z.name}` : "Tambah zona";
  $("zn-name").value = z ? z.name : "";
  const chosen = z ? z.counters : [];
  $("zn-counters").replaceChildren(...S.counters.map((c) => el("label", {},
    el("input", { type: "checkbox", value: String(c.id), checked: chosen.includes(c.id) }), c.name)));
  $("zone-dialog").showModal();
  $("zn-name").focus();
}

async function saveZone(e) {
  e.preventDefault();
  const body = { name: $("zn-name").value.trim(),
    counters: [...$("zn-counters").querySelectorAll("input:checked")].map((i) => +i.value) };
  busy($("zone-save"), true);
  try {
    if (editing) await api("PUT", `/api/admin/zones/${editing.id}`, body);
    else await api("POST", "/api/admin/zones", body);
    $("zone-dialog").close();
    toast(`Zona ${body.name} disimpan. Layar di zona ini menyesuaikan diri.`);
    await loadZones();
    S.devSig = "";  // the displays' zone menus list the new name
  } catch (err) {
    showErrors($("zone-form"), err);
  } finally { busy($("zone-save"), false); }
}

async function removeZone(z) {
  if (!await confirmBox(`Hapus zona ${z.name}?`, "Layar di zona ini kembali menampilkan seluruh kantor.", "Hapus zona")) return;
  try {
    await api("DELETE", `/api/admin/zones/${z.id}`);
    toast(`Zona ${z.name} dihapus.`);
  } catch (err) { failed(err); }
  await loadZones();
  S.devSig = "";
}

/* Under a display's name: its zone and language, saved as soon as they are changed. */
export function displaySettings(d, onSaved) {
  if (d.kind !== "display" || d.revoked) return null;
  const zone = el("select", { class: "dev-zone", "aria-label": `Zona ${d.name}` },
    el("option", { value: "", text: "Seluruh kantor" }),
    ...S.zones.map((z) => el("option", { value: String(z.id), text: z.name })));
  zone.value = d.zone_id ? String(d.zone_id) : "";
  const lang = el("select", { class: "dev-lang", "aria-label": `Bahasa ${d.name}` },
    ...Object.keys(V.languages).map((v) => el("option", { value: v, text: word(V.languages, v) })));
  lang.value = d.language || "id";
  const save = async () => {
    try {
      await api("PUT", `/api/admin/devices/${d.id}/settings`,
        { zone_id: zone.value ? +zone.value : null, language: lang.value });
      toast(`${d.name}: ${zone.value ? zone.selectedOptions[0].text : "seluruh kantor"}, ${word(V.languages, lang.value)}. ` +
        "Layar menyesuaikan diri dalam satu laporan.");
      onSaved();
    } catch (err) { failed(err); }
  };
  zone.addEventListener("change", save);
  lang.addEventListener("change", save);
  const box = el("div", { class: "dev-settings" }, el("label", {}, "Zona ", zone), el("label", {}, "Bahasa ", lang));
  // Styled through the CSSOM: the page's CSP allows no style attributes, and admin.css has another owner.
  Object.assign(box.style, { display: "flex", flexWrap: "wrap", gap: "4px 12px", marginTop: "6px", fontSize: "13px" });
  return box;
}
