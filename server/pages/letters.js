/* The letters register (/surat): drafts waiting for approval first, then letters by number.

   The list carries masked NIKs only; opening a letter asks the server for the full NIK, which the
   server audits, so a letter is opened only when someone clicks it. The server decides who may
   approve (a letter signer who did not draft it) and revoke (a signer or an admin); the page shows
   the buttons it says are allowed and shows the server's refusal otherwise. */
import V from "/pages/vocabulary.js";
import { $, api, el, word } from "/pages/common.js";
import { translator, applyTexts } from "/pages/i18n.js";
import { languageSwitch, serverText } from "/pages/account_language.js";
import { TEXTS } from "/pages/letters-texts.js";

const STATUSES = Object.keys(V.letter_statuses);
const S = { me: null, list: [], rights: {}, open: null, message: null };
let t = translator(TEXTS, "id");
const w = (table, name) => word(table, name, t.lang);

function dayText(day) {
  if (!day) return "";
  const [y, m, d] = day.split("-").map(Number);
  return `${d} ${V.month_names[t.lang][m - 1]} ${y}`;
}
/* A moment as the office PC's calendar day (the PC runs in the office's time zone). */
function whenText(ts) {
  if (!ts) return "";
  const d = new Date(ts * 1000);
  return `${d.getDate()} ${V.month_names[t.lang][d.getMonth()]} ${d.getFullYear()}`;
}
const who = (actor) => (actor || "").replace(/^user:/, "");

async function loadList() {
  const status = $("filter-status").value;
  try {
    const data = await api("GET", "/api/letters" + (status ? "?status=" + status : ""));
    S.list = data.letters;
    S.rights = { approve: data.may_approve, revoke: data.may_revoke, all: data.whole_register };
  } catch (e) {
    if (e.status === 401) return location.assign("/login?next=/surat");
    S.list = [];
    showMessage(serverText(e, t.lang) || t("load_failed"), true);
  }
  renderList();
}

function renderList() {
  $("scope").textContent = t(S.rights.approve ? "scope_signer" : S.rights.all ? "scope_all" : "scope_mine");
  const box = $("letters");
  if (!S.list.length) return box.replaceChildren(el("li", { class: "empty muted", text: t("empty") }));
  box.replaceChildren(...S.list.map((l) => el("li", {}, el("button", {
    type: "button", class: `letter st-${l.status}${S.open && S.open.id === l.id ? " current" : ""}`,
    "data-id": l.id, onclick: () => openLetter(l.id)
  },
  el("span", { class: "letter-head" },
    el("span", { class: "number", text: l.number || t("draft_number") }),
    el("span", { class: `pill st-${l.status}`, text: w(V.letter_statuses, l.status) })),
  el("span", { class: "holder", text: `${l.holder_name} \u00b7 ${l.nik_masked}` }),
  el("span", { class: "when", text: `${w(V.siks_results, l.result)} \u00b7 ${l.issued_on ? dayText(l.issued_on) : whenText(l.drafted_at)}` })))));
}

async function openLetter(id) {
  S.message = null;
  try {
    S.open = await api("GET", `/api/letters/${id}`);
  } catch (e) {
    S.open = null;
    return showMessage(serverText(e, t.lang), true);
  }
  renderList();
  renderDetail();
}

function kv(key, value) {
  return el("div", { class: "kv" }, el("span", { class: "k", text: t(key) }), el("span", { class: "v", text: value || "\u2013" }));
}

