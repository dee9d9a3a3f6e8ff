/* The Laporan page: a period picker, the period's figures per service and per counter, clerk,
   channel and priority category, the charts (SVG drawn by the server with the same code as the
   PDF), the period's SKM and complaint summary, and the downloads.

   Everything comes from the JSON API (/api/reports/period, /summary, /skm, /api/complaints/summary);
   figures are formatted as the PDF prints them (reports-parts.js). `window.antreReports` lets tests
   see what is shown. */
import V from "/pages/vocabulary.js";
import { $, api, el, word } from "/pages/common.js";
import { t, setLanguage } from "/pages/reports-texts.js";
import { card, count, drawComplaints, drawOnline, drawSkm, minutes, pct, shareClass, share, table } from "/pages/reports-parts.js";
import { languageSwitch, serverText } from "/pages/account_language.js";

const S = { me: null, today: null, kind: "month", anchor: null, end: null, from: null, to: null, label: "",
  summary: null, skm: null, complaints: null, group: "counter", seq: 0, ready: false };
window.antreReports = S;

// -- the period ------------------------------------------------------------------------------------
const iso = (d) => d.toISOString().slice(0, 10);
const parseDay = (s) => new Date(s + "T00:00:00Z");

/* The anchor moved one period back (-1) or forward (+1). */
function shifted(anchor, kind, step) {
  const d = parseDay(anchor);
  if (kind === "day") d.setUTCDate(d.getUTCDate() + step);
  else if (kind === "week") d.setUTCDate(d.getUTCDate() + 7 * step);
  else if (kind === "month" || kind === "semester") {
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + (kind === "month" ? 1 : 6) * step);
  } else if (kind === "year") d.setUTCFullYear(d.getUTCFullYear() + step);
  return iso(d);
}

function readUrl() {
  const q = new URLSearchParams(location.search);
  const kind = q.get("kind");
  if (kind && V.report_periods[kind]) S.kind = kind;
  if (/^\d{4}-\d{2}-\d{2}$/.test(q.get("date") || "")) S.anchor = q.get("date");
  if (/^\d{4}-\d{2}-\d{2}$/.test(q.get("to") || "")) S.end = q.get("to");
}

function writeUrl() {
  const q = new URLSearchParams({ kind: S.kind, date: S.anchor });
  if (S.kind === "custom" && S.end) q.set("to", S.end);
  history.replaceState(null, "", "/laporan?" + q.toString());
}

function drawPicker() {
  const kind = $("kind");
  kind.replaceChildren(...Object.keys(V.report_periods).map((k) =>
    el("option", { value: k, text: word(V.report_periods, k, t.lang), selected: k === S.kind })));
  $("anchor").value = S.anchor;
  $("end").value = S.end || S.anchor;
  $("end-field").hidden = S.kind !== "custom";
  $("prev").hidden = $("next").hidden = S.kind === "custom";
}

// -- loading ---------------------------------------------------------------------------------------
async function load() {
  const seq = ++S.seq;
  S.ready = false;
  setStatus(t("loading"));
  writeUrl();
  try {
    const q = new URLSearchParams({ kind: S.kind, date: S.anchor });
    if (S.kind === "custom") q.set("to", S.end || S.anchor);
    const period = await api("GET", "/api/reports/period?" + q);
    if (seq !== S.seq) return;
    Object.assign(S, { from: period.from, to: period.to, label: period.label });
    const range = new URLSearchParams({ from: S.from, to: S.to });
    const [summary, skm, complaints] = await Promise.allSettled([
      api("GET", "/api/reports/summary?" + range, undefined, { timeout: 30000 }),
      api("GET", "/api/reports/skm?" + range),
      api("GET", "/api/complaints/summary?" + range)]);
    if (seq !== S.seq) return;
    if (summary.status === "rejected") throw summary.reason;
    S.summary = summary.value;
    S.skm = skm.status === "fulfilled" ? skm.value : null;
    S.complaints = complaints.status === "fulfilled" ? complaints.value : null;
    draw();
    setStatus("");
    S.ready = true;
  } catch (err) {
    if (seq !== S.seq) return;
    if (err.status === 401) { location.replace("/login?next=" + encodeURIComponent(location.pathname + location.search)); return; }
    setStatus(t("failed", { why: serverText(err, t.lang) }), true);
  }
}

