/* Admin tab "Layanan": the services, their order, hours and quota. */
import V from "/pages/vocabulary.js";
import { $, el, api, word } from "/pages/common.js";
import { S, toast, failed, clearErrors, showErrors, busy, numOrNull } from "/pages/admin/ui.js";
import { t, dayShort } from "/pages/admin/texts.js";

function hoursText(h) {
  if (!h) return "\u2014";
  const DAYS = dayShort();
  const days = (h.days || []).slice().sort();
  let d = days.map((x) => DAYS[x]).join(", ");
  const run = days.length > 2 && days.every((x, i) => i === 0 || x === days[i - 1] + 1);
  if (run) d = `${DAYS[days[0]]}\u2013${DAYS[days[days.length - 1]]}`;
  return `${d} ${h.start.replace(":", ".")}\u2013${h.end.replace(":", ".")}`;
}

export async function loadServices() {
  try {
    S.services = await api("GET", "/api/admin/services");
  } catch (e) { return failed(e); }
  renderServices();
}

function renderServices() {
  const n = S.services.length;
  $("svc-rows").replaceChildren(...S.services.map((s, i) => el("tr", { "data-code": s.code, class: s.is_open ? "" : "closed" },
    el("td", { class: "order" },
      el("button", { type: "button", class: "small icon", title: t("move_up"), "aria-label": t("move_up_code", { code: s.code }),
        disabled: i === 0, onclick: () => moveService(i, -1), text: "\u2191" }),
      el("button", { type: "button", class: "small icon", title: t("move_down"), "aria-label": t("move_down_code", { code: s.code }),
        disabled: i === n - 1, onclick: () => moveService(i, 1), text: "\u2193" })),
    el("td", {}, el("span", { class: "code-badge", text: s.code })),
    el("td", {}, el("div", { class: "strong", text: s.name_id }), el("div", { class: "muted small-text", text: s.name_en })),
    el("td", { class: "num", text: t("minutes", { n: s.standard_minutes }) }),
    el("td", { class: "num", text: s.daily_quota ? String(s.daily_quota) : t("no_limit") }),
    el("td", { text: hoursText(s.open_hours) }),
    el("td", {}, s.kiosk_visible ? t("shown") : t("hidden"),
      s.nik_optional ? el("div", { class: "muted small-text", text: t("nik_optional") }) : null,
      s.online ? el("div", { class: "muted small-text", text: t("sv_online") }) : null),
    el("td", {}, el("span", { class: "pill " + (s.is_open ? "open" : "closed"), text: s.is_open ? t("open") : t("closed") })),
    el("td", { class: "actions-cell" },
      el("button", { type: "button", class: "small", text: s.is_open ? t("do_close") : t("do_open"),
        onclick: (e) => toggleService(s, e.currentTarget) }),
      el("button", { type: "button", class: "small", text: t("edit"), onclick: () => editService(s) })))));
}

async function moveService(i, delta) {
  const codes = S.services.map((s) => s.code);
  const [c] = codes.splice(i, 1);
  codes.splice(i + delta, 0, c);
  try {
    await api("POST", "/api/admin/services/order", { codes });
    toast(t("svc_order_saved", { codes: codes.join(", ") }));
  } catch (e) { failed(e); }
  loadServices();
}

async function toggleService(s, button) {
  busy(button, true);
  try {
    await api("PUT", `/api/admin/services/${s.id}`, { is_open: !s.is_open });
    toast(t(s.is_open ? "svc_closed" : "svc_opened", { code: s.code }));
  } catch (e) { failed(e); }
  loadServices();
}

