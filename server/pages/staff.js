/* Staff workstation: the counter's queue, the citizen at the counter, the actions. */
"use strict";

(() => {
  const { el, api, Stream, duration, timeText } = Antre;
  const $ = (id) => document.getElementById(id);

  const PRIORITY = { lansia: "Lansia", disabilitas: "Disabilitas", ibu_hamil: "Ibu hamil", anak: "Anak-anak",
    korban_bencana: "Korban bencana" };
  const STATUS = { waiting: "menunggu", called: "dipanggil", serving: "sedang dilayani", skipped: "dilewati",
    done: "selesai", cancelled: "dibatalkan", expired: "kedaluwarsa" };
  const COUNTER_STATE = { open: "Buka", paused: "Istirahat", closed: "Tutup" };

  const S = { state: null, counterId: null, offset: 0, detail: null, busy: false };
  window.antreStaff = S;

  const nowServer = () => Date.now() / 1000 + S.offset;
  const since = (iso) => (iso ? nowServer() - Date.parse(iso) / 1000 : 0);

  // ---------- messages ----------
  let msgTimer = null;
  function say(text, kind = "error") {
    const m = $("message");
    m.textContent = text;
    m.className = "message " + kind;
    m.hidden = false;
    clearTimeout(msgTimer);
    msgTimer = setTimeout(() => { m.hidden = true; }, kind === "error" ? 15000 : 5000);
  }

  function authLost(e) {
    if (e && e.status === 401) { location.replace("/login?next=/staff"); return true; }
    return false;
  }

  // ---------- model helpers ----------
  const tickets = () => (S.state ? S.state.tickets : []);
  const myServices = () => {
    if (!S.state || S.counterId === null) return [];
    return S.state.counter_services[String(S.counterId)] || [];
  };
  const counter = () => S.state && S.state.counters.find((c) => c.id === S.counterId);
  const current = () => tickets().find((t) => t.counter_id === S.counterId && (t.status === "called" || t.status === "serving"));
  const serviceOf = (code) => (S.state ? S.state.services.find((s) => s.code === code) : null);
  const standardSeconds = (code) => ((serviceOf(code) || {}).standard_minutes || 15) * 60;
  const late = (t) => t.status === "waiting" && since(t.issued_at) > standardSeconds(t.service);

  // ---------- rendering ----------
  function badge(text, cls) { return el("span", { class: "badge " + cls, text }); }

  function ticketBadges(t) {
    const out = [];
    if (t.priority) out.push(badge(PRIORITY[t.priority] || t.priority, t.priority_confirmed ? "prio ok" : "prio"));
    if (t.transferred && t.notes.length) {
      const n = t.notes[t.notes.length - 1];
      out.push(badge(`dari ${n.from}`, "moved"));
      if (n.note) out.push(el("span", { class: "note", text: "\u201c" + n.note + "\u201d" }));
    }
    return out;
  }

  function renderHeader() {
    const st = S.state;
    $("office").textContent = (st.office && st.office.name) || "Antre";
    $("user").textContent = st.user.username;
    const sel = $("counter");
    const options = [];
    if (st.user.role !== "staff") options.push(el("option", { value: "", text: "\u2014 hanya pantau \u2014" }));
    for (const c of st.counters) options.push(el("option", { value: String(c.id), text: c.name }));
    const wanted = S.counterId === null ? "" : String(S.counterId);
    if (sel.options.length !== options.length) sel.replaceChildren(...options);
    sel.value = wanted;
    const c = counter();
    $("counter-state").textContent = c ? COUNTER_STATE[c.state] || c.state : "";
    $("counter-state").className = "pill " + (c ? c.state : "");
    $("counter-state").hidden = !c;
    $("queue-services").textContent = myServices().length ? "(layanan " + myServices().join(", ") + ")" : "";
  }

  function renderCurrent() {
    const t = current();
    const box = $("current");
    if (!t) {
      box.className = "current empty";
      box.replaceChildren(S.counterId === null
        ? "Pilih loket di bagian atas untuk mulai memanggil."
        : el("span", {}, "Belum ada warga dipanggil. Tekan ", el("b", { text: "Panggil berikutnya" }), "."));
      S.detail = null;
      return;
    }
    if (!S.detail || S.detail.id !== t.id) loadDetail(t.id);
    const d = S.detail && S.detail.id === t.id ? S.detail : null;
    const svc = serviceOf(t.service);
    const nik = d ? d.nik : null;
    const rows = [
      el("div", { class: "cur-head" },
        el("div", { class: "cur-number", id: "current-number", text: t.number }),
        el("div", {},
          el("div", { class: "cur-service", text: `${t.service} \u00b7 ${svc ? svc.name : ""}` }),
          el("div", { class: "cur-status " + t.status, text: STATUS[t.status] + (t.recalls ? ` \u00b7 dipanggil ulang ${t.recalls}\u00d7` : "") }))),
      el("div", { class: "cur-grid" },
        el("div", { class: "k", text: "NIK" }),
        el("div", { class: "v nik-line" },
          el("span", { id: "nik", class: "nik", text: nik ? nik.replace(/(\d{4})(?=\d)/g, "$1 ") : (t.nik_masked || "\u2014") }),
          nik ? el("button", { type: "button", id: "copy-nik", class: "small", onclick: () => copyNik(nik), text: "Salin NIK" }) : null,
          d && d.nik_region && d.nik_region.regency ? el("span", { class: "muted", text: d.nik_region.regency }) : null),
        el("div", { class: "k", text: "Waktu tunggu" }),
        el("div", { class: "v", text: duration(t.waited_seconds) + (t.issued_at ? ` (ambil tiket ${t.issued_at.slice(11, 16).replace(":", ".")})` : "") }),
        el("div", { class: "k", text: "Prioritas" }),
        el("div", { class: "v prio-line" }, ...priorityControls(t))),
      t.notes.length ? el("div", { class: "notes" },
        el("div", { class: "k", text: "Catatan loket sebelumnya" }),
        ...t.notes.map((n) => el("div", { class: "note-row" },
          el("b", { text: `${n.from} \u2192 ${n.to}` }), " ",
          el("span", { class: "muted", text: `${n.by || ""} ${timeText(n.at, S.state.timezone)}` }), " ",
          el("span", { text: n.note || "(tanpa catatan)" })))) : null
    ];
    box.className = "current";
    box.replaceChildren(...rows.filter(Boolean));
  }

  function priorityControls(t) {
    if (!t.priority) return [el("span", { class: "muted", text: "Tidak" })];
    return [
      badge(PRIORITY[t.priority] || t.priority, t.priority_confirmed ? "prio ok" : "prio"),
      t.priority_confirmed ? el("span", { class: "muted", text: "sudah dikonfirmasi" })
        : el("button", { type: "button", class: "small", text: "Konfirmasi",
          onclick: (e) => act(e.currentTarget, () => api("POST", `/api/tickets/${t.id}/priority`, { priority: t.priority })) }),
      el("button", { type: "button", class: "small", text: "Hapus prioritas",
        onclick: (e) => act(e.currentTarget, () => api("POST", `/api/tickets/${t.id}/priority`, { priority: null })) })
    ];
  }

  function renderQueue() {
    const codes = myServices();
    const waiting = tickets().filter((t) => t.status === "waiting" && codes.includes(t.service));
    $("queue-count").textContent = String(waiting.length);
    const rows = waiting.map((t) => el("tr", { class: late(t) ? "late" : "", "data-number": t.number },
      el("td", { class: "num-cell", text: t.number }),
      el("td", {}, t.service, " ", el("span", { class: "svc-name", text: (serviceOf(t.service) || {}).name || "" })),
      el("td", {}, ...ticketBadges(t)),
      el("td", { class: "num", text: duration(since(t.issued_at)) })));
    if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "4", class: "muted", text: S.counterId === null ? "Pilih loket." : "Tidak ada yang menunggu." })));
    $("queue").replaceChildren(...rows);
    const skipped = tickets().filter((t) => t.status === "skipped" && codes.includes(t.service));
    $("skipped-count").textContent = String(skipped.length);
    $("skipped").replaceChildren(...(skipped.length ? skipped.map((t) =>
      el("button", { type: "button", class: "chip", title: "Kembalikan ke antrean", text: t.number,
        onclick: (e) => restore(t, e.currentTarget) })) : [el("span", { class: "muted", text: "Tidak ada." })]));
  }

  function renderOverview() {
    const st = S.state;
    const show = st.user.role !== "staff";
    $("overview").hidden = !show;
    // The head of office without a counter only watches: the overview is the whole page.
    document.body.classList.toggle("monitor", show && S.counterId === null);
    if (!show) return;
    const svcName = (cid) => (st.counter_services[String(cid)] || []).join(", ");
    $("ov-counters").replaceChildren(...st.counters.map((c) => {
      const t = tickets().find((x) => x.counter_id === c.id && (x.status === "called" || x.status === "serving"));
      return el("tr", { class: c.state },
        el("td", { text: c.name }), el("td", { text: COUNTER_STATE[c.state] || c.state }),
        el("td", { text: t ? `${t.number} (${STATUS[t.status]})` : "\u2014" }), el("td", { text: svcName(c.id) }));
    }));
    const waitingBy = {};
    for (const t of tickets()) if (t.status === "waiting") (waitingBy[t.service] = waitingBy[t.service] || []).push(t);
    $("ov-services").replaceChildren(...st.services.map((s) => {
      const list = waitingBy[s.code] || [];
      const longest = list.reduce((m, t) => Math.max(m, since(t.issued_at)), 0);
      return el("tr", { class: longest > s.standard_minutes * 60 ? "late" : "" },
        el("td", { text: `${s.code} \u00b7 ${s.name}` }), el("td", { class: "num", text: String(list.length) }),
        el("td", { class: "num", text: list.length ? duration(longest) : "\u2014" }),
        el("td", { class: "num", text: `${s.standard_minutes} mnt` }));
    }));
    const lateOnes = tickets().filter(late).sort((a, b) => since(b.issued_at) - since(a.issued_at));
    $("ov-late").replaceChildren(...(lateOnes.length ? lateOnes.map((t) => el("span", { class: "chip late" },
      el("b", { text: t.number }), ` ${duration(since(t.issued_at))}`)) : [el("span", { class: "muted", text: "Tidak ada." })]));
  }

  function renderButtons() {
    const t = current();
    const c = counter();
    const has = S.counterId !== null;
    const skipped = tickets().some((x) => x.status === "skipped" && myServices().includes(x.service));
    const enable = {
      "btn-next": has,
      "btn-recall": !!t && t.status === "called",
      "btn-start": !!t && t.status === "called",
      "btn-done": !!t,
      "btn-skip": !!t && t.status === "called",
      "btn-transfer": !!t,
      "btn-restore": has && skipped,
      "btn-pause": has && !!c && c.state !== "closed"
    };
    for (const [id, on] of Object.entries(enable)) $(id).disabled = S.busy || !on;
    $("btn-pause").querySelector(".label").textContent = c && c.state === "paused" ? "Buka lagi" : "Istirahat";
  }

  // ---------- device alerts (kiosk silent, printer out of paper) ----------
  // Raised to the clerks because they see the lobby: "the kiosk is not printing" is worth a glance.
  // A device never seen since it was set up is the technician's business, not the counter's.
  const DEVICE_ALERT = { offline: "tidak terhubung", printer_paper_out: "kertas printer habis",
    printer_offline: "printer tidak terhubung", printer_error: "printer bermasalah" };
  function renderDeviceAlerts() {
    const list = ((S.state && S.state.device_alerts) || []).filter((a) => DEVICE_ALERT[a.alert]);
    const box = $("device-alerts");
    box.hidden = !list.length;
    if (!list.length) { box.replaceChildren(); return; }
    box.replaceChildren(el("span", { text: "\u26a0 Perangkat:" }),
      ...list.map((a) => el("span", { class: "dev-alert" + (a.alert === "offline" || a.alert === "printer_paper_out" ? " bad" : ""),
        "data-device": String(a.id), text: `${a.kind === "kiosk" ? "Kiosk" : "Layar"} \u201c${a.name}\u201d ${DEVICE_ALERT[a.alert]}` })),
      el("span", { class: "dev-hint", text: "Beri tahu teknisi / admin." }));
  }

  /* A device.health event: change the banner now; the snapshot that follows confirms it. */
  function applyDeviceEvent(ev) {
    const d = ev && ev.type === "device.health" && ev.staff && ev.staff.device;
    if (!d || !S.state) return;
    const rest = (S.state.device_alerts || []).filter((a) => a.id !== d.id);
    if (d.alert && d.alert !== "revoked") rest.push({ id: d.id, name: d.name, kind: d.kind, alert: d.alert });
    S.state.device_alerts = rest;
    renderDeviceAlerts();
  }

  function renderAll() {
    if (!S.state) return;
    renderHeader(); renderCurrent(); renderQueue(); renderOverview(); renderButtons(); renderDeviceAlerts();
    $("clock").textContent = timeText(nowServer(), S.state.timezone);
  }

  // ---------- data ----------
  async function loadDetail(id) {
    if (S.detailLoading === id) return;
    S.detailLoading = id;
    try {
      const d = await api("GET", `/api/staff/tickets/${id}`);
      if (current() && current().id === id) { S.detail = d; renderCurrent(); }
    } catch (e) {
      authLost(e);
    } finally {
      if (S.detailLoading === id) S.detailLoading = null;
    }
  }

  let loadTimer = null;
  let loading = false;
  let again = false;
  async function load() {
    if (loading) { again = true; return; }
    loading = true;
    try {
      const st = await api("GET", "/api/staff/state");
      S.offset = st.now - Date.now() / 1000;
      if (S.state === null) {
        // The counter chosen on this PC last time, else the user's own counter.
        const saved = localStorage.getItem("antre.counter");
        if (saved && st.counters.some((c) => String(c.id) === saved)) S.counterId = +saved;
        else if (saved === "" && st.user.role !== "staff") S.counterId = null;
        else S.counterId = st.user.counter_id === undefined ? null : st.user.counter_id;
        stream.start(st.last_event_id);
      } else if (stream.behind(st.last_event_id)) {
        const want = st.last_event_id;
        setTimeout(() => { if (stream.behind(want)) stream.connect(); }, 3000);
      }
      S.state = st;
      renderAll();
      if (stream.up) setOffline(false);
    } catch (e) {
      if (!authLost(e)) {
        setOffline(true);
        if (S.state === null) soon(3000);  // the server is still starting: keep knocking
      }
    } finally {
      loading = false;
      if (again) { again = false; soon(); }
    }
  }
  function soon(ms = 120) { clearTimeout(loadTimer); loadTimer = setTimeout(load, ms); }

  function setOffline(off) {
    $("offline").hidden = !off;
    document.body.classList.toggle("is-offline", off);
  }

  const stream = new Stream("/api/staff/events", {
    onEvent: (ev) => { applyDeviceEvent(ev); soon(); },
    onUp: () => { soon(0); },
    onDown: () => setOffline(true)
  });

  // ---------- actions ----------
  /* Run one request with every action button disabled: no double calls, no crossed actions. */
  async function act(button, request, okText) {
    if (S.busy) return null;
    S.busy = true;
    renderButtons();
    if (button) button.disabled = true;
    button && button.classList.add("running");
    try {
      const result = await request();
      if (result && result.id && result.number) applyTicket(result);
      if (okText) say(typeof okText === "function" ? okText(result) : okText, "ok");
      else $("message").hidden = true;
      return result;
    } catch (e) {
      if (!authLost(e)) say(e.message);
      return null;
    } finally {
      S.busy = false;
      if (button) { button.disabled = false; button.classList.remove("running"); }
      soon(0);
      renderButtons();
    }
  }

  /* The answer to our own action is the ticket as it is now: show it before the event arrives
     (and even if the connection drops right after). */
  function applyTicket(t) {
    if (!S.state) return;
    const list = S.state.tickets;
    if (t.status === "called" && t.counter_id !== null) {
      for (const x of list) {
        if (x.id !== t.id && x.counter_id === t.counter_id && (x.status === "called" || x.status === "serving")) x.status = "done";
      }
      const c = S.state.counters.find((x) => x.id === t.counter_id);
      if (c) c.state = "open";
    }
    const i = list.findIndex((x) => x.id === t.id);
    if (i >= 0) list[i] = t; else list.push(t);
    S.state.tickets = list.filter((x) => ["waiting", "called", "serving", "skipped"].includes(x.status));
    renderAll();
  }

  const body = () => ({ counter_id: S.counterId });
  function ticketAction(action, okText) {
    const t = current();
    if (!t) return;
    act($("btn-" + action), () => api("POST", `/api/tickets/${t.id}/${action}`, body()), okText);
  }

  async function callNext() {
    if (S.counterId === null) return say("Pilih loket terlebih dahulu.");
    await act($("btn-next"), () => api("POST", `/api/counters/${S.counterId}/call-next`),
      (r) => (r ? `${r.number} dipanggil.` : "Tidak ada warga yang menunggu."));
  }

  function restore(t, button) {
    return act(button, () => api("POST", `/api/tickets/${t.id}/restore`, {}), `${t.number} kembali ke antrean.`)
      .then((r) => { if (r && $("restore-dialog").open) openRestore(); return r; });
  }

  function openRestore() {
    const skipped = tickets().filter((x) => x.status === "skipped" && myServices().includes(x.service));
    $("restore-list").replaceChildren(...(skipped.length ? skipped.map((t) => el("button", {
      type: "button", class: "choice", text: `${t.number} \u00b7 dilewati`, onclick: (e) => restore(t, e.currentTarget)
    })) : [el("p", { class: "muted", text: "Tidak ada yang dilewati." })]));
    if (!$("restore-dialog").open) $("restore-dialog").showModal();
  }

  function openTransfer() {
    const t = current();
    if (!t) return;
    $("transfer-number").textContent = t.number;
    $("transfer-note").value = "";
    const choices = S.state.services.filter((s) => s.code !== t.service).map((s, i) =>
      el("label", { class: "choice" },
        el("input", { type: "radio", name: "service", value: s.code, checked: i === 0 }),
        ` ${s.code} \u00b7 ${s.name}`));
    $("transfer-services").replaceChildren(...choices);
    $("transfer-dialog").showModal();
  }

  $("transfer-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const t = current();
    const picked = document.querySelector("#transfer-services input:checked");
    if (!t || !picked) return;
    const r = await act($("transfer-ok"), () => api("POST", `/api/tickets/${t.id}/transfer`,
      { service: picked.value, note: $("transfer-note").value, counter_id: S.counterId }),
    `${t.number} dialihkan ke layanan ${picked.value}.`);
    if (r) $("transfer-dialog").close();
  });
  $("transfer-cancel").addEventListener("click", () => $("transfer-dialog").close());
  $("restore-close").addEventListener("click", () => $("restore-dialog").close());
  $("td-close").addEventListener("click", () => $("ticket-dialog").close());

  function togglePause() {
    const c = counter();
    if (!c) return;
    const verb = c.state === "paused" ? "open" : "pause";
    act($("btn-pause"), () => api("POST", `/api/counters/${c.id}/${verb}`),
      verb === "pause" ? "Loket istirahat: tidak ada panggilan baru." : "Loket buka lagi.");
  }

  async function copyNik(nik) {
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(nik); ok = true; }
    } catch (e) { ok = false; }
    if (!ok) {
      // Plain http on an office network is not a "secure context": the old way still works there.
      const ta = el("textarea", { class: "offscreen" });
      ta.value = nik;
      document.body.append(ta);
      ta.select();
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      ta.remove();
    }
    const b = $("copy-nik");
    if (b) { b.textContent = ok ? "Tersalin \u2713" : "Gagal menyalin"; setTimeout(() => { if ($("copy-nik")) $("copy-nik").textContent = "Salin NIK"; }, 2000); }
    S.copied = ok ? nik.length : 0;
  }

  // ---------- scanned or typed ticket ----------
  async function openTicket(q) {
    q = q.trim();
    if (!q) return;
    let t;
    try {
      t = await api("GET", `/api/staff/lookup?q=${encodeURIComponent(q)}`);
    } catch (e) {
      if (!authLost(e)) say(e.code === "unknown_ticket" ? `Tiket \u201c${q.slice(0, 40)}\u201d tidak ditemukan hari ini.` : e.message);
      return;
    }
    $("td-number").textContent = t.number;
    const facts = [
      ["Layanan", t.service], ["Status", STATUS[t.status] || t.status], ["Loket", t.counter || "\u2014"],
      ["NIK", t.nik_masked || "\u2014"], ["Prioritas", t.priority ? PRIORITY[t.priority] || t.priority : "Tidak"],
      ["Ambil tiket", t.issued_at ? t.issued_at.slice(11, 16).replace(":", ".") : "\u2014"],
      ["Menunggu", duration(t.waited_seconds)]
    ];
    $("td-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
    $("td-notes").replaceChildren(...t.notes.map((n) => el("p", { class: "note-row" },
      el("b", { text: `${n.from} \u2192 ${n.to}: ` }), n.note || "(tanpa catatan)")));
    $("td-message").hidden = true;
    const rb = $("td-restore");
    rb.hidden = t.status !== "skipped";
    rb.onclick = async () => {
      try {
        await api("POST", `/api/tickets/${t.id}/restore`, {});
        $("ticket-dialog").close();
        say(`${t.number} kembali ke antrean.`, "ok");
        soon(0);
      } catch (e) {
        $("td-message").textContent = e.message;
        $("td-message").hidden = false;
      }
    };
    if (!$("ticket-dialog").open) $("ticket-dialog").showModal();
  }

  $("find").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("find-input").value;
    $("find-input").value = "";
    openTicket(q);
  });

  // ---------- keyboard ----------
  const KEYS = {
    F1: callNext,
    F2: () => ticketAction("recall", "Dipanggil ulang."),
    F3: () => ticketAction("start"),
    F4: () => ticketAction("done", "Selesai dilayani."),
    F7: () => ticketAction("skip", "Dilewati: warga bisa dikembalikan ke antrean."),
    F8: openTransfer,
    F9: openRestore,
    F10: togglePause
  };
  for (const b of document.querySelectorAll(".act")) {
    const label = b.textContent;
    b.replaceChildren(el("kbd", { text: b.dataset.key }), el("span", { class: "label", text: label }));
  }
  $("btn-next").addEventListener("click", callNext);
  $("btn-recall").addEventListener("click", KEYS.F2);
  $("btn-start").addEventListener("click", KEYS.F3);
  $("btn-done").addEventListener("click", KEYS.F4);
  $("btn-skip").addEventListener("click", KEYS.F7);
  $("btn-transfer").addEventListener("click", openTransfer);
  $("btn-restore").addEventListener("click", openRestore);
  $("btn-pause").addEventListener("click", togglePause);

  // A keyboard-wedge scanner "types" the QR's URL very fast and presses Enter.
  // Outside text fields we collect such bursts; a person typing is much slower.
  let scan = "";
  let lastKey = 0;
  let slow = 0;
  document.addEventListener("keydown", (e) => {
    const anyDialog = document.querySelector("dialog[open]");
    if (KEYS[e.key] && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      const btn = document.querySelector(`.act[data-key="${e.key}"]`);
      if (!anyDialog && !(btn && btn.disabled)) KEYS[e.key]();
      return;
    }
    const tag = (e.target && e.target.tagName) || "";
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || anyDialog) return;
    const now = performance.now();
    if (now - lastKey > 300) { scan = ""; slow = 0; }
    else if (now - lastKey > 60) slow += 1;
    lastKey = now;
    if (e.key === "Enter") {
      if (scan.length >= 4 && slow <= 1) { e.preventDefault(); openTicket(scan); }
      scan = "";
      return;
    }
    if (e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey) {
      scan = (scan + e.key).slice(-300);
    }
  });

  $("counter").addEventListener("change", () => {
    const v = $("counter").value;
    S.counterId = v === "" ? null : +v;
    localStorage.setItem("antre.counter", v);
    S.detail = null;
    renderAll();
  });

  $("logout").addEventListener("click", async () => {
    try { await api("POST", "/api/auth/logout"); } catch (e) { /* already out */ }
    stream.close();
    location.replace("/login?next=/staff");
  });

  // Waiting times move on even when nothing happens; a minute's tick is enough.
  setInterval(() => { if (S.state) { renderQueue(); renderOverview(); $("clock").textContent = timeText(nowServer(), S.state.timezone); } }, 20000);
  // A connection that died without an error (a sleeping laptop): the snapshot catches it.
  setInterval(() => { if (S.state) load(); }, 60000);
  load();
})();