function setStatus(text, error = false) {
  const s = $("status");
  s.replaceChildren(text);
  s.classList.toggle("error", error);
  if (error) s.append(" ", el("button", { type: "button", class: "small", text: t("retry"), onclick: load }));
}

// -- drawing ---------------------------------------------------------------------------------------
function draw() {
  if (!S.summary) return;
  const sm = S.summary;
  $("period-label").textContent = S.label;
  $("period-range").textContent = `${S.from} \u2013 ${S.to} \u00b7 ` + t("working_days", { n: sm.working_days });
  drawExports();
  drawCards(sm.total || {});
  drawServices(sm);
  drawGroups();
  drawCharts();
  drawSkm($("skm"), S.skm, chartUrl);
  drawComplaints($("complaints"), S.complaints);
  drawOnline($("online"), sm.online);
}

function drawExports() {
  const range = new URLSearchParams({ from: S.from, to: S.to }).toString();
  $("x-csv").href = "/api/reports/export.csv?" + range;
  $("x-xlsx").href = "/api/reports/export.xlsx?" + range;
  $("x-pdf").href = "/api/reports/export.pdf?" + range;
  $("x-skm-xlsx").href = "/api/reports/skm/export.xlsx?" + range;
  $("x-skm-pdf").href = "/api/reports/skm/export.pdf?" + range;
}

function drawCards(total) {
  $("cards").replaceChildren(
    card(t("card_issued"), count(total.issued), "", "card-issued"),
    card(t("card_served"), count(total.served), "", "card-served"),
    card(t("card_within"), pct(total.within_standard_pct), shareClass(total.within_standard_pct), "card-within"),
    card(t("card_wait"), minutes(total.wait_median_s) + " " + t("minutes", { n: "" }).trim(), "", "card-wait"),
    card(t("card_total"), minutes(total.total_median_s) + " " + t("minutes", { n: "" }).trim(), "", "card-total"));
}

function figureColumns(full) {
  const cols = [
    ["issued", t("col_issued"), (r) => count(r.issued), true],
    ["served", t("col_served"), (r) => count(r.served), true],
    ["no_show", t("col_no_show"), (r) => count(r.no_show), true]];
  if (full) cols.push(
    ["cancelled", t("col_cancelled"), (r) => count(r.cancelled), true],
    ["expired", t("col_expired"), (r) => count(r.expired), true],
    ["transferred", t("col_transferred"), (r) => count(r.transferred), true]);
  cols.push(
    ["wait_median_s", t("col_wait_median"), (r) => minutes(r.wait_median_s), true],
    ["wait_p90_s", t("col_wait_p90"), (r) => minutes(r.wait_p90_s), true],
    ["service_median_s", t("col_service_median"), (r) => minutes(r.service_median_s), true],
    ["total_median_s", t("col_total_median"), (r) => minutes(r.total_median_s), true]);
  if (full) cols.push(["total_p90_s", t("col_total_p90"), (r) => minutes(r.total_p90_s), true]);
  cols.push(["within_standard_pct", t("col_within"), (r) => share(r.within_standard_pct), true]);
  return cols;
}

function drawServices(sm) {
  const name = (r) => (r.code ? el("span", {}, el("span", { class: "code", text: r.code }), r.name || "") : t("total"));
  const columns = [["service", t("col_service"), name, false],
    ["standard_minutes", t("col_standard"), (r) => (r.standard_minutes ? t("minutes", { n: r.standard_minutes }) : ""), true],
    ...figureColumns(true)];
  $("services").replaceChildren(table(columns, sm.services || [], sm.total || {}));
}

