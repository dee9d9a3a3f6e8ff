/* /pair: the technician types the one-time code from the admin page on the TV; the TV keeps its key. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const S = { result: null };
  window.antrePair = S;

  function tidy(value) {
    const raw = value.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 8);
    return raw.length > 4 ? raw.slice(0, 4) + "-" + raw.slice(4) : raw;
  }

  function showPaired() {
    const dev = AntreDevice.load();
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
      const r = await Antre.api("POST", "/api/devices/pair", { code, kind: "display" });
      S.result = { kind: r.kind, name: r.name, device_id: r.device_id };
      AntreDevice.save({ device_id: r.device_id, name: r.name, kind: r.kind, key: r.key, paired_at: Date.now() });
      $("code").value = "";
      showPaired();
      $("paired-now").hidden = true;
      $("done").textContent = `Berhasil. Layar ini terpasang sebagai \u201c${r.name}\u201d. Membuka layar antrean\u2026`;
      $("done").hidden = false;
      setTimeout(() => location.assign("/display"), 2500);
    } catch (err) {
      let msg = err.message;
      if (err.code === "too_many_attempts" && err.body.retry_after) {
        msg += ` (tunggu ${Math.ceil(err.body.retry_after / 60)} menit)`;
      }
      fail(msg);
    } finally {
      $("submit").disabled = false;
    }
  });

  $("forget").addEventListener("click", () => {
    if (!confirm("Lepas pemasangan? Layar tetap menampilkan antrean, tetapi admin tidak lagi melihatnya online.")) return;
    AntreDevice.forget();
    showPaired();
  });

  showPaired();
})();
