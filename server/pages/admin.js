/* Technician's pages: office profile, services, counters, accounts, devices. All through /api/admin. */
"use strict";

(() => {
  const { el, api, Stream, timeText } = Antre;
  const $ = (id) => document.getElementById(id);

  const TABS = ["office", "services", "counters", "users", "devices"];
  const ROLE = { staff: "Petugas", supervisor: "Supervisor", admin: "Admin" };
  const COUNTER_ROLE = { front_office: "Front office", back_office: "Back office", bansos_desk: "Meja bansos",
    complaints: "Pengaduan" };
  const COUNTER_STATE = { open: "Buka", paused: "Istirahat", closed: "Tutup" };
  const DAYS = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"];  // server: 0 = Monday
  const PRINTER = { ok: ["Siap", "good"], paper_low: ["Kertas hampir habis", "warn"], paper_out: ["KERTAS HABIS", "bad"],
    offline: ["Printer tidak terhubung", "bad"], error: ["Printer error", "bad"], unknown: ["Belum diketahui", "muted"],
    none: ["Tanpa printer", "muted"] };
  const RED_ALERTS = ["offline", "printer_paper_out", "printer_offline", "printer_error"];

  const S = { tab: null, me: null, office: {}, services: [], counters: [], users: [], devices: [],
    offlineAfter: 90, loadedAt: 0, devSig: "", tz: "Asia/Jakarta" };
  window.antreAdmin = S;

  // ---------- small helpers ----------
  let toastTimer = null;
  function toast(text, kind = "ok") {
    const t = $("toast");
    t.textContent = text;
    t.className = "toast " + kind;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, kind === "ok" ? 6000 : 12000);
  }

  function authLost(e) {
    if (e && e.status === 401) { location.replace("/login?next=" + encodeURIComponent(location.pathname)); return true; }
    if (e && e.status === 403) { location.reload(); return true; }
    return false;
  }

  function failed(e) { if (!authLost(e)) toast(e.message, "error"); }

  const anyDialogOpen = () => !!document.querySelector("dialog[open]");

  function clearErrors(form) {
    form.querySelectorAll(".field-error").forEach((n) => n.remove());
    form.querySelectorAll(".invalid").forEach((n) => n.classList.remove("invalid"));
    form.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
    form.querySelectorAll("[data-error]").forEach((n) => { n.hidden = true; n.textContent = ""; });
  }

  /* Each problem goes next to its field; what has no field goes to the form's own line. */
  function showErrors(form, e) {
    if (authLost(e)) return;
    clearErrors(form);
    const list = (e.body && e.body.errors) || [];
    const loose = [];
    let first = null;
    for (const p of list) {
      const msg = p.message || p.problem || "Tidak valid.";
      const input = form.querySelector(`[name="${p.field}"]`);
      const slot = form.querySelector(`[data-error="${p.field}"]`);
      if (input) {
        const box = input.closest(".field") || input.parentElement;
        box.classList.add("invalid");
        input.setAttribute("aria-invalid", "true");
        box.append(el("p", { class: "field-error", "data-field": p.field, text: msg }));
        first = first || input;
      } else if (slot) {
        slot.textContent = msg;
        slot.hidden = false;
        slot.classList.add("field-error-slot");
      } else {
        loose.push(msg);
      }
    }
    const line = form.querySelector('[data-error="form"]');
    if (line) {
      line.textContent = list.length ? (loose.length ? loose.join(" ") : "Periksa isian yang ditandai merah.") : e.message;
      line.hidden = false;
    }
    if (first) first.focus();
  }

  function busy(button, on) { if (button) { button.disabled = on; button.classList.toggle("running", on); } }

  function confirmBox(title, text, yes = "Ya") {
    return new Promise((resolve) => {
      const d = $("confirm-dialog");
      $("confirm-title").textContent = title;
      $("confirm-text").textContent = text;
      $("confirm-yes").textContent = yes;
      const done = (v) => { d.close(); $("confirm-yes").onclick = null; $("confirm-no").onclick = null; resolve(v); };
      $("confirm-yes").onclick = () => done(true);
      $("confirm-no").onclick = () => done(false);
      d.oncancel = () => resolve(false);
      d.showModal();
    });
  }

  for (const d of document.querySelectorAll("dialog")) {
    for (const b of d.querySelectorAll("button.cancel")) b.addEventListener("click", () => d.close());
  }

  const svcName = (code) => (S.services.find((s) => s.code === code) || {}).name_id || "";
  const counterName = (id) => (S.counters.find((c) => c.id === id) || {}).name || "\u2014";
  const numOrNull = (v) => { v = String(v).trim(); return v === "" ? null : v; };

  function ago(seconds) {
    if (seconds === null || seconds === undefined) return "belum pernah";
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return `${s} detik lalu`;
    if (s < 3600) return `${Math.floor(s / 60)} menit lalu`;
    if (s < 86400) return `${Math.floor(s / 3600)} jam lalu`;
    return `${Math.floor(s / 86400)} hari lalu`;
  }

  // ---------- tabs ----------
  function tabFromPath() {
    const t = location.pathname.split("/")[2] || "office";
    return TABS.includes(t) ? t : "office";
  }

  function show(tab) {
    S.tab = tab;
    for (const t of TABS) $("sec-" + t).hidden = t !== tab;
    for (const a of document.querySelectorAll(".tabs a")) a.classList.toggle("active", a.dataset.tab === tab);
    document.title = document.querySelector(`.tabs a[data-tab="${tab}"]`).firstChild.textContent.trim() + " \u2013 Pengaturan Antre";
    return LOADERS[tab]();
  }

  for (const a of document.querySelectorAll(".tabs a")) {
    a.addEventListener("click", (e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      history.pushState(null, "", a.getAttribute("href"));
      show(a.dataset.tab);
    });
  }
  window.addEventListener("popstate", () => show(tabFromPath()));

  // ---------- office profile ----------
  const OFFICE_TEXT = ["name", "address", "timezone", "data_source", "legal_basis", "running_text",
    "announcement_phrase", "ticket_footer"];

  function renderBrand() {
    $("office").textContent = S.office.name || "Antre";
    const v = S.office.logo_version;
    $("top-logo").src = v ? `/api/logo?v=${v}` : "/pages/logo.svg";
    $("logo-current").hidden = !v;
    $("logo-none").hidden = !!v;
    if (v) $("logo-current").src = `/api/logo?v=${v}`;
  }

  async function loadOffice() {
    try {
      S.office = await api("GET", "/api/admin/office");
    } catch (e) { return failed(e); }
    const f = $("office-form");
    clearErrors(f);
    for (const k of OFFICE_TEXT) {
      const input = $("of-" + k);
      const v = S.office[k] === null || S.office[k] === undefined ? "" : String(S.office[k]);
      if (input.tagName === "SELECT" && v && ![...input.options].some((o) => o.value === v)) {
        input.append(el("option", { value: v, text: v }));
      }
      input.value = v;
    }
    $("of-nik_retention_days").value = S.office.nik_retention_days ?? "";
    $("of-voice").checked = S.office.voice !== false;
    renderBrand();
  }

  $("office-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = $("office-form");
    const body = {};
    for (const k of OFFICE_TEXT) body[k] = $("of-" + k).value;
    const days = $("of-nik_retention_days").value.trim();
    body.nik_retention_days = days === "" ? "" : days;
    body.voice = $("of-voice").checked;
    busy($("office-save"), true);
    try {
      S.office = await api("PUT", "/api/admin/office", body);
      clearErrors(f);
      renderBrand();
      toast("Profil kantor tersimpan. Kiosk dan layar TV memakai perubahan ini sekarang.");
    } catch (err) {
      showErrors(f, err);
    } finally { busy($("office-save"), false); }
  });

  // ---------- logo ----------
  const LOGO_MAX = 2 * 1024 * 1024;
  let logoFile = null;

  function logoProblem(text) {
    $("logo-error").textContent = text;
    $("logo-error").hidden = !text;
    $("logo-upload").disabled = !!text || !logoFile;
  }

  $("logo-file").addEventListener("change", () => {
    const file = $("logo-file").files[0] || null;
    logoFile = null;
    $("logo-preview-box").hidden = true;
    logoProblem("");
    if (!file) return;
    if (!["image/png", "image/jpeg"].includes(file.type)) {
      return logoProblem(`\u201c${file.name}\u201d bukan gambar PNG atau JPEG. Pilih berkas logo berformat PNG atau JPEG.`);
    }
    if (file.size > LOGO_MAX) {
      return logoProblem(`Berkas terlalu besar (${(file.size / 1048576).toFixed(1)} MB). Maksimal 2 MB; perkecil gambarnya dulu.`);
    }
    logoFile = file;
    // A data: URL, because the pages' security policy allows no blob: images.
    const reader = new FileReader();
    reader.onload = () => {
      const img = $("logo-preview");
      img.onload = () => { $("logo-preview-box").hidden = false; logoProblem(""); };
      img.onerror = () => { logoFile = null; logoProblem(`\u201c${file.name}\u201d tidak dapat dibaca sebagai gambar. Berkasnya rusak atau bukan PNG/JPEG.`); };
      img.src = reader.result;
    };
    reader.readAsDataURL(file);
  });

  $("logo-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!logoFile) return;
    busy($("logo-upload"), true);
    try {
      let res;
      try {
        res = await fetch("/api/admin/logo", { method: "PUT", credentials: "same-origin", cache: "no-store",
          headers: { "Content-Type": logoFile.type }, body: logoFile });
      } catch (err) {
        throw new Antre.ApiError(0, { message: "Tidak dapat terhubung ke server. Coba lagi." });
      }
      let data = null;
      try { data = await res.json(); } catch (err) { data = null; }
      if (!res.ok) throw new Antre.ApiError(res.status, data && data.message ? data : { message: `Unggah gagal (${res.status}).` });
      S.office.logo_version = data.logo_version;
      renderBrand();
      logoFile = null;
      $("logo-file").value = "";
      $("logo-preview-box").hidden = true;
      toast("Logo tersimpan. Layar TV memakai logo baru.");
    } catch (err) {
      if (!authLost(err)) logoProblem(err.message);
    } finally {
      busy($("logo-upload"), false);
      $("logo-upload").disabled = !logoFile;
    }
  });

  // ---------- services ----------
  function hoursText(h) {
    if (!h) return "\u2014";
    const days = (h.days || []).slice().sort();
    let d = days.map((x) => DAYS[x]).join(", ");
    const run = days.length > 2 && days.every((x, i) => i === 0 || x === days[i - 1] + 1);
    if (run) d = `${DAYS[days[0]]}\u2013${DAYS[days[days.length - 1]]}`;
    return `${d} ${h.start.replace(":", ".")}\u2013${h.end.replace(":", ".")}`;
  }

  async function loadServices() {
    try {
      S.services = await api("GET", "/api/admin/services");
    } catch (e) { return failed(e); }
    renderServices();
  }

  function renderServices() {
    const n = S.services.length;
    $("svc-rows").replaceChildren(...S.services.map((s, i) => el("tr", { "data-code": s.code, class: s.is_open ? "" : "closed" },
      el("td", { class: "order" },
        el("button", { type: "button", class: "small icon", title: "Naikkan", "aria-label": `Naikkan ${s.code}`,
          disabled: i === 0, onclick: () => moveService(i, -1), text: "\u2191" }),
        el("button", { type: "button", class: "small icon", title: "Turunkan", "aria-label": `Turunkan ${s.code}`,
          disabled: i === n - 1, onclick: () => moveService(i, 1), text: "\u2193" })),
      el("td", {}, el("span", { class: "code-badge", text: s.code })),
      el("td", {}, el("div", { class: "strong", text: s.name_id }), el("div", { class: "muted small-text", text: s.name_en })),
      el("td", { class: "num", text: `${s.standard_minutes} mnt` }),
      el("td", { class: "num", text: s.daily_quota ? String(s.daily_quota) : "tanpa batas" }),
      el("td", { text: hoursText(s.open_hours) }),
      el("td", { text: s.kiosk_visible ? "Tampil" : "Tersembunyi" }),
      el("td", {}, el("span", { class: "pill " + (s.is_open ? "open" : "closed"), text: s.is_open ? "Buka" : "Tutup" })),
      el("td", { class: "actions-cell" },
        el("button", { type: "button", class: "small", text: s.is_open ? "Tutup" : "Buka",
          onclick: (e) => toggleService(s, e.currentTarget) }),
        el("button", { type: "button", class: "small", text: "Ubah", onclick: () => editService(s) })))));
  }

  async function moveService(i, delta) {
    const codes = S.services.map((s) => s.code);
    const [c] = codes.splice(i, 1);
    codes.splice(i + delta, 0, c);
    try {
      await api("POST", "/api/admin/services/order", { codes });
      toast(`Urutan layanan: ${codes.join(", ")}.`);
    } catch (e) { failed(e); }
    loadServices();
  }

  async function toggleService(s, button) {
    busy(button, true);
    try {
      await api("PUT", `/api/admin/services/${s.id}`, { is_open: !s.is_open });
      toast(s.is_open ? `Layanan ${s.code} ditutup: kiosk tidak lagi memberi tiket.` : `Layanan ${s.code} dibuka.`);
    } catch (e) { failed(e); }
    loadServices();
  }

  let editingService = null;
  function editService(s) {
    editingService = s || null;
    const f = $("svc-form");
    clearErrors(f);
    $("svc-title").textContent = s ? `Ubah layanan ${s.code}` : "Tambah layanan";
    const v = s || { code: "", name_id: "", name_en: "", requirements_id: "", requirements_en: "", standard_minutes: 15,
      daily_quota: null, open_hours: null, is_open: true, kiosk_visible: true };
    for (const k of ["code", "name_id", "name_en", "requirements_id", "requirements_en", "standard_minutes", "daily_quota"]) {
      $("sv-" + k).value = v[k] === null || v[k] === undefined ? "" : String(v[k]);
    }
    $("sv-is_open").checked = v.is_open !== false;
    $("sv-kiosk_visible").checked = v.kiosk_visible !== false;
    const h = v.open_hours;
    $("sv-hours-on").checked = !!h;
    $("sv-start").value = h ? h.start : "07:30";
    $("sv-end").value = h ? h.end : "15:00";
    const days = h ? h.days : [0, 1, 2, 3, 4];
    $("sv-days").replaceChildren(...DAYS.map((d, i) => el("label", { class: "day" },
      el("input", { type: "checkbox", value: String(i), checked: days.includes(i) }), " " + d)));
    syncHours();
    $("svc-dialog").showModal();
    $("sv-code").focus();
  }
  function syncHours() {
    const on = $("sv-hours-on").checked;
    for (const i of $("sv-open_hours").querySelectorAll(".days input, input[type=time]")) i.disabled = !on;
    $("sv-open_hours").classList.toggle("off", !on);
  }
  $("sv-hours-on").addEventListener("change", syncHours);
  $("svc-add").addEventListener("click", () => editService(null));

  $("svc-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = $("svc-form");
    const body = {
      code: $("sv-code").value.trim().toUpperCase(),
      name_id: $("sv-name_id").value, name_en: $("sv-name_en").value,
      requirements_id: $("sv-requirements_id").value, requirements_en: $("sv-requirements_en").value,
      standard_minutes: numOrNull($("sv-standard_minutes").value),
      daily_quota: numOrNull($("sv-daily_quota").value),
      is_open: $("sv-is_open").checked, kiosk_visible: $("sv-kiosk_visible").checked,
      open_hours: $("sv-hours-on").checked ? {
        days: [...$("sv-days").querySelectorAll("input:checked")].map((i) => +i.value),
        start: $("sv-start").value, end: $("sv-end").value } : null
    };
    busy($("svc-save"), true);
    try {
      if (editingService) await api("PUT", `/api/admin/services/${editingService.id}`, body);
      else await api("POST", "/api/admin/services", body);
      $("svc-dialog").close();
      toast(editingService ? `Layanan ${body.code} tersimpan.` : `Layanan ${body.code} ditambahkan. Atur loket mana yang melayaninya di bagian Loket.`);
      loadServices();
    } catch (err) {
      showErrors(f, err);
    } finally { busy($("svc-save"), false); }
  });

  // ---------- counters ----------
  async function loadCounters() {
    try {
      [S.counters, S.services] = await Promise.all([api("GET", "/api/admin/counters"), api("GET", "/api/admin/services")]);
    } catch (e) { return failed(e); }
    renderCounters();
  }

  function renderCounters() {
    $("ctr-rows").replaceChildren(...S.counters.map((c) => el("tr", { "data-name": c.name },
      el("td", { class: "strong", text: c.name }),
      el("td", { text: COUNTER_ROLE[c.role] || c.role }),
      el("td", {}, el("ol", { class: "chips" }, ...c.services.map((code) => el("li", { class: "chip-svc", title: svcName(code) },
        el("b", { text: code }), " " + svcName(code))))),
      el("td", { text: COUNTER_STATE[c.state] || c.state }),
      el("td", { class: "actions-cell" }, el("button", { type: "button", class: "small", text: "Ubah", onclick: () => editCounter(c) })))));
  }

  let editingCounter = null;
  function pickRow(s, checked) {
    const li = el("li", { "data-code": s.code, class: checked ? "on" : "" },
      el("label", {}, el("input", { type: "checkbox", value: s.code, checked,
        onchange: (e) => li.classList.toggle("on", e.currentTarget.checked) }),
      el("b", { text: " " + s.code }), " \u00b7 " + s.name_id),
      el("span", { class: "move" },
        el("button", { type: "button", class: "small icon", "aria-label": `Naikkan ${s.code}`, text: "\u2191",
          onclick: () => { if (li.previousElementSibling) li.parentNode.insertBefore(li, li.previousElementSibling); } }),
        el("button", { type: "button", class: "small icon", "aria-label": `Turunkan ${s.code}`, text: "\u2193",
          onclick: () => { if (li.nextElementSibling) li.parentNode.insertBefore(li.nextElementSibling, li); } })));
    return li;
  }

  function editCounter(c) {
    editingCounter = c || null;
    const f = $("ctr-form");
    clearErrors(f);
    $("ctr-title").textContent = c ? `Ubah ${c.name}` : "Tambah loket";
    $("ct-name").value = c ? c.name : "";
    $("ct-role").value = c ? c.role : "front_office";
    const chosen = c ? c.services : [];
    const ordered = [...chosen.map((code) => S.services.find((s) => s.code === code)).filter(Boolean),
      ...S.services.filter((s) => !chosen.includes(s.code))];
    $("ct-services").replaceChildren(...ordered.map((s) => pickRow(s, chosen.includes(s.code))));
    $("ctr-dialog").showModal();
    $("ct-name").focus();
  }
  $("ctr-add").addEventListener("click", () => editCounter(null));

  $("ctr-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { name: $("ct-name").value, role: $("ct-role").value,
      services: [...$("ct-services").querySelectorAll("input:checked")].map((i) => i.value) };
    busy($("ctr-save"), true);
    try {
      if (editingCounter) await api("PUT", `/api/admin/counters/${editingCounter.id}`, body);
      else await api("POST", "/api/admin/counters", body);
      $("ctr-dialog").close();
      toast(`${body.name.trim()} tersimpan: melayani ${body.services.join(", ")}.`);
      loadCounters();
    } catch (err) {
      showErrors($("ctr-form"), err);
    } finally { busy($("ctr-save"), false); }
  });

  // ---------- staff accounts ----------
  async function loadUsers() {
    try {
      [S.users, S.counters] = await Promise.all([api("GET", "/api/admin/users"), api("GET", "/api/admin/counters")]);
    } catch (e) { return failed(e); }
    renderUsers();
  }

  function renderUsers() {
    $("usr-rows").replaceChildren(...S.users.map((u) => {
      const self = S.me && S.me.id === u.id;
      return el("tr", { "data-username": u.username, class: u.active ? "" : "inactive" },
        el("td", { class: "strong" }, u.username, self ? el("span", { class: "muted", text: " (Anda)" }) : null),
        el("td", { text: u.display_name }),
        el("td", { text: ROLE[u.role] || u.role }),
        el("td", { text: u.counter_id ? counterName(u.counter_id) : "\u2014" }),
        el("td", {}, el("span", { class: "pill " + (u.active ? "open" : "closed"), text: u.active ? "Aktif" : "Nonaktif" })),
        el("td", { class: "actions-cell" },
          el("button", { type: "button", class: "small", text: "Ubah", onclick: () => editUser(u) }),
          el("button", { type: "button", class: "small", text: "Atur ulang sandi", onclick: () => resetPassword(u) }),
          el("button", { type: "button", class: "small " + (u.active ? "danger-outline" : ""), text: u.active ? "Nonaktifkan" : "Aktifkan",
            disabled: self, title: self ? "Akun yang sedang dipakai tidak bisa dinonaktifkan" : null,
            onclick: () => setActive(u, !u.active) })));
    }));
  }

  let editingUser = null;
  function editUser(u) {
    editingUser = u || null;
    const f = $("usr-form");
    clearErrors(f);
    $("usr-title").textContent = u ? `Ubah akun ${u.username}` : "Tambah akun";
    $("us-username").value = u ? u.username : "";
    $("us-username").readOnly = !!u;
    $("us-display_name").value = u ? u.display_name : "";
    $("us-role").value = u ? u.role : "staff";
    $("us-counter_id").replaceChildren(el("option", { value: "", text: "\u2014 tanpa loket \u2014" }),
      ...S.counters.map((c) => el("option", { value: String(c.id), text: c.name })));
    $("us-counter_id").value = u && u.counter_id ? String(u.counter_id) : "";
    $("us-password-field").hidden = !!u;
    $("us-password").value = "";
    $("usr-dialog").showModal();
    (u ? $("us-display_name") : $("us-username")).focus();
  }
  $("usr-add").addEventListener("click", () => editUser(null));

  $("usr-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const cid = $("us-counter_id").value;
    const body = { display_name: $("us-display_name").value, role: $("us-role").value, counter_id: cid ? +cid : null };
    busy($("usr-save"), true);
    try {
      if (editingUser) {
        await api("PUT", `/api/admin/users/${editingUser.id}`, body);
        $("usr-dialog").close();
        toast(`Akun ${editingUser.username} tersimpan.`);
      } else {
        body.username = $("us-username").value.trim();
        if ($("us-password").value) body.password = $("us-password").value;
        const r = await api("POST", "/api/admin/users", body);
        $("usr-dialog").close();
        if (r.password) showPassword(body.username, r.password);
        else toast(`Akun ${body.username} dibuat dengan kata sandi yang Anda ketik.`);
      }
      loadUsers();
    } catch (err) {
      showErrors($("usr-form"), err);
    } finally { busy($("usr-save"), false); }
  });

  function showPassword(username, password) {
    $("pw-user").textContent = username;
    $("pw-value").textContent = password;
    $("pw-copy").textContent = "Salin";
    $("pw-dialog").showModal();
  }
  $("pw-close").addEventListener("click", () => { $("pw-value").textContent = ""; $("pw-dialog").close(); });
  $("pw-copy").addEventListener("click", () => {
    const ta = el("textarea", { class: "offscreen" });
    ta.value = $("pw-value").textContent;
    $("pw-dialog").append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    ta.remove();
    $("pw-copy").textContent = ok ? "Tersalin \u2713" : "Salin manual";
  });

  async function resetPassword(u) {
    if (!await confirmBox(`Atur ulang kata sandi ${u.username}?`,
      "Kata sandi lama langsung tidak berlaku dan akun ini keluar dari semua komputer. Kata sandi baru ditampilkan sekali.",
      "Buat kata sandi baru")) return;
    try {
      const r = await api("POST", `/api/admin/users/${u.id}/reset-password`);
      showPassword(u.username, r.password);
    } catch (e) { failed(e); }
  }

  async function setActive(u, active) {
    const ok = await confirmBox(active ? `Aktifkan ${u.username}?` : `Nonaktifkan ${u.username}?`,
      active ? "Akun bisa masuk lagi dengan kata sandinya." : "Akun ini langsung keluar dari semua komputer dan tidak bisa masuk sampai diaktifkan lagi.",
      active ? "Aktifkan" : "Nonaktifkan");
    if (!ok) return;
    try {
      await api("PUT", `/api/admin/users/${u.id}`, { active });
      toast(active ? `Akun ${u.username} aktif lagi.` : `Akun ${u.username} dinonaktifkan.`);
    } catch (e) { failed(e); }
    loadUsers();
  }

  // ---------- devices ----------
  function deviceStatus(d) {
    if (d.revoked) return ["Dicabut", "revoked"];
    if (!d.paired) return d.pairing_pending ? ["Menunggu dipasang", "pending"] : ["Belum dipasang", "pending"];
    if (d.last_seen === null) return ["Belum pernah melapor", "warn"];
    return d.online ? ["Online", "online"] : ["OFFLINE", "offline"];
  }
  const isRed = (d) => !d.revoked && RED_ALERTS.includes(d.alert);

  async function loadDevices() {
    let r;
    try {
      r = await api("GET", "/api/admin/devices");
    } catch (e) { if (!authLost(e)) setOffline(true); return; }
    S.devices = r.devices;
    S.offlineAfter = r.offline_after_seconds;
    S.loadedAt = Date.now() / 1000;
    // Redraw only when something changed, so a button is never replaced under the mouse.
    const sig = JSON.stringify(r.devices.map((d) => { const { seconds_since_seen, ...rest } = d; return rest; }));
    if (sig !== S.devSig) { S.devSig = sig; renderDevices(); }
    tickDevices();
  }

  function printerCell(d) {
    if (d.kind !== "kiosk") return el("td", { class: "muted", text: "\u2014" });
    const p = (d.health && d.health.printer) || {};
    const [label, cls] = PRINTER[p.state] || PRINTER.unknown;
    return el("td", { class: "printer " + cls },
      el("span", { class: "printer-state", text: d.last_seen === null ? "\u2014" : label }),
      p.detail ? el("div", { class: "muted small-text", text: p.detail }) : null);
  }

  function renderDevices() {
    const list = S.devices.slice().sort((a, b) => (a.revoked - b.revoked) || (isRed(b) - isRed(a)));
    const red = S.devices.filter(isRed);
    $("tab-alerts").textContent = String(red.length);
    $("tab-alerts").hidden = !red.length;
    const online = S.devices.filter((d) => !d.revoked && d.online).length;
    const active = S.devices.filter((d) => !d.revoked).length;
    $("dev-summary").replaceChildren(
      el("span", { class: "sum online", text: `${online} dari ${active} perangkat online` }),
      red.length ? el("span", { class: "sum bad", text: `${red.length} perlu diperiksa` }) : el("span", { class: "sum ok", text: "Tidak ada masalah" }));
    $("dev-note").textContent = `Perangkat yang tidak melapor lebih dari ${Math.round(S.offlineAfter)} detik ditandai OFFLINE. Daftar ini diperbarui otomatis.`;
    $("dev-rows").replaceChildren(...list.map((d) => {
      const [label, cls] = deviceStatus(d);
      const h = d.health || {};
      return el("tr", { "data-device": String(d.id), class: (isRed(d) ? "alert " : "") + (d.revoked ? "revoked" : "") },
        el("td", {}, el("span", { class: "status " + cls, "data-status": cls }, el("i", { class: "dot" }), label)),
        el("td", {}, el("div", { class: "strong", text: d.name }),
          el("div", { class: "muted small-text", text: (d.kind === "kiosk" ? "Kiosk" : "Layar TV") + ` \u00b7 #${d.id}` })),
        el("td", { class: "seen", "data-seen": d.seconds_since_seen === null ? "" : String(d.seconds_since_seen) }),
        printerCell(d),
        el("td", { class: "last-error" }, h.last_error ? el("div", { text: h.last_error }) : el("span", { class: "muted", text: "\u2014" }),
          h.last_error && h.last_error_at ? el("div", { class: "muted small-text", text: timeText(h.last_error_at, S.tz) }) : null),
        el("td", { class: "muted", text: h.version || "\u2014" }),
        el("td", { class: "actions-cell" },
          d.revoked ? null : el("button", { type: "button", class: "small", text: d.paired ? "Pasang ulang" : "Kode baru",
            title: "Buat kode pemasangan baru (kode lama tidak berlaku)", onclick: () => newCode(d) }),
          d.revoked ? null : el("button", { type: "button", class: "small danger-outline", text: "Cabut",
            onclick: () => revoke(d) })));
    }));
    if (!list.length) $("dev-rows").append(el("tr", {}, el("td", { colspan: "7", class: "muted", text: "Belum ada perangkat. Tambahkan kiosk atau layar TV." })));
  }

  /* Last-seen texts move on every second without redrawing the table. */
  function tickDevices() {
    const elapsed = Date.now() / 1000 - S.loadedAt;
    for (const td of document.querySelectorAll("#dev-rows td.seen")) {
      const base = td.dataset.seen;
      td.textContent = base === "" ? "belum pernah" : ago(+base + elapsed);
    }
  }

  function openDeviceDialog(kind) {
    const f = $("dev-form");
    clearErrors(f);
    f.dataset.kind = kind;
    $("dev-title").textContent = kind === "kiosk" ? "Tambah kiosk" : "Tambah layar TV";
    $("dv-name").value = "";
    $("dv-name").placeholder = kind === "kiosk" ? "mis. Kiosk Lobi Depan" : "mis. TV Ruang Tunggu";
    $("dev-dialog").showModal();
    $("dv-name").focus();
  }
  $("dev-add-kiosk").addEventListener("click", () => openDeviceDialog("kiosk"));
  $("dev-add-display").addEventListener("click", () => openDeviceDialog("display"));

  $("dev-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = $("dev-form");
    const name = $("dv-name").value.trim();
    if (!name) return showErrors(f, new Antre.ApiError(422, { message: "Ada isian yang belum benar.",
      errors: [{ field: "name", message: "Nama perangkat wajib diisi." }] }));
    busy($("dev-save"), true);
    try {
      const r = await api("POST", "/api/admin/devices", { kind: f.dataset.kind, name });
      $("dev-dialog").close();
      showCode({ id: r.id, name, kind: f.dataset.kind }, r);
      loadDevices();
    } catch (err) {
      showErrors(f, err);
    } finally { busy($("dev-save"), false); }
  });

  function showCode(d, r) {
    S.lastCode = { id: d.id, code: r.pairing_code };
    $("code-name").textContent = d.name;
    $("code-value").textContent = r.pairing_code;
    const until = Date.now() / 1000 + r.expires_in_minutes * 60;
    $("code-expiry").textContent = `Berlaku ${Math.round(r.expires_in_minutes)} menit, sampai pukul ${timeText(until, S.tz)}.`;
    $("code-qr").src = `/api/admin/devices/${d.id}/pairing-qr.png?code=${encodeURIComponent(r.pairing_code)}`;
    const steps = d.kind === "kiosk"
      ? ["Di kiosk, buka layar teknisi (gerakan tersembunyi + PIN).", "Pilih \u201cPasangkan\u201d dan ketik kode di atas.",
        "Kiosk menyimpan kuncinya sendiri; kode ini lalu hangus."]
      : [`Di TV, buka alamat ${location.origin}/pair`, "Ketik kode di atas, tekan \u201cPasangkan\u201d.",
        "Layar antrean terbuka sendiri dan tampil Online di sini."];
    $("code-steps").replaceChildren(...steps.map((s) => el("li", { text: s })));
    $("code-dialog").showModal();
  }
  $("code-close").addEventListener("click", () => { $("code-dialog").close(); $("code-value").textContent = ""; });

  async function newCode(d) {
    if (d.paired && !await confirmBox(`Pasang ulang ${d.name}?`,
      "Kunci yang dipakai perangkat ini sekarang berhenti berlaku begitu kode baru dipakai.", "Buat kode baru")) return;
    try {
      const r = await api("POST", `/api/admin/devices/${d.id}/pairing-code`);
      showCode(d, r);
      loadDevices();
    } catch (e) { failed(e); }
  }

  async function revoke(d) {
    const what = d.kind === "kiosk" ? "tidak bisa memberi tiket" : "tidak lagi tercatat";
    if (!await confirmBox(`Cabut ${d.name}?`,
      `Kunci perangkat ini langsung tidak berlaku: ${d.kind === "kiosk" ? "kiosk" : "layar"} ${what} sampai dipasang lagi sebagai perangkat baru.`,
      "Cabut kunci")) return;
    try {
      await api("POST", `/api/admin/devices/${d.id}/revoke`);
      toast(`${d.name} dicabut.`);
    } catch (e) { failed(e); }
    loadDevices();
  }

  // ---------- live ----------
  function setOffline(off) {
    $("offline").hidden = !off;
    document.body.classList.toggle("is-offline", off);
  }

  let devTimer = null;
  function devicesSoon() { clearTimeout(devTimer); devTimer = setTimeout(loadDevices, 150); }

  function onEvent(ev) {
    if (ev.type === "device.health") {
      const info = ev.staff && ev.staff.device;
      const d = info && S.devices.find((x) => x.id === info.id);
      if (d && info.alert !== "revoked") {
        // Show it at once; the reload right after fills in last seen, printer detail and errors.
        d.alert = info.alert;
        if ("online" in info) d.online = info.online;
        S.devSig = "";
        renderDevices();
        tickDevices();
      }
      devicesSoon();
    } else if (ev.type === "office.changed" || ev.type === "resync") {
      if (!anyDialogOpen() && S.tab !== "office") LOADERS[S.tab]();
      if (S.tab === "devices") devicesSoon();
    }
  }

  const stream = new Stream("/api/staff/events", {
    onEvent,
    onUp: () => { setOffline(false); devicesSoon(); },
    onDown: () => setOffline(true)
  });

  const LOADERS = { office: loadOffice, services: loadServices, counters: loadCounters, users: loadUsers, devices: loadDevices };

  $("logout").addEventListener("click", async () => {
    try { await api("POST", "/api/auth/logout"); } catch (e) { /* already out */ }
    stream.close();
    location.replace("/login?next=/admin");
  });

  async function start() {
    try {
      S.me = await api("GET", "/api/auth/me");
      $("user").textContent = S.me.username;
      const st = await api("GET", "/api/state");
      S.tz = st.timezone || S.tz;
      S.office = st.office || {};
      renderBrand();
      stream.start(st.last_event_id);
    } catch (e) {
      if (authLost(e)) return;
    }
    if (!S.services.length) {
      try { S.services = await api("GET", "/api/admin/services"); } catch (e) { /* shown by the tab */ }
    }
    await show(tabFromPath());
    if (S.tab !== "devices") loadDevices();  // the tab's red badge
    S.ready = true;
  }

  setInterval(() => { if (S.tab === "devices") tickDevices(); }, 1000);
  // Offline means "silent for a while": nothing announces it but the clock, so look again often.
  setInterval(() => { if (!document.hidden) loadDevices(); }, 5000);
  start();
})();