const GROUPS = {
  counter: ["by_counter", "col_counter", (r) => r.name || `#${r.counter_id}`],
  clerk: ["by_clerk", "col_clerk", (r) => r.name || r.username],
  channel: ["by_channel", "col_channel", (r) => word(V.ticket_channels, r.channel, t.lang)],
  priority: ["by_priority", "col_priority",
    (r) => (r.priority ? (V.priority_categories[r.priority] || { short: [r.priority, r.priority] }).short[t.lang === "en" ? 1 : 0]
      : t("no_priority"))],
};

function drawGroups() {
  $("group-tabs").replaceChildren(...Object.keys(GROUPS).map((g) => el("button", {
    type: "button", role: "tab", "data-group": g, "aria-selected": String(g === S.group), text: t("tab_" + g),
    onclick: () => { S.group = g; drawGroups(); }
  })));
  const [key, heading, name] = GROUPS[S.group];
  const rows = S.summary[key] || [];
  // Per counter and per clerk the engine counts only served visits: columns it leaves empty are left out.
  const known = figureColumns(false).filter(([k]) => rows.some((r) => r[k] !== null && r[k] !== undefined));
  const columns = [["name", t(heading), name, false], ...known];
  $("groups").replaceChildren(rows.length ? table(columns, rows) : el("p", { class: "muted", text: t("none") }));
}

/* A phone asks for a narrower drawing, so that its words stay readable once scaled to the screen.
   The language is in the URL only so that a switch of language fetches the drawing again. */
function chartUrl(name) {
  const width = innerWidth < 760 ? 300 : 480;
  return `/api/reports/charts/${name}.svg?` + new URLSearchParams({ from: S.from, to: S.to, width, lang: t.lang });
}

function drawCharts() {
  for (const img of document.querySelectorAll(".charts img")) {
    img.alt = t("chart_" + img.dataset.chart);
    img.src = chartUrl(img.dataset.chart);
  }
}

// -- events ----------------------------------------------------------------------------------------
$("kind").addEventListener("change", () => { S.kind = $("kind").value; drawPicker(); load(); });
$("anchor").addEventListener("change", () => { if ($("anchor").value) { S.anchor = $("anchor").value; if (S.kind !== "custom") load(); } });
$("end").addEventListener("change", () => { if ($("end").value) S.end = $("end").value; });
$("period").addEventListener("submit", (e) => {
  e.preventDefault();
  S.anchor = $("anchor").value || S.anchor;
  S.end = $("end").value || S.end;
  load();
});
for (const [id, step] of [["prev", -1], ["next", 1]]) {
  $(id).addEventListener("click", () => { S.anchor = shifted(S.anchor, S.kind, step); drawPicker(); load(); });
}
$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch (e) { /* already out */ }
  location.replace("/login?next=/laporan");
});

/* The page in `lang`; the period's name comes from the server in the account's language, so a
   switch asks for the period (and the charts) again. */
function speak(lang, reload) {
  setLanguage(lang);
  drawPicker();
  if (reload) load();
}

async function start() {
  try {
    S.me = await api("GET", "/api/auth/me");
    const st = await api("GET", "/api/state");
    $("user").textContent = S.me.username;
    $("admin-link").hidden = S.me.role !== "admin";
    $("office").textContent = (st.office && st.office.name) || "Antre";
    if (st.office && st.office.logo_version) $("top-logo").src = "/api/logo?v=" + st.office.logo_version;
    S.today = st.office_day;
    readUrl();
    S.anchor = S.anchor || S.today;
    speak(S.me.language || "id", false);
    languageSwitch($("lang"), t.lang, { choose: (lang) => speak(lang, true), failed: (e) => setStatus(serverText(e, t.lang), true) });
  } catch (err) {
    if (err.status === 401) { location.replace("/login?next=/laporan"); return; }
    setStatus(serverText(err, t.lang), true);
    return;
  }
  load();
}

start();
