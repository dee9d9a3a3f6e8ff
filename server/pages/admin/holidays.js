/* Admin tab "Hari libur": the office's holiday calendar. National holidays and cuti bersama come
   from the holidays library at first start and each new year; the admin adds the office's own
   days, removes one, imports a CSV (tanggal,nama,jenis; all lines or none, the bad line named)
   and exports the year. Kiosks give no numbers on these days; complaint deadlines skip them.
   Through /api/holidays and /api/admin/holidays. The section draws itself; its sentences are
   texts.js's hol_* ones. */
import V from "/pages/vocabulary.js";
import { $, el, api, word } from "/pages/common.js";
import { serverText } from "/pages/account_language.js";
import { toast, failed, confirmBox, busy } from "/pages/admin/ui.js";
import { t } from "/pages/admin/texts.js";


let year = null;
let rows = [];

const longDay = (day) => {
  const [y, m, d] = day.split("-").map(Number);
  const wd = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return `${V.day_names[t.lang][wd]}, ${d} ${V.month_names[t.lang][m - 1]} ${y}`;
};

export async function loadHolidays() {
  if (year === null) year = new Date().getFullYear();
  try {
    rows = (await api("GET", `/api/holidays?year=${year}`)).holidays;
  } catch (e) { return failed(e); }
  render();
}

function render() {
  const kinds = Object.keys(V.holiday_kinds);
  const years = [year - 1, year, year + 1, year + 2].filter((y, i, a) => a.indexOf(y) === i);
  const form = el("form", { id: "hol-form", class: "hol-form", novalidate: true, onsubmit: add },
    el("label", {}, el("span", { text: t("hol_new_day") }), el("input", { id: "hol-day", name: "day", type: "date", required: true, min: `${year}-01-01` })),
    el("label", { class: "grow" }, el("span", { text: t("hol_new_name") }), el("input", { id: "hol-name", name: "name", maxlength: 120, required: true })),
    el("label", {}, el("span", { text: t("hol_new_kind") }), el("select", { id: "hol-kind", name: "kind" },
      ...kinds.map((k) => el("option", { value: k, text: word(V.holiday_kinds, k, t.lang), selected: k === "lokal" })))),
    el("button", { type: "submit", id: "hol-save", class: "primary", text: t("hol_add") }));
  $("sec-holidays").replaceChildren(
    el("div", { class: "section-head" }, el("h1", { text: t("hol_heading") }), el("p", { class: "muted", text: t("hol_explain") })),
    el("div", { class: "panel hol-tools" },
      el("label", { class: "hol-year" }, el("span", { text: t("hol_year") }),
        el("select", { id: "hol-year", onchange: (e) => { year = Number(e.target.value); loadHolidays(); } },
          ...years.map((y) => el("option", { value: y, text: y, selected: y === year })))),
      el("a", { id: "hol-export", class: "button-link", href: `/api/holidays?year=${year}&format=csv`, download: `hari-libur-${year}.csv`, text: t("hol_export") }),
      el("label", { class: "button-link file" }, el("span", { text: t("hol_import") }),
        el("input", { id: "hol-file", type: "file", accept: ".csv,text/csv", class: "offscreen", onchange: importFile })),
      el("p", { class: "muted small-text", text: t("hol_csv_hint", { kinds: kinds.join(", ") }) }),
      form,
      el("p", { id: "hol-error", class: "form-error", role: "alert", hidden: true })),
    el("div", { class: "panel" }, el("table", { class: "admin-table hol-table" },
      el("thead", {}, el("tr", {}, ...["hol_col_day", "hol_col_name", "hol_col_kind", "hol_col_source"].map((k) => el("th", { text: t(k) })), el("th", {}))),
      el("tbody", { id: "hol-rows" }, ...(rows.length ? rows.map(line)
        : [el("tr", {}, el("td", { colspan: 5, class: "muted", text: t("hol_none") }))])))));
}

function line(h) {
  return el("tr", { "data-day": h.day },
    el("td", { class: "strong", text: longDay(h.day) }),
    el("td", { text: h.name }),
    el("td", { text: word(V.holiday_kinds, h.kind, t.lang) }),
    el("td", { class: "muted", text: t("hol_source_" + h.source) }),
    el("td", { class: "actions-cell" }, el("button", { type: "button", class: "small", text: t("hol_remove"), onclick: () => remove(h) })));
}

function problem(e) {
  const box = $("hol-error");
  const fields = (e.body && e.body.errors) || [];
  box.textContent = [serverText(e, t.lang), ...fields.map((f) => (t.lang === "en" ? f.message_en : f.message))].join(" ");
  box.hidden = false;
}

async function add(e) {
  e.preventDefault();
  const body = { day: $("hol-day").value, name: $("hol-name").value, kind: $("hol-kind").value };
  busy($("hol-save"), true);
  try {
    await api("POST", "/api/admin/holidays", body);
    toast(t("hol_saved"));
    if (body.day.slice(0, 4) !== String(year)) year = Number(body.day.slice(0, 4));
    await loadHolidays();
  } catch (err) {
    problem(err);
  } finally {
    busy($("hol-save"), false);
  }
}

async function remove(h) {
  if (!(await confirmBox(t("hol_remove_q"), t("hol_remove_text", { day: longDay(h.day), name: h.name }), t("hol_remove")))) return;
  try {
    await api("DELETE", `/api/admin/holidays/${h.day}`);
    toast(t("hol_removed"));
  } catch (e) { failed(e); }
  loadHolidays();
}

/* The file goes to the server as it is (text/csv): the server reads it and names a bad line. */
async function importFile(e) {
  const file = e.target.files[0];
  e.target.value = "";            // the same file, fixed and chosen again, is read again
  if (!file) return;
  let res;
  try {
    res = await fetch("/api/admin/holidays/import", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "text/csv" }, body: await file.text() });
  } catch (err) {
    return failed({ message: t("hol_import"), body: {} });
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) return problem({ body: data });
  toast(t("hol_imported", { added: data.added, changed: data.changed }));
  loadHolidays();
}
