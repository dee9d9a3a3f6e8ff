/* The complaint register (/pengaduan): cases by deadline, one case opened, a new one recorded.

   Any clerk may record a complaint (from the staff desk: /pengaduan?ticket=ID&number=A-001&service=A
   prefills the counter, the ticket and its service); complaint officers and supervisors read the list.
   The server decides what each reader sees: a confidential complainant arrives as "Dirahasiakan"
   for anyone who is not a complaint officer, so nothing here hides or shows identities itself. */
import V from "/pages/vocabulary.js";
import { $, api, el, word } from "/pages/common.js";
import { translator, applyTexts } from "/pages/i18n.js";
import { languageSwitch, serverText } from "/pages/account_language.js";
import { TEXTS } from "/pages/complaints-texts.js";

const STATUSES = Object.keys(V.complaint_statuses);
const S = { me: null, list: null, officer: false, officers: [], open: null, prefill: null, message: null };
let t = translator(TEXTS, "id");

const w = (table, name) => word(table, name, t.lang);

/* "Senin, 14 Desember 2026" from "2026-12-14" (an office day, no time zone to convert). */
function dayText(day) {
  if (!day) return "";
  const [y, m, d] = day.split("-").map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return `${V.day_names[t.lang][weekday]}, ${d} ${V.month_names[t.lang][m - 1]} ${y}`;
}

function statusPill(c) {
  return el("span", { class: `pill st-${c.status}`, text: w(V.complaint_statuses, c.status) });
}

// ---------- the list ----------
async function loadList() {
  const q = new URLSearchParams();
  if ($("filter-status").value) q.set("status", $("filter-status").value);
  if ($("filter-overdue").checked) q.set("overdue", "true");
  try {
    const data = await api("GET", "/api/complaints" + (q.size ? "?" + q : ""));
    Object.assign(S, { list: data.complaints, officer: data.complaint_officer, officers: data.officers });
    $("clerk-only").hidden = true;
  } catch (e) {
    if (e.status === 401) return location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
    S.list = null;
    $("clerk-only").hidden = e.status !== 403;
    if (e.status !== 403) showMessage(serverText(e, t.lang) || t("load_failed"), true);
  }
  renderList();
}

function renderList() {
  const box = $("cases");
  document.body.classList.toggle("clerk", S.list === null);
  if (S.list === null) return box.replaceChildren();
  if (!S.list.length) return box.replaceChildren(el("li", { class: "muted empty", text: t("none") }));
  box.replaceChildren(...S.list.map((c) => el("li", {},
    el("button", { type: "button", class: "case" + (c.overdue ? " overdue" : "") + (S.open && S.open.id === c.id ? " current" : ""),
      "data-id": c.id, onclick: () => openCase(c.id) },
      el("span", { class: "case-head" }, el("strong", { class: "code", text: c.code }), statusPill(c),
        c.overdue ? el("span", { class: "badge late", text: t("overdue") }) : null),
      el("span", { class: "case-what", text: `${w(V.complaint_categories, c.category)} \u00b7 ${w(V.complaint_channels, c.channel)}` }),
      el("span", { class: "case-when" },
        el("span", { text: `${t("col_received")}: ${dayText(c.office_day)}` }),
        el("span", { class: "deadline", text: `${t("col_deadline")}: ${dayText(c.deadline)}` }))))));
}

// ---------- one case ----------
async function openCase(id) {
  try {
    S.open = await api("GET", `/api/complaints/${id}`);
    S.prefill = null;
    renderDetail();
    renderList();
    toDetail();
  } catch (e) {
    showMessage(serverText(e, t.lang), true);
  }
}

/* On a phone the case is drawn below the list: bring it into view. */
function toDetail() {
  if (matchMedia("(max-width: 760px)").matches) $("detail").scrollIntoView({ block: "start" });
}

function row(label, ...value) {
  return el("div", { class: "kv" }, el("span", { class: "k", text: label }), el("span", { class: "v" }, ...value));
}

