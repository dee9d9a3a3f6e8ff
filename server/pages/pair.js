/* /pair: the technician types the one-time code from the admin page on the TV; the TV keeps its key.
   The page also tells the technician how to start Chromium on a wall TV (sound without a click,
   full screen, no sleep) and where the counter displays are. Indonesian by default; ?lang=en, the
   paired device's language, or the switch. */
import { $, el, api, withRetryHint } from "/pages/common.js";
import { applyTexts, pickLanguage, translator } from "/pages/i18n.js";
import * as device from "/pages/device.js";

const TEXTS = {
  page_title: ["Pasang perangkat \u2013 Antre", "Pair a device \u2013 Antre"],
  title: ["Pasang layar TV", "Pair a TV display"],
  title_survey: ["Pasang tablet survei", "Pair a survey tablet"],
  step1: ["Di komputer admin buka halaman /admin \u203a Perangkat dan tekan \u201cTambah layar TV\u201d.",
    "On the admin computer open /admin \u203a Perangkat (devices) and press \u201cTambah layar TV\u201d (add a TV)."],
  step2: ["Ketik kode pemasangan yang muncul di sana (8 huruf/angka).", "Type the pairing code shown there (8 letters/digits)."],
  code: ["Kode pemasangan", "Pairing code"],
  submit: ["Pasangkan", "Pair"],
  open_display: ["Buka layar antrean", "Open the queue display"],
  forget: ["Lepas pemasangan di browser ini", "Unpair this browser"],
  forget_confirm: ["Lepas pemasangan? Layar tetap menampilkan antrean, tetapi admin tidak lagi melihatnya online.",
    "Unpair? The screen keeps showing the queue, but the admin no longer sees it online."],
  paired_now: ["Browser ini sudah terpasang sebagai \u201c{name}\u201d. Memasang dengan kode baru akan menggantinya.",
    "This browser is paired as \u201c{name}\u201d. Pairing with a new code replaces it."],
  bad_code: ["Kode pemasangan terdiri dari 8 huruf/angka, misalnya ABCD-EFGH.",
    "A pairing code has 8 letters/digits, for example ABCD-EFGH."],
  done: ["Berhasil. Layar ini terpasang sebagai \u201c{name}\u201d. Membuka layar antrean\u2026",
    "Done. This screen is paired as \u201c{name}\u201d. Opening the queue display\u2026"],
  chromium_title: ["Pengaturan browser TV (Chromium)", "The TV's browser (Chromium)"],
  chromium_intro: ["Jalankan Chromium dengan perintah ini, agar panggilan bersuara tanpa klik, layar penuh, dan tanpa jendela pemulihan setelah listrik padam:",
    "Start Chromium with this command, so calls are spoken without a click, full screen, with no restore prompt after a power cut:"],
  flag_kiosk: ["layar penuh, tanpa bilah alamat (keluar: Alt+F4)", "full screen, no address bar (leave with Alt+F4)"],
  flag_autoplay: ["panggilan langsung bersuara; tanpa ini browser menunggu klik dan layar menampilkan \u201cSuara diblokir browser\u201d",
    "calls are spoken at once; without it the browser waits for a click and the screen shows \u201cSound blocked by the browser\u201d"],
  flag_crash: ["tanpa jendela \u201cPulihkan halaman?\u201d setelah listrik padam", "no \u201cRestore pages?\u201d prompt after a power cut"],
  no_sleep: ["Agar layar tidak mati atau tidur: matikan mode hemat energi/timer tidur di pengaturan TV, dan di komputer TV jalankan:",
    "So the screen never blanks or sleeps: switch off the TV's energy saving/sleep timer, and on the TV's computer run:"],
  counters_intro: ["Layar kecil di atas loket: buka alamat loketnya (pasangkan dulu bila ingin terlihat Online di /admin):",
    "Small screen above a counter: open its address (pair it first to see it online on /admin):"],
  switch_to: ["English", "Bahasa Indonesia"]
};
const CHROMIUM_FLAGS = "--kiosk --autoplay-policy=no-user-gesture-required --noerrdialogs --disable-session-crashed-bubble";

const S = { result: null };
window.antrePair = S;
const params = new URLSearchParams(location.search);
let t = translator(TEXTS, pickLanguage(params.get("lang")));

// After pairing, back to where the technician came from: the lobby display or a counter display.
const next = /^\/(display|survey|counter\/\d{1,9})$/.test(params.get("next") || "") ? params.get("next") : "/display";

function tidy(value) {
  const raw = value.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 8);
  return raw.length > 4 ? raw.slice(0, 4) + "-" + raw.slice(4) : raw;
}

function showPaired() {
  const dev = device.load();
  $("paired-now").hidden = !dev;
  $("forget").hidden = !dev;
  if (dev) $("paired-now").textContent = t("paired_now", { name: dev.name });
}

function fail(text) {
  $("error").textContent = text;
  $("error").hidden = false;
}

function render() {
  applyTexts(t);
  if (next === "/survey") document.querySelector("h1").textContent = t("title_survey");
  document.title = t("page_title");
  $("lang").lang = t.lang === "en" ? "id" : "en";
  $("step1").textContent = t("step1");
  $("chromium-command").textContent = `chromium ${CHROMIUM_FLAGS} ${location.origin}${next}`;
  $("to-display").href = next;
  showPaired();
}

async function counters() {
  try {
    const s = await api("GET", "/api/state");
    $("counter-links").replaceChildren(...(s.counters || []).map((c) =>
      el("li", {}, el("a", { href: `/counter/${c.id}`, text: `${c.name}: /counter/${c.id}` }))));
  } catch (e) { /* the list is a convenience; pairing works without it */ }
}

const given = params.get("code");
if (given) $("code").value = tidy(given);
$("code").addEventListener("input", () => {
  const v = tidy($("code").value);
  if (v !== $("code").value) $("code").value = v;
});

$("lang").addEventListener("click", () => { t = translator(TEXTS, t.lang === "en" ? "id" : "en"); render(); });

$("pair").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("error").hidden = true;
  $("done").hidden = true;
  const code = tidy($("code").value);
  if (code.length !== 9) return fail(t("bad_code"));
  $("submit").disabled = true;
  try {
    // Saying we are a display lets the server refuse a kiosk's code without using it up.
    const r = await api("POST", "/api/devices/pair", { code, kind: next === "/survey" ? "survey" : "display" });
    S.result = { kind: r.kind, name: r.name, device_id: r.device_id };
    device.save({ device_id: r.device_id, name: r.name, kind: r.kind, key: r.key, paired_at: Date.now() });
    $("code").value = "";
    showPaired();
    $("paired-now").hidden = true;
    $("done").textContent = t("done", { name: r.name });
    $("done").hidden = false;
    setTimeout(() => location.assign(next), 2500);
  } catch (err) {
    fail(t.lang === "en" && err.body && err.body.message_en ? err.body.message_en : withRetryHint(err));
  } finally {
    $("submit").disabled = false;
  }
});

$("forget").addEventListener("click", () => {
  if (!confirm(t("forget_confirm"))) return;
  device.forget();
  showPaired();
});

render();
counters();
// A paired TV keeps the language the technician chose for it on /admin.
if (!params.get("lang")) device.settings().then((s) => { if (s && s.language === "en") { t = translator(TEXTS, "en"); render(); } });