function renderDetail() {
  const box = $("detail");
  const l = S.open;
  if (!l) {
    box.replaceChildren(el("p", { class: "muted", text: t("pick_letter") }));
    if (S.message) box.append(messageNode());
    return;
  }
  const rows = [kv("holder", l.holder_name), kv("nik", l.nik), kv("address", l.address),
    kv("result", w(V.siks_results, l.result)), kv("checked_on", dayText(l.checked_on)),
    kv("drafted", `${who(l.drafted_by)} \u00b7 ${whenText(l.drafted_at)}`)];
  if (l.approved_by) rows.push(kv("approved", `${l.approved_by_name || who(l.approved_by)} \u00b7 ${whenText(l.approved_at)}`));
  if (l.revoked_by) rows.push(kv("revoked", `${who(l.revoked_by)} \u00b7 ${whenText(l.revoked_at)}`), kv("reason", l.revoke_reason));
  rows.push(kv("verify_code", l.verify_code));
  const actions = el("div", { class: "actions" },
    el("a", { class: "button", href: `/api/letters/${l.id}.pdf`, target: "_blank", rel: "noopener", text: t("pdf") }));
  if (l.status !== "draft") actions.append(el("a", { class: "button", href: `/v/${l.verify_code}`, target: "_blank", rel: "noopener", text: t("check_page") }));
  if (l.status === "draft") {
    if (S.rights.approve) actions.append(el("button", { type: "button", class: "primary", id: "btn-approve", text: t("approve"), onclick: approve }));
    actions.append(el("button", { type: "button", id: "btn-discard", text: t("discard"), onclick: discard }));
  }
  const parts = [el("div", { class: "detail-head" },
    el("h2", { text: l.number || t("draft_number") }), el("span", { class: `pill st-${l.status}`, text: w(V.letter_statuses, l.status) })),
  ...rows, actions];
  if (l.status === "approved" && S.rights.revoke) {
    const reason = el("textarea", { id: "revoke-reason", rows: "2", maxlength: "300" });
    parts.push(el("form", { class: "revoke", onsubmit: (ev) => { ev.preventDefault(); revoke(reason.value); } },
      el("label", { for: "revoke-reason", text: t("revoke_reason") }), reason,
      el("button", { type: "submit", class: "danger", id: "btn-revoke", text: t("revoke") })));
  }
  if (S.message) parts.push(messageNode());
  box.replaceChildren(...parts);
}

async function act(fn, done) {
  try {
    const result = await fn();
    S.message = { text: done(result), error: false };
  } catch (e) {
    const fields = (e.body && e.body.errors) || [];
    S.message = { text: [serverText(e, t.lang), ...fields.map((f) => serverText(f, t.lang))].join(" "), error: true };
  }
  await loadList();
  renderDetail();
}
const approve = () => act(async () => (S.open = { ...S.open, ...(await api("POST", `/api/letters/${S.open.id}/approve`)) }),
  (l) => t("approved_done", { number: l.number }));
const revoke = (reason) => act(async () => (S.open = { ...S.open, ...(await api("POST", `/api/letters/${S.open.id}/revoke`, { reason })) }),
  () => t("revoked_done"));
function discard() {
  if (!confirm(t("discard_confirm"))) return;
  act(async () => { await api("DELETE", `/api/letters/${S.open.id}`); S.open = null; }, () => t("discarded"));
}

function messageNode() {
  return el("p", { id: "message", class: "message" + (S.message.error ? " error" : ""), role: "status", text: S.message.text });
}
function showMessage(text, error) {
  S.message = { text, error };
  renderDetail();
}

function drawStatic() {
  applyTexts(t);
  document.title = t("page_title");
  const sel = $("filter-status");
  const chosen = sel.value;
  sel.replaceChildren(el("option", { value: "", text: t("all_statuses") }),
    ...STATUSES.map((s) => el("option", { value: s, text: w(V.letter_statuses, s), selected: s === chosen })));
  renderList();
  renderDetail();
}

async function start() {
  try {
    S.me = await api("GET", "/api/auth/me");
  } catch (e) {
    return location.assign("/login?next=/surat");
  }
  t = translator(TEXTS, S.me.language);
  $("user").textContent = S.me.name;
  languageSwitch($("lang"), t.lang, { choose: (lang) => { t = translator(TEXTS, lang); drawStatic(); },
    failed: (e) => showMessage(serverText(e, t.lang), true) });
  drawStatic();
  await loadList();
  window.antreLetters = { ready: true };
}

$("filter-status").addEventListener("change", loadList);
$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch (e) { /* already out */ }
  location.assign("/login");
});
start();