function renderDetail() {
  const box = $("detail");
  if (S.prefill) return renderForm(box);
  const c = S.open;
  if (!c) return box.replaceChildren(el("p", { class: "muted", text: t("pick_case") }), messageNode());
  const who = c.identity_hidden ? [el("strong", { text: c.complainant_name }), el("span", { class: "note", text: t("hidden_note") })]
    : [el("span", { text: c.complainant_name || t("anonymous") }),
      c.complainant_contact ? el("span", { class: "muted", text: c.complainant_contact }) : null,
      c.confidential ? el("span", { class: "badge secret", text: t("confidential_badge") }) : null];
  const parts = [
    el("div", { class: "detail-head" }, el("h2", { text: c.code }), statusPill(c),
      c.overdue ? el("span", { class: "badge late", text: t("overdue") }) : null),
    row(t("deadline"), el("strong", { class: c.overdue ? "late-text" : "", text: dayText(c.deadline) })),
    row(t("received_at"), `${dayText(c.office_day)} \u00b7 ${w(V.complaint_channels, c.channel)} \u00b7 ${t("by", { who: c.created_by.replace(/^user:/, "") })}`),
    row(t("category"), w(V.complaint_categories, c.category)),
    c.ticket ? row(t("ticket"), `${c.ticket.number}${c.service ? " \u00b7 " + t("service") + " " + c.service : ""}`) : null,
    row(t("complainant"), ...who),
    el("div", { class: "description", text: c.description })
  ];
  box.replaceChildren(...parts.filter(Boolean), c.status === "selesai" ? closedView(c) : editForm(c), messageNode());
}

function closedView(c) {
  return el("div", { class: "closed" },
    el("h3", { text: t("verification") }), el("p", { class: "text", text: c.verification }),
    el("h3", { text: t("response") }), el("p", { class: "text", text: c.response }),
    el("p", { class: "note", text: t("closed_note") }));
}

function editForm(c) {
  const officers = el("select", { id: "f-assigned" }, el("option", { value: "", text: t("nobody") }),
    ...S.officers.map((o) => el("option", { value: o.username, text: o.name, selected: c.assigned_to && c.assigned_to.username === o.username })));
  const next = STATUSES[STATUSES.indexOf(c.status) + 1];
  const form = el("form", { class: "case-form", onsubmit: (e) => e.preventDefault() },
    el("label", {}, el("span", { text: t("assigned_to") }), officers),
    el("label", {}, el("span", { text: t("verification") }), el("textarea", { id: "f-verification", rows: 3, maxlength: 4000 })),
    el("label", {}, el("span", { text: t("response") }), el("textarea", { id: "f-response", rows: 3, maxlength: 4000 })),
    el("div", { class: "form-actions" },
      el("button", { type: "button", id: "btn-save", onclick: () => save(c, null), text: t("save") }),
      next ? el("button", { type: "button", id: "btn-advance", class: "primary", onclick: () => save(c, next), text: t("advance_" + next) }) : null));
  form.querySelector("#f-verification").value = c.verification;
  form.querySelector("#f-response").value = c.response;
  return form;
}

async function save(c, status) {
  const body = { assigned_to: $("f-assigned").value, verification: $("f-verification").value, response: $("f-response").value };
  if (status) body.status = status;
  try {
    S.open = await api("PATCH", `/api/complaints/${c.id}`, body);
    S.message = { text: t("saved"), error: false };
    renderDetail();
    loadList();
  } catch (e) {
    showMessage(errorText(e), true);
  }
}

