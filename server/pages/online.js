/* The online application form: a phone in a hand, a slow connection, no CDN.
   Sends the form as JSON; a busy address is asked for a proof of work, which this page solves
   (proof.js) and sends again. */
import { $, el } from "/pages/common.js";
import { applyTexts, pickLanguage, translator } from "/pages/i18n.js";
import { TEXTS } from "/pages/online-texts.js";
import { solve } from "/pages/proof.js";

const LANG_KEY = "antre.lang";
let t = translator(TEXTS, pickLanguage(new URLSearchParams(location.search).get("lang"),
  localStorage.getItem(LANG_KEY), ...(navigator.languages || [navigator.language])));
let services = [];
let loaded = false;  // the services list has arrived (until then an empty list says nothing)
let retentionDays = 30;
let lastProblems = null;
window.antreOnline = { lang: () => t.lang };

function useLanguage(lang) {
  t = translator(TEXTS, lang);
  applyTexts(t);
  $("lang").lang = t.lang === "en" ? "id" : "en";
  $("language").value = t.lang;
  $("privacy-how-long").textContent = t("privacy_how_long", { days: retentionDays });
  fillServices();
  if (lastProblems) showProblems(lastProblems);
}
$("lang").addEventListener("click", () => {
  const lang = t.lang === "en" ? "id" : "en";
  localStorage.setItem(LANG_KEY, lang);
  useLanguage(lang);
});

function fillServices() {
  const select = $("service");
  const chosen = select.value;
  select.replaceChildren(...services.map((s) =>
    el("option", { value: s.code, text: (t.lang === "en" && s.name_en) || s.name })));
  if (chosen) select.value = chosen;
  const s = services.find((x) => x.code === select.value);
  $("requirements").textContent = s ? ((t.lang === "en" && s.requirements_en) || s.requirements || "") : "";
  $("send").disabled = loaded && !services.length;
  if (loaded && !services.length) {
    showProblems([{ message: TEXTS.no_services[0], message_en: TEXTS.no_services[1] }]);
  }
}
$("service").addEventListener("change", fillServices);

$("nik").addEventListener("input", () => {
  const digits = $("nik").value.replace(/[\s.\-]/g, "");
  $("nik-count").textContent = digits ? `${digits.length} / 16` : "";
});

function showProblems(items) {
  lastProblems = items;
  const box = $("problems");
  for (const node of document.querySelectorAll(".invalid")) node.classList.remove("invalid");
  if (!items || !items.length) { box.hidden = true; return; }
  const say = (p) => (t.lang === "en" ? p.message_en || p.message : p.message);
  box.replaceChildren(el("p", { text: t("fix_these") }),
    el("ul", {}, ...items.map((p) => el("li", { text: say(p) }))));
  box.hidden = false;
  for (const p of items) {
    const input = p.field && $(p.field === "contact" ? "phone" : p.field);
    if (input) input.classList.add("invalid");
  }
  box.focus();
}

async function post(path, body, headers = {}) {
  let res;
  try {
    res = await fetch(path, { method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  } catch (e) {
    return { status: 0, data: { code: "offline", message: TEXTS.offline[0], message_en: TEXTS.offline[1] } };
  }
  let data = null;
  try { data = await res.json(); } catch (e) { data = {}; }
  return { status: res.status, data, retryAfter: res.headers.get("Retry-After") };
}

async function upload(code, kind, file) {
  const what = t(kind);
  if (!file) return null;
  try {
    const res = await fetch(`/api/online/applications/${encodeURIComponent(code)}/files/${kind}`, {
      method: "PUT", credentials: "same-origin", headers: { "Content-Type": file.type || "application/octet-stream" },
      body: file });
    if (res.ok) return { ok: true, text: t("photo_sent", { what }) };
    let data = {};
    try { data = await res.json(); } catch (e) { /* the status alone says it */ }
    const why = (t.lang === "en" ? data.message_en : data.message) || String(res.status);
    return { ok: false, text: t("photo_failed", { what, why }) };
  } catch (e) {
    return { ok: false, text: t("photo_failed", { what, why: t("offline") }) };
  }
}

function formData() {
  const v = (id) => $(id).value.trim();
  return { service: $("service").value, nik: v("nik"), name: v("name"), address: v("address"),
    phone: v("phone") || null, email: v("email") || null, need: v("need"), consent: $("consent").checked,
    language: t.lang };
}

$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const send = $("send");
  send.disabled = true;
  send.textContent = t("sending");
  $("progress").textContent = "";
  try {
    const body = formData();
    let r = await post("/api/online/applications", body);
    if (r.status === 428 && r.data.challenge) {
      $("progress").textContent = t("checking");
      const nonce = await solve(r.data.challenge, r.data.bits);
      r = await post("/api/online/applications", body, { "X-Proof-Challenge": r.data.challenge, "X-Proof-Nonce": nonce });
    }
    $("progress").textContent = "";
    if (r.status !== 200 && r.status !== 201) {
      showProblems(r.data.errors && r.data.errors.length ? r.data.errors : [r.data]);
      return;
    }
    showProblems(null);
    const results = [];
    for (const kind of ["ktp", "kk"]) {
      const done = await upload(r.data.code, kind, $(kind).files[0]);
      if (done) results.push(done);
    }
    showReceipt(r.data, results);
  } finally {
    send.disabled = false;
    send.textContent = t("send");
  }
});

function showReceipt(receipt, results) {
  $("form").hidden = true;
  $("code").textContent = receipt.code;
  $("deadline").textContent = receipt.deadline_words;
  $("status-link").href = `/a/${encodeURIComponent(receipt.code)}`;
  $("photo-results").replaceChildren(...results.map((r) => el("li", { class: r.ok ? "ok" : "bad", text: r.text })));
  $("receipt").hidden = false;
  $("receipt").focus();
  window.scrollTo(0, 0);
}

async function start() {
  useLanguage(t.lang);
  try {
    const res = await fetch("/api/online/services", { cache: "no-store" });
    const data = await res.json();
    services = data.services || [];
    loaded = true;
    retentionDays = data.retention_days || retentionDays;
    if (data.office) $("office").textContent = data.office;
  } catch (e) {
    showProblems([{ message: TEXTS.offline[0], message_en: TEXTS.offline[1] }]);
  }
  useLanguage(t.lang);
  document.body.classList.add("ready");
}
start();
