/* Admin tab "Perangkat", the displays' part: waiting rooms (zones) and each TV's zone and language,
   in the account's language (texts.js).

   An office with two waiting rooms names each room by its counters; a TV set to a room shows
   only those counters and the services they serve. Built here rather than in admin.html so the
   devices tab keeps one owner. */
import V from "/pages/vocabulary.js";
import { $, el, api } from "/pages/common.js";
import { S, toast, failed, clearErrors, showErrors, busy, confirmBox } from "/pages/admin/ui.js";
import { t, w } from "/pages/admin/texts.js";

S.zones = [];

/* An element whose words are the text `key`: written now in the account's language and marked
   data-i18n, so a switch of language (texts.js setLanguage) rewrites it with the page's own words. */
const said = (tag, key, attrs = {}) => el(tag, { ...attrs, "data-i18n": key, text: t(key) });

/* The zones panel and its dialog, once, under the devices table. */
function ensureShell() {
  if ($("zone-panel")) return;
  const panel = el("div", { id: "zone-panel", class: "panel zone-panel" },
    el("div", { class: "section-head" },
      said("h2", "zones_title"),
      said("p", "zones_explain", { class: "muted" }),
      said("button", "zone_add", { type: "button", id: "zone-add", class: "primary", onclick: () => editZone(null) })),
    el("table", { class: "admin-table zones" },
      el("thead", {}, el("tr", {}, said("th", "col_zone"), said("th", "col_counters"),
        said("th", "col_services"), el("th", {}))),
      el("tbody", { id: "zone-rows" })));
  panel.style.marginTop = "18px";
  $("sec-devices").append(panel);
  const dialog = el("dialog", { id: "zone-dialog" },
    el("form", { id: "zone-form", novalidate: true },
      el("h2", { id: "zone-title", text: t("zone_new") }),
      el("div", { class: "field" }, said("label", "zn_name", { for: "zn-name" }),
        el("input", { id: "zn-name", name: "name", maxlength: "60" })),
      el("div", { class: "field checks", id: "zn-counters-box" },
        said("span", "zn_counters", { class: "label" }),
        el("div", { id: "zn-counters", "data-field": "counters" }),
        el("input", { type: "hidden", name: "counters" })),
      el("p", { class: "form-error", "data-error": "form", role: "alert", hidden: true }),
      el("div", { class: "dialog-actions" },
        said("button", "cancel", { type: "button", class: "cancel", onclick: () => $("zone-dialog").close() }),
        said("button", "save", { type: "submit", class: "primary", id: "zone-save" }))));
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
  S.zonesLang = t.lang;
  const rows = S.zones.map((z) => el("tr", { "data-zone": String(z.id) },
    el("td", { class: "strong", text: z.name }),
    el("td", { text: z.counters.map(counterName).join(", ") || "\u2014" }),
    el("td", { text: z.services.join(", ") || "\u2014" }),
    el("td", { class: "actions-cell" },
      el("button", { type: "button", class: "small", text: t("edit"), onclick: () => editZone(z) }),
      el("button", { type: "button", class: "small danger-outline", text: t("delete"), onclick: () => removeZone(z) }))));
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "4", class: "muted", text: t("zones_none") })));
  $("zone-rows").replaceChildren(...rows);
}

let editing = null;
function editZone(z) {
  editing = z;
  clearErrors($("zone-form"));
  $("zone-title").textContent = z ? t("zone_edit", { name: z.name }) : t("zone_new");
  $("zn-name").value = z ? z.name : "";
  $("zn-name").placeholder = t("zn_name_hint");
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
    toast(t("zone_saved", { name: body.name }));
    await loadZones();
    S.devSig = "";  // the displays' zone menus list the new name
  } catch (err) {
    showErrors($("zone-form"), err);
  } finally { busy($("zone-save"), false); }
}

async function removeZone(z) {
  if (!await confirmBox(t("zone_delete_q", { name: z.name }), t("zone_delete_explain"), t("zone_delete_yes"))) return;
  try {
    await api("DELETE", `/api/admin/zones/${z.id}`);
    toast(t("zone_deleted", { name: z.name }));
  } catch (err) { failed(err); }
  await loadZones();
  S.devSig = "";
}

/* Under a display's name: its zone and language, saved as soon as they are changed. */
export function displaySettings(d, onSaved) {
  if (d.kind !== "display" || d.revoked) return null;
  const zone = el("select", { class: "dev-zone", "aria-label": t("ds_zone_of", { name: d.name }) },
    el("option", { value: "", text: t("whole_office") }),
    ...S.zones.map((z) => el("option", { value: String(z.id), text: z.name })));
  zone.value = d.zone_id ? String(d.zone_id) : "";
  const lang = el("select", { class: "dev-lang", "aria-label": t("ds_language_of", { name: d.name }) },
    ...Object.keys(V.languages).map((v) => el("option", { value: v, text: w(V.languages, v) })));
  lang.value = d.language || "id";
  const save = async () => {
    try {
      await api("PUT", `/api/admin/devices/${d.id}/settings`,
        { zone_id: zone.value ? +zone.value : null, language: lang.value });
      toast(t("ds_saved", { name: d.name, zone: zone.value ? zone.selectedOptions[0].text : t("whole_office_lower"),
        language: w(V.languages, lang.value) }));
      onSaved();
    } catch (err) { failed(err); }
  };
  zone.addEventListener("change", save);
  lang.addEventListener("change", save);
  const labels = [el("label", {}, t("ds_zone"), zone), el("label", {}, t("ds_language"), lang)];
  const box = el("div", { class: "dev-settings" }, ...labels);
  // Styled through the CSSOM: the page's CSP allows no style attributes, and admin.css has another owner.
  // One setting a line, the menus aligned: side by side they made the device column the table's
  // widest and squeezed the printer and error columns into broken lines ("KERTAS / HABIS").
  Object.assign(box.style, { display: "grid", gridTemplateColumns: "auto auto", justifyContent: "start",
    gap: "4px 8px", alignItems: "center", marginTop: "6px", fontSize: "13px" });
  for (const l of labels) Object.assign(l.style, { display: "grid", gridColumn: "1 / -1", gridTemplateColumns: "subgrid",
    alignItems: "center" });
  return box;
}
