/* The Laporan page's building blocks: figures formatted exactly as the PDFs print them
   (server/documents/words.py: minutes and shares with one decimal, an Indonesian decimal comma),
   a figure card, a table whose cells name their column (a phone shows each row as a card), and the
   SKM and complaint sections drawn from GET /api/reports/skm and /api/complaints/summary. */
import V from "/pages/vocabulary.js";
import { el, word } from "/pages/common.js";
import { t } from "/pages/reports-texts.js";

export const DASH = "\u2013";
const GOOD = 80;  // server/documents/charts.py GOOD_PCT: green from here, amber from half of it, red below

const decimal = (text) => (t.lang === "en" ? text : text.replace(".", ","));
export const minutes = (s) => (s === null || s === undefined ? DASH : decimal((s / 60).toFixed(1)));
export const pct = (v) => (v === null || v === undefined ? DASH : decimal(v.toFixed(1)) + "%");
export const num = (v, places) => (v === null || v === undefined ? DASH : decimal(Number(v).toFixed(places)));
export const count = (v) => (v === null || v === undefined ? DASH : String(v));
export const shareClass = (v) => (v === null || v === undefined ? "" : v >= GOOD ? "good" : v >= GOOD / 2 ? "warn" : "bad");

export function card(label, value, cls = "", id = null) {
  return el("div", { class: "card" }, el("div", { class: "label", text: label }),
    el("div", { class: "value " + cls, text: value, id }));
}

/* One table in the page's look; `columns` are [key, heading, cell(row) -> text or node, numeric]. */
export function table(columns, rows, totalRow, cls = "figures stacked") {
  const head = el("tr", {}, ...columns.map(([key, h, , n]) => el("th", { class: n ? "num" : "", scope: "col", text: h })));
  const line = (row, cls) => el("tr", { class: cls || "" }, ...columns.map(([key, h, cell, n], i) => {
    const v = cell(row);
    return el("td", { class: (n ? "num" : "") + (i === 0 ? " name" : ""), "data-label": h, "data-key": key },
      v instanceof Node ? v : String(v));
  }));
  const body = rows.map((r) => line(r));
  if (totalRow) body.push(line(totalRow, "total"));
  return el("table", { class: cls }, el("thead", {}, head), el("tbody", {}, ...body));
}

export const share = (v) => el("span", { class: "share " + shareClass(v), text: pct(v) });

export function drawSkm(box, skm, chartUrl) {
  if (!skm) { box.replaceChildren(el("p", { class: "muted", text: t("unavailable") })); return; }
  const target = skm.sample_target || 0;
  const done = Math.min(100, target ? (100 * skm.respondents) / target : 0);
  const sample = el("div", { class: "card sample" }, el("div", { class: "label", text: t("skm_sample") }),
    el("div", { class: "value", id: "skm-sample", text: t("skm_sample_of", { n: skm.respondents, target }) }),
    el("div", { class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": String(target),
      "aria-valuenow": String(skm.respondents) }, el("span", { style: `width:${done.toFixed(1)}%` })),
    el("div", { class: "label", text: t("skm_population", { n: skm.population }) }));
  if (!skm.respondents) {
    box.replaceChildren(el("div", { class: "skm-facts" }, sample), el("p", { class: "muted", text: t("skm_none") }));
    return;
  }
  const grade = skm.grade ? `${skm.grade} (${t.lang === "en" ? skm.grade_label_en || skm.grade_label : skm.grade_label})` : DASH;
  const facts = el("div", { class: "skm-facts" },
    card(t("skm_score"), num(skm.score, 2), "", "skm-score"), card(t("skm_grade"), grade, "", "skm-grade"), sample);
  const lows = new Set(skm.priorities || []);
  const names = Object.fromEntries(V.skm_elements.map((e) => [e.code, e.name[t.lang === "en" ? 1 : 0]]));
  const elements = table([
    ["element", t("col_element"), (r) => el("span", {}, el("span", { class: "code", text: r.code }), names[r.code] || r.name,
      lows.has(r.code) ? el("span", { class: "priority-mark", text: " \u25b2" }) : ""), false],
    ["nrr", t("col_nrr"), (r) => num(r.nrr, 2), true]], skm.elements || [], null, "figures");
  const priorities = el("p", {}, el("span", { class: "priority-mark", text: "\u25b2 " }), el("b", { text: t("skm_priorities") + ": " }),
    (skm.priorities || []).map((c) => `${c} ${names[c] || ""}`).join("; "));
  const chart = el("div", { class: "skm-chart" }, el("img", { alt: t("skm"), src: chartUrl("skm") }));
  box.replaceChildren(facts, priorities, el("div", { class: "skm-grid" }, elements, chart));
}

/* The online channel's promise: answered within one working day (issue 12). */
export function drawOnline(box, o) {
  if (!o) { box.replaceChildren(el("p", { class: "muted", text: t("unavailable") })); return; }
  const share = o.answered_within_deadline_pct;
  box.replaceChildren(el("div", { class: "complaint-facts" },
    card(t("o_received"), count(o.received), "", "o-received"), card(t("o_answered"), count(o.answered), "", "o-answered"),
    card(t("o_in_time"), count(o.answered_within_deadline), "", "o-in-time"),
    card(t("o_pct"), pct(share), shareClass(share), "o-pct")));
}

export function drawComplaints(box, c) {
  if (!c) { box.replaceChildren(el("p", { class: "muted", text: t("unavailable") })); return; }
  const line = (key, table, counts) => {
    const parts = Object.entries(counts || {}).filter(([, n]) => n).map(([code, n]) => `${word(table, code, t.lang)} ${n}`);
    return el("p", { class: "breakdown" }, el("b", { text: t(key) + ": " }), parts.join(", ") || DASH);
  };
  box.replaceChildren(
    el("div", { class: "complaint-facts" },
      card(t("c_received"), count(c.received), "", "c-received"), card(t("c_closed"), count(c.closed), "", "c-closed"),
      card(t("c_in_time"), count(c.closed_within_deadline), "", "c-in-time"),
      card(t("c_overdue"), count(c.overdue_open), c.overdue_open ? "bad" : "", "c-overdue")),
    line("c_by_channel", V.complaint_channels, c.by_channel),
    line("c_by_category", V.complaint_categories, c.by_category),
    line("c_by_status", V.complaint_statuses, c.by_status));
}