let editing = null;
function editService(s) {
  editing = s || null;
  const f = $("svc-form");
  clearErrors(f);
  $("svc-title").textContent = s ? t("svc_edit", { code: s.code }) : t("svc_new");
  const v = s || { code: "", name_id: "", name_en: "", requirements_id: "", requirements_en: "", standard_minutes: 15,
    daily_quota: null, open_hours: null, is_open: true, kiosk_visible: true, nik_optional: false };
  for (const k of ["code", "name_id", "name_en", "requirements_id", "requirements_en", "standard_minutes", "daily_quota"]) {
    $("sv-" + k).value = v[k] === null || v[k] === undefined ? "" : String(v[k]);
  }
  $("sv-is_open").checked = v.is_open !== false;
  $("sv-kiosk_visible").checked = v.kiosk_visible !== false;
  $("sv-nik_optional").checked = v.nik_optional === true;
  $("sv-online").checked = v.online === true;
  $("sv-phone_open").checked = v.phone_open === true;
  $("sv-booking_open").checked = v.booking_open === true;
  $("sv-walk_in_share").value = String(v.walk_in_share ?? 50);
  // bookings: Monday's hours stand for the working week ("8:4 9:4"); saved for Monday to Friday
  $("sv-slots").value = (v.slots || []).filter((x) => x.weekday === 0).map((x) => `${x.hour}:${x.capacity}`).join(" ");
  // the kiosk tile's pictogram: the vocabulary's names, or "" (the kiosk picks one from the name)
  $("sv-icon").replaceChildren(el("option", { value: "", text: t("sv_icon_auto") }),
    ...Object.keys(V.pictograms).map((name) => el("option", { value: name, text: word(V.pictograms, name, t.lang) })));
  $("sv-icon").value = v.icon || "";
  const h = v.open_hours;
  $("sv-hours-on").checked = !!h;
  $("sv-start").value = h ? h.start : "07:30";
  $("sv-end").value = h ? h.end : "15:00";
  const days = h ? h.days : [0, 1, 2, 3, 4];
  $("sv-days").replaceChildren(...dayShort().map((d, i) => el("label", { class: "day" },
    el("input", { type: "checkbox", value: String(i), checked: days.includes(i) }), " " + d)));
  syncHours();
  $("svc-dialog").showModal();
  $("sv-code").focus();
}

/* "8:4 9:4" -> the capacities of those hours, Monday to Friday (the server checks each number). */
function weekSlots(text) {
  const pairs = text.trim() ? text.trim().split(/[\s,;]+/).map((p) => p.split(":").map((n) => Number(n))) : [];
  return pairs.flatMap(([hour, capacity]) => [0, 1, 2, 3, 4].map((weekday) => ({ weekday, hour, capacity })));
}

function syncHours() {
  const on = $("sv-hours-on").checked;
  for (const i of $("sv-open_hours").querySelectorAll(".days input, input[type=time]")) i.disabled = !on;
  $("sv-open_hours").classList.toggle("off", !on);
}
$("sv-hours-on").addEventListener("change", syncHours);
$("svc-add").addEventListener("click", () => editService(null));

$("svc-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = $("svc-form");
  const body = {
    code: $("sv-code").value.trim().toUpperCase(),
    name_id: $("sv-name_id").value, name_en: $("sv-name_en").value,
    requirements_id: $("sv-requirements_id").value, requirements_en: $("sv-requirements_en").value,
    standard_minutes: numOrNull($("sv-standard_minutes").value),
    daily_quota: numOrNull($("sv-daily_quota").value),
    is_open: $("sv-is_open").checked, kiosk_visible: $("sv-kiosk_visible").checked,
    nik_optional: $("sv-nik_optional").checked, online: $("sv-online").checked, icon: $("sv-icon").value,
    phone_open: $("sv-phone_open").checked, booking_open: $("sv-booking_open").checked,
    walk_in_share: numOrNull($("sv-walk_in_share").value), slots: weekSlots($("sv-slots").value),
    open_hours: $("sv-hours-on").checked ? {
      days: [...$("sv-days").querySelectorAll("input:checked")].map((i) => +i.value),
      start: $("sv-start").value, end: $("sv-end").value } : null
  };
  busy($("svc-save"), true);
  try {
    if (editing) await api("PUT", `/api/admin/services/${editing.id}`, body);
    else await api("POST", "/api/admin/services", body);
    $("svc-dialog").close();
    toast(t(editing ? "svc_saved" : "svc_added", { code: body.code }));
    loadServices();
  } catch (err) {
    showErrors(f, err);
  } finally { busy($("svc-save"), false); }
});
