/* Antre: what the three pages share. Plain JS, no build step, nothing from the internet. */
"use strict";

const Antre = (() => {
  const DAYS = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
  const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember"];
  const partsCache = new Map();

  /* Calendar parts of an instant in the office's zone (not the PC's: a TV may be set to anything). */
  function zoned(epochSeconds, tz) {
    let fmt = partsCache.get(tz);
    if (!fmt) {
      try {
        fmt = new Intl.DateTimeFormat("en-US", {
          timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
          hour: "numeric", minute: "numeric", second: "numeric", weekday: "short"
        });
      } catch (e) {
        fmt = new Intl.DateTimeFormat("en-US", {
          hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
          hour: "numeric", minute: "numeric", second: "numeric", weekday: "short"
        });
      }
      partsCache.set(tz, fmt);
    }
    const p = {};
    for (const part of fmt.formatToParts(new Date(epochSeconds * 1000))) p[part.type] = part.value;
    const wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
    return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour % 24, minute: +p.minute,
      second: +p.second, weekday: wd };
  }

  const pad = (n) => String(n).padStart(2, "0");

  /* "Senin, 23 November 2026" */
  function dateText(epochSeconds, tz) {
    const z = zoned(epochSeconds, tz);
    return `${DAYS[z.weekday]}, ${z.day} ${MONTHS[z.month - 1]} ${z.year}`;
  }

  /* "08.15" (Indonesian writes a dot between hours and minutes) */
  function timeText(epochSeconds, tz) {
    const z = zoned(epochSeconds, tz);
    return `${pad(z.hour)}.${pad(z.minute)}`;
  }

  /* "12 mnt", "1 jam 5 mnt" */
  function duration(seconds) {
    const m = Math.max(0, Math.floor(seconds / 60));
    if (m < 60) return `${m} mnt`;
    return `${Math.floor(m / 60)} jam ${m % 60} mnt`;
  }

  /* Create an element: el("div", {class: "x", text: "hi"}, child, ...) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined && c !== false) {
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || "Terjadi kesalahan.");
      this.status = status;
      this.code = (body && body.code) || "error";
      this.body = body || {};
    }
  }

  /* fetch JSON; errors become ApiError with an Indonesian message */
  async function api(method, path, body, { timeout = 10000 } = {}) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeout);
    let res;
    try {
      res = await fetch(path, {
        method, credentials: "same-origin", signal: ctrl.signal, cache: "no-store",
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body)
      });
    } catch (e) {
      throw new ApiError(0, { code: "offline",
        message: "Tidak dapat terhubung ke server. Periksa jaringan; halaman akan mencoba lagi." });
    } finally {
      clearTimeout(timer);
    }
    if (res.status === 204) return null;
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      if (!data || !data.message) {
        data = { code: "http_" + res.status, message: `Server menjawab dengan kesalahan (${res.status}).` };
      }
      throw new ApiError(res.status, data);
    }
    return data;
  }

  /*
   * One EventSource, never more. The browser itself reconnects after a dropped
   * connection and sends Last-Event-ID; if it gives up (an error page from a
   * proxy, a restarting server), we open a fresh one after a pause and pass the
   * last id we saw in the URL, so nothing is missed and nothing is doubled.
   */
  class Stream {
    constructor(url, { onEvent, onUp, onDown }) {
      this.url = url;
      this.onEvent = onEvent;
      this.onUp = onUp || (() => {});
      this.onDown = onDown || (() => {});
      this.lastId = null;
      this.es = null;
      this.timer = null;
      this.delay = 1000;
      this.up = false;
    }

    start(lastId) {
      if (lastId !== undefined && lastId !== null) this.lastId = lastId;
      this.connect();
    }

    connect() {
      clearTimeout(this.timer);
      this.timer = null;
      if (this.es) this.es.close();
      const sep = this.url.includes("?") ? "&" : "?";
      const url = this.lastId === null ? this.url : `${this.url}${sep}last_event_id=${this.lastId}`;
      const es = new EventSource(url, { withCredentials: true });
      this.es = es;
      es.onopen = () => {
        if (es !== this.es) return;
        this.delay = 1000;
        this.up = true;
        this.onUp();
      };
      es.onmessage = (msg) => {
        if (es !== this.es) return;
        let data;
        try { data = JSON.parse(msg.data); } catch (e) { return; }
        const id = parseInt(msg.lastEventId, 10);
        if (data.type !== "resync" && !Number.isNaN(id) && this.lastId !== null && id <= this.lastId) return;
        if (!Number.isNaN(id)) this.lastId = id;
        this.onEvent(data);
      };
      es.onerror = () => {
        if (es !== this.es) return;
        if (this.up) { this.up = false; }
        this.onDown();
        if (es.readyState === EventSource.CLOSED && !this.timer) {
          this.timer = setTimeout(() => this.connect(), this.delay);
          this.delay = Math.min(this.delay * 2, 15000);
        }
      };
    }

    /* The snapshot says events exist that we never got: the connection is silently dead. */
    behind(snapshotLastId) {
      return this.lastId !== null && snapshotLastId > this.lastId;
    }

    close() {
      clearTimeout(this.timer);
      if (this.es) this.es.close();
      this.es = null;
    }
  }

  /* A bounded log the tests read (and a technician can read in the console). */
  function ring(limit) {
    const items = [];
    return {
      items,
      push(x) { items.push(x); if (items.length > limit) items.splice(0, items.length - limit); }
    };
  }

  return { dateText, timeText, duration, el, api, ApiError, Stream, ring, zoned };
})();
