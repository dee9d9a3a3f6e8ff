/* A browser that is a paired device (the lobby TV): its key in localStorage, and the heartbeat
   that lets the admin see it online. A browser without a key does nothing here. An ES module. */

const STORE = "antre.device";
const VERSION = "display-web-1";

export function load() {
  try {
    const d = JSON.parse(localStorage.getItem(STORE) || "null");
    return d && typeof d.key === "string" && d.key ? d : null;
  } catch (e) {
    return null;
  }
}
export function save(d) { localStorage.setItem(STORE, JSON.stringify(d)); }
export function forget() { localStorage.removeItem(STORE); }

/* What /admin set for this device ({zone_id, language, ...} from /api/devices/me), or null for a
   browser that is no device or cannot ask now: the page then starts with its defaults and the
   next heartbeat's answer brings the settings. Never waits more than a few seconds. */
export async function settings() {
  const dev = load();
  if (!dev) return null;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 4000);
  try {
    const res = await fetch("/api/devices/me", { cache: "no-store", signal: ctrl.signal,
      headers: { Authorization: "Bearer " + dev.key } });
    return res.ok ? await res.json() : null;
  } catch (e) {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/*
 * Heartbeat every interval_seconds (the server says how often). A 401 means the key was
 * revoked or the device was paired again elsewhere: the key is forgotten, since it can never
 * work again. A network failure only waits and tries again.
 */
export function start({ info, onBeat, onRevoked } = {}) {
  let timer = null;
  let stopped = false;
  async function beat() {
    const dev = load();
    if (!dev || stopped) return;
    let wait = 10;
    try {
      const res = await fetch("/api/devices/heartbeat", {
        method: "POST", cache: "no-store",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + dev.key },
        body: JSON.stringify({ version: VERSION, info: Object.assign({ page: location.pathname,
          screen: `${screen.width}x${screen.height}` }, info ? info() : {}) })
      });
      if (res.status === 401) {
        forget();
        if (onRevoked) onRevoked(dev);
        return;
      }
      if (res.ok) {
        const body = await res.json();
        wait = Math.max(5, +body.interval_seconds || 30);
        if (onBeat) onBeat(dev, body);
      }
    } catch (e) {
      wait = 10;
    }
    if (!stopped) timer = setTimeout(beat, wait * 1000);
  }
  beat();
  return { stop() { stopped = true; clearTimeout(timer); }, now() { clearTimeout(timer); beat(); } };
}
