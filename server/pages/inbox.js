/* The back office's inbox (/inbox): online applications by deadline, overdue ones first and marked.

   Opening one asks the server for the full application (the look, the NIK included, is audited);
   the clerk records the SIKS-NG result, sends the reply (the server writes the citizen's message),
   drafts the letter for the head of office to approve, and closes it. */
import V from "/pages/vocabulary.js";
import { $, api, el, word } from "/pages/common.js";
import { translator, applyTexts } from "/pages/i18n.js";
import { languageSwitch, serverText } from "/pages/account_language.js";
import { TEXTS } from "/pages/inbox-texts.js";

const S = { list: [], open: null, me: null };
let t = translator(TEXTS, "id");
window.antreInbox = { ready: false, lang: () => t.lang };

const w = (table, name) => word(table, name, t.lang);

function dayText(day) {
  if (!day) return "";
  const [y, m, d] = day.split("-").map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return `${V.day_names[t.lang][weekday]}, ${d} ${V.month_names[t.lang][m - 1]} ${y}`;
}

function toast(text, error = false) {
  const box = $("message");
  box.textContent = text;
  box.className = "toast" + (error ? " error" : "");
  box.hidden = !text;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, error ? 8000 : 3000);
}

const pill = (status) => el("span", { class: `pill st-${status}`, text: w(V.application_statuses, status) });

async function loadList() {
  try {
    const data = await api("GET", "/api/online/inbox" + ($("show-closed").checked ? "?closed=true" : ""));
    S.list = data.applications;
  } catch (e) {
    if (e.status === 401) return location.assign("/login?next=" + encodeURIComponent(location.pathname));
    toast(serverText(e, t.lang) || t("load_failed"), true);
  }
  renderList();
}

function renderList() {
  const box = $("apps");
  if (!S.list.length) return box.replaceChildren(el("li", { class: "muted empty", text: t("none") }));
  box.replaceChildren(...S.list.map((a) => el("li", {},
    el("button", { type: "button", class: "case" + (a.overdue ? " overdue" : "") + (S.open && S.open.id === a.id ? " current" : ""),
      "data-id": a.id, onclick: () => openApp(a.id) },
      el("span", { class: "case-head" }, el("strong", { class: "code", text: a.code }), pill(a.status),
        a.overdue ? el("span", { class: "badge late", text: t("overdue") }) : null),
      el("span", { class: "case-what", text: `${a.name} \u00b7 ${(t.lang === "en" && a.service_name_en) || a.service_name}` }),
      el("span", { class: "case-when" },
        el("span", { text: t("received", { day: dayText(a.received_on) }) }),
        el("span", { class: "deadline", text: t("due", { day: dayText(a.deadline) }) }),
        a.files ? el("span", { text: t("photos", { n: a.files }) }) : null)))));
}

async function openApp(id) {
  try {
    S.open = await api("GET", `/api/online/applications/${id}/full`);
  } catch (e) {
    return toast(serverText(e, t.lang), true);
  }
  renderList();
  renderDetail();
}

const kv = (k, v, cls) => el("div", { class: "kv" }, el("span", { class: "k", text: k }), el("span", { class: "v" + (cls ? " " + cls : ""), text: v || "\u2013" }));

function renderDetail() {
  const a = S.open;
  const box = $("detail");
  if (!a) return box.replaceChildren(el("p", { class: "muted", text: t("pick") }));
  const photos = a.files.length
    ? el("div", { class: "photos" }, ...a.files.map((f) => el("figure", {},
      el("a", { href: `/api/online/applications/${a.id}/files/${f.id}`, target: "_blank" },
        el("img", { src: `/api/online/applications/${a.id}/files/${f.id}`, alt: t(f.kind) })),
      el("figcaption", { text: t(f.kind) }))))
    : el("p", { class: "muted", text: t("no_photos") });
  box.replaceChildren(...[
    el("div", { class: "detail-head" }, el("h2", { class: "code", text: a.code }), pill(a.status),
      a.overdue ? el("span", { class: "badge late", text: t("overdue") }) : null),
    kv(t("nik"), a.nik, "nik"), kv(t("name"), a.name), kv(t("address"), a.address),
    kv(t("phone"), a.phone ? "+" + a.phone : ""), kv(t("email"), a.email),
    kv(t("service"), (t.lang === "en" && a.service_name_en) || a.service_name),
    kv(t("deadline"), dayText(a.deadline)),
    el("p", { class: "description", text: a.need }),
    photos, checkStep(a), replyStep(a), letterStep(a), closeStep(a)].filter(Boolean));  // a step not yet due is null
}

