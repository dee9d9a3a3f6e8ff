/* Antre: what the pages share. An ES module; plain JS, no build step, nothing from the internet.
   Words (statuses, categories, day names) come from /pages/vocabulary.js, never from here. */
import V from "/pages/vocabulary.js";

export const $ = (id) => document.getElementById(id);

/* The word for `name` in a vocabulary table ({name: [id, en]}); the name itself when unknown. */
export function word(table, name, lang = "id") {
  const pair = table && table[name];
  if (!pair) return name === null || name === undefined ? "" : String(name);
  return lang === "en" ? pair[1] : pair[0];
}

/* "Lansia": the short label of a priority category, for a busy clerk's list. */
export function priorityShort(name) {
  const c = V.priority_categories[name];
  return c ? c.short[0] : String(name || "");
}

const partsCache = new Map();
const WEEKDAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];  // Monday first, like V.day_names
const PARTS = { hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
  hour: "numeric", minute: "numeric", second: "numeric", weekday: "short" };

/* Calendar parts of an instant in the office's zone (not the PC's: a TV may be set to anything).
   `weekday` is Monday first (0 = Monday), the index of V.day_names. */
export function zoned(epochSeconds, tz) {
  let fmt = partsCache.get(tz);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat("en-US", { timeZone: tz, ...PARTS });
    } catch (e) {
      fmt = new Intl.DateTimeFormat("en-US", PARTS);
    }
    partsCache.set(tz, fmt);
  }
  const p = {};
  for (const part of fmt.formatToParts(new Date(epochSeconds * 1000))) p[part.type] = part.value;
  return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour % 24, minute: +p.minute,
    second: +p.second, weekday: WEEKDAYS_EN.indexOf(p.weekday) };
}

const pad = (n) => String(n).padStart(2, "0");

/* "Senin, 23 November 2026" */
export function dateText(epochSeconds, tz, lang = "id") {
  const z = zoned(epochSeconds, tz);
  return `${V.day_names[lang][z.weekday]}, ${z.day} ${V.month_names[lang][z.month - 1]} ${z.year}`;
}

/* "08.15" (Indonesian writes a dot between hours and minutes) */
export function timeText(epochSeconds, tz) {
  const z = zoned(epochSeconds, tz);
  return `${pad(z.hour)}.${pad(z.minute)}`;
}

/* "08.15" from the server's ISO time in the office zone ("2026-11-23T08:15:02+07:00"). */
export function isoClock(iso) {
  return iso ? iso.slice(11, 16).replace(":", ".") : "";
}

/* "12 mnt", "1 jam 5 mnt" */
export function duration(seconds) {
  const m = Math.max(0, Math.floor(seconds / 60));
  if (m < 60) return `${m} mnt`;
  return `${Math.floor(m / 60)} jam ${m % 60} mnt`;
}

/* Create an element: el("div", {class: "x", text: "hi"}, child, ...) */
export function el(tag, attrs, ...children) {
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

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || "Terjadi kesalahan.");
    this.status = status;
    this.code = (body && body.code) || "error";
    this.body = body || {};
  }
}

/* fetch JSON; errors become ApiError with an Indonesian message */
export async function api(method, path, body, { timeout = 10000 } = {}) {
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
      message: "Tidak dapat terhubung ke server. Periksa jaringan; halaman akan mencoba lagi.",
      message_en: "Cannot reach the server. Check the network; the page will try again." });
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) {
    if (!data || !data.message) {
      data = { code: "http_" + res.status, message: `Server menjawab dengan kesalahan (${res.status}).`,
        message_en: `The server answered with an error (${res.status}).` };
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
 * onEvent gets the parsed data and the event's id (NaN when it has none).
 */
export class Stream {
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
      this.onEvent(data, id);
    };
    es.onerror = () => {
      if (es !== this.es) return;
      this.up = false;
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
export function ring(limit) {
  const items = [];
  return {
    items,
    push(x) { items.push(x); if (items.length > limit) items.splice(0, items.length - limit); }
  };
}

/* "(tunggu 2 menit)" after a refused login or pairing, when the server says how long. */
export function withRetryHint(err) {
  let msg = err.message;
  if (err.code === "too_many_attempts" && err.body.retry_after) {
    msg += ` (tunggu ${Math.ceil(err.body.retry_after / 60)} menit)`;
  }
  return msg;
}

/* Device alerts worth raising (red on /admin, a banner for the clerks): all but a device never
   seen since it was set up (the technician's business) and a revoked one. */
export const RAISED_ALERTS = Object.keys(V.device_alerts).filter((a) => a !== "never_seen" && a !== "revoked");
