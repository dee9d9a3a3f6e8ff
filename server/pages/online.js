/* The online application form: a phone in a hand, a slow connection, no CDN.
   Sends the form as JSON; a busy address is asked for a proof of work, which this page solves
   (pure JavaScript SHA-256: crypto.subtle is missing on plain-http office networks) and sends again. */
import { $, el } from "/pages/common.js";
import { applyTexts, pickLanguage, translator } from "/pages/i18n.js";
import { TEXTS } from "/pages/online-texts.js";

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

/* -- SHA-256 (FIPS 180-4), enough for the puzzle: sha256(challenge + nonce) with `bits` zero bits -- */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2]);
const W = new Uint32Array(64);
const rotr = (x, n) => (x >>> n) | (x << (32 - n));

function sha256(bytes) {
  const len = bytes.length;
  const total = Math.ceil((len + 9) / 64) * 64;
  const msg = new Uint8Array(total);
  msg.set(bytes);
  msg[len] = 0x80;
  const bitLen = len * 8;
  msg[total - 4] = bitLen >>> 24; msg[total - 3] = bitLen >>> 16; msg[total - 2] = bitLen >>> 8; msg[total - 1] = bitLen;
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      W[i] = (msg[j] << 24) | (msg[j + 1] << 16) | (msg[j + 2] << 8) | msg[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(W[i - 15], 7) ^ rotr(W[i - 15], 18) ^ (W[i - 15] >>> 3);
      const s1 = rotr(W[i - 2], 17) ^ rotr(W[i - 2], 19) ^ (W[i - 2] >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return h;
}

function zeroBits(h) {
  let n = 0;
  for (const word of h) {
    if (word === 0) { n += 32; continue; }
    return n + Math.clz32(word);
  }
  return n;
}

/* Find the nonce, yielding to the page every few thousand tries so the spinner keeps turning. */
async function solve(challenge, bits) {
  const enc = new TextEncoder();
  for (let n = 0; ; n++) {
    if (zeroBits(sha256(enc.encode(challenge + n))) >= bits) return String(n);
    if (n % 4000 === 3999) await new Promise((r) => setTimeout(r, 0));
  }
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