async function act(path, body, after) {
  try {
    const result = await api("POST", `/api/online/applications/${S.open.id}/${path}`, body);
    toast(t("saved"));
    if (after) after(result);
    await openApp(S.open.id);
    await loadList();
  } catch (e) {
    const problems = e.body && e.body.errors ? e.body.errors.map((p) => serverText(p, t.lang)).join(" ") : "";
    toast(problems || serverText(e, t.lang), true);
  }
}

function checkStep(a) {
  const select = el("select", { id: "siks-result" }, ...Object.keys(V.siks_results).map((k) =>
    el("option", { value: k, text: w(V.siks_results, k) })));
  if (a.siks_result) select.value = a.siks_result;
  const editable = a.status === "received" || a.status === "checked";
  select.disabled = !editable;
  return el("div", { class: "step" }, el("h3", { text: t("step_check") }),
    el("div", { class: "row" }, select, editable
      ? el("button", { type: "button", id: "save-check", class: a.siks_result ? "" : "primary",
        onclick: () => act("check", { result: select.value }), text: t("save_check") }) : null));
}

function replyStep(a) {
  if (!a.siks_result) return null;
  if (a.status === "answered" || a.status === "closed") {
    return el("div", { class: "step" }, el("h3", { text: t("step_reply") }), el("p", { class: "text", text: a.reply }));
  }
  const text = el("textarea", { id: "reply-text", maxlength: "2000" });
  text.value = a.reply_draft || a.reply || "";
  return el("div", { class: "step" }, el("h3", { text: t("step_reply") }),
    el("p", { class: "muted", text: t("reply_public") }), text,
    el("div", { class: "row" }, el("button", { type: "button", id: "send-reply", class: "primary",
      onclick: () => act("reply", { reply: text.value }), text: t("send_reply") })));
}

function letterStep(a) {
  if (!a.siks_result || a.status === "closed") return null;
  const letter = a.letter;
  return el("div", { class: "step" }, el("h3", { text: t("step_letter") }), letter
    ? el("p", { class: "done" }, t("letter_status", { status: w(V.letter_statuses, letter.status), number: letter.number || "" }),
      " ", el("a", { href: "/surat", target: "_blank", text: t("open_letters") }))
    : el("div", { class: "row" }, el("button", { type: "button", id: "make-letter",
      onclick: () => act("letter"), text: t("make_letter") })));
}

function closeStep(a) {
  if (a.status !== "answered") return null;
  return el("div", { class: "step" }, el("div", { class: "row" },
    el("button", { type: "button", id: "close-app", onclick: () => act("close"), text: t("close") })));
}

function drawStatic() {
  applyTexts(t);
  renderList();
  renderDetail();
}

async function start() {
  try {
    S.me = await api("GET", "/api/auth/me");
  } catch (e) {
    return location.assign("/login?next=" + encodeURIComponent(location.pathname));
  }
  t = translator(TEXTS, S.me.language);
  $("user").textContent = S.me.name;
  languageSwitch($("lang"), t.lang, { choose: (lang) => { t = translator(TEXTS, lang); drawStatic(); },
    failed: (e) => toast(serverText(e, t.lang), true) });
  drawStatic();
  await loadList();
  window.antreInbox.ready = true;
  setInterval(loadList, 60000);
}

$("show-closed").addEventListener("change", loadList);
$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch (e) { /* already out */ }
  location.assign("/login");
});
start();