// ---------- a new case ----------
function renderForm(box) {
  const p = S.prefill;
  const options = (table, chosen) => [el("option", { value: "", text: t("choose") }),
    ...Object.keys(table).map((k) => el("option", { value: k, text: w(table, k), selected: k === chosen }))];
  box.replaceChildren(...[
    el("h2", { text: t("form_title") }),
    p.ticket ? el("p", { class: "from-ticket", text: t("from_ticket", { number: p.number || p.ticket, service: p.service || "" }) }) : null,
    el("form", { id: "new-case", class: "case-form", onsubmit: (e) => { e.preventDefault(); record(); } },
      el("div", { class: "two" },
        el("label", {}, el("span", { text: t("channel") }), el("select", { id: "n-channel", required: true }, ...options(V.complaint_channels, p.channel))),
        el("label", {}, el("span", { text: t("category") }), el("select", { id: "n-category", required: true }, ...options(V.complaint_categories, "")))),
      el("label", {}, el("span", { text: t("description") }), el("textarea", { id: "n-description", rows: 4, maxlength: 4000, required: true })),
      el("label", {}, el("span", { text: t("complainant_name") }), el("input", { id: "n-name", maxlength: 120, autocomplete: "off" })),
      el("label", {}, el("span", { text: t("complainant_contact") }), el("input", { id: "n-contact", maxlength: 200, autocomplete: "off" })),
      el("label", { class: "check" }, el("input", { id: "n-confidential", type: "checkbox" }), el("span", { text: t("confidential") })),
      el("div", { class: "form-actions" },
        el("button", { type: "button", onclick: () => { S.prefill = null; renderDetail(); }, text: t("cancel") }),
        el("button", { type: "submit", id: "btn-record", class: "primary", text: t("save_new") }))),
    messageNode()].filter(Boolean));
}

async function record() {
  const p = S.prefill;
  const body = { channel: $("n-channel").value, category: $("n-category").value, description: $("n-description").value,
    complainant_name: $("n-name").value, complainant_contact: $("n-contact").value, confidential: $("n-confidential").checked };
  if (p.ticket) body.ticket_id = Number(p.ticket);
  if (!body.channel || !body.category) return showMessage(t("choose") + " " + (!body.channel ? t("channel") : t("category")), true);
  try {
    const made = await api("POST", "/api/complaints", body);
    S.prefill = null;
    S.open = null;
    S.message = { text: t("recorded", { code: made.code, deadline: dayText(made.deadline) }), error: false };
    history.replaceState(null, "", "/pengaduan");
    await loadList();
    if (S.list) return openCase(made.id);
    renderDetail();
  } catch (e) {
    showMessage(errorText(e), true);
  }
}

// ---------- messages ----------
function errorText(e) {
  const fields = (e.body && e.body.errors) || [];
  const lines = fields.map((f) => (t.lang === "en" ? f.message_en : f.message) || f.message);
  return [serverText(e, t.lang), ...lines].filter(Boolean).join(" ");
}

function messageNode() {
  const m = S.message;
  S.message = null;
  return el("p", { id: "message", class: "message" + (m && m.error ? " error" : ""), role: "alert", hidden: !m, text: m ? m.text : "" });
}

function showMessage(text, error) {
  S.message = { text, error };
  const node = $("message");
  if (node) node.replaceWith(messageNode()); else $("detail").append(messageNode());
}

// ---------- start ----------
function drawStatic() {
  applyTexts(t);
  document.title = t("page_title");
  const sel = $("filter-status");
  const chosen = sel.value;
  sel.replaceChildren(el("option", { value: "", text: t("all_statuses") }),
    ...STATUSES.map((s) => el("option", { value: s, text: w(V.complaint_statuses, s), selected: s === chosen })));
  renderList();
  renderDetail();
}

async function start() {
  try {
    S.me = await api("GET", "/api/auth/me");
  } catch (e) {
    return location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
  }
  t = translator(TEXTS, S.me.language);
  $("user").textContent = S.me.name;
  languageSwitch($("lang"), t.lang, { choose: (lang) => { t = translator(TEXTS, lang); drawStatic(); },
    failed: (e) => showMessage(serverText(e, t.lang), true) });
  const q = new URLSearchParams(location.search);
  if (q.get("ticket") || q.get("new") !== null) {
    S.prefill = { ticket: q.get("ticket"), number: q.get("number"), service: q.get("service"),
      channel: q.get("ticket") ? "counter" : "" };
  }
  drawStatic();
  await loadList();
  if (S.prefill) toDetail();
}

$("btn-new").addEventListener("click", () => { S.prefill = { channel: "" }; S.open = null; renderDetail(); renderList(); toDetail(); });
$("filter-status").addEventListener("change", loadList);
$("filter-overdue").addEventListener("change", loadList);
$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch (e) { /* already out */ }
  location.assign("/login");
});
start();
