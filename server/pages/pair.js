/* /pair: the technician types the one-time code from the admin page on the TV; the TV keeps its key. */
import { $, api, withRetryHint } from "/pages/common.js";
import * as device from "/pages/device.js";

const S = { result: null };
window.antrePair = S;

function tidy(value) {
  const raw = value.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 8);
  return raw.length > 4 ? raw.slice(0, 4) + "-" + raw.slice(4) : raw;
}

function showPaired() {
  const dev = device.load();
  $("paired-now").hidden = !dev;
  $("forget").hidden = !dev;
  if (dev) {
    $("paired-now").textContent = `Browser ini sudah terpasang sebagai \u201c${dev.name}\u201d. ` +
      "Memasang dengan kode baru akan menggantinya.";
  }
}

function fail(text) {
  $("error").textContent = text;
  $("error").hidden = false;
}

const given = new URLSearchParams(location.search).get("code");
if (given) $("code").value = tidy(given);
$("code").addEventListener("input", () => {
  const v = tidy($("code").value);
  if (v !== $("code").value) $("code").value = v;
});

$("pair").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("error").hidden = true;
  $("done").hidden = true;
  const code = tidy($("code").value);
  if (code.length !== 9) return fail("Kode pemasangan terdiri dari 8 huruf/angka, misalnya ABCD-EFGH.");
  $("submit").disabled = true;
  try {
    // Saying we are a display lets the server refuse a kiosk's code without using it up.
    const r = await api("POST", "/api/devices/pair", { code, kind: "display" });
    S.result = { kind: r.kind, name: r.name, device_id: r.device_id };
    device.save({ device_id: r.device_id, name: r.name, kind: r.kind, key: r.key, paired_at: Date.now() });
    $("code").value = "";
    showPaired();
    $("paired-now").hidden = true;
    $("done").textContent = `Berhasil. Layar ini terpasang sebagai \u201c${r.name}\u201d. Membuka layar antrean\u2026`;
    $("done").hidden = false;
    setTimeout(() => location.assign("/display"), 2500);
  } catch (err) {
    fail(withRetryHint(err));
  } finally {
    $("submit").disabled = false;
  }
});

$("forget").addEventListener("click", () => {
  if (!confirm("Lepas pemasangan? Layar tetap menampilkan antrean, tetapi admin tidak lagi melihatnya online.")) return;
  device.forget();
  showPaired();
});

showPaired();
