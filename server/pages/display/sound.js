/* The lobby's spoken calls: one <audio>, one queue, each call heard to its end before the next.
   The log ({kind, url, at}) is what tests and technicians read: queued, start, playing, ended,
   error, timeout, blocked (the browser wants a click first), muted, silenced (sound is off).

   A refused call is not kept at the head of the queue: on a wall TV nobody clicks, and every
   later call would wait behind it forever. It is noted, the next call is tried, and the page
   shows a small notice (onBlocked(true)) until a call plays again. */

const QUEUE_MAX = 8;            // announcements waiting; older ones are dropped if the lobby floods
const STUCK_MS = 30000;         // a file that never ends (a broken driver) must not block the next call
const REPLAY_MS = 30000;        // a refused call is replayed on the first key or click if this recent

export function announcer({ log, rate, onBlocked }) {
  const audio = new Audio();
  audio.preload = "auto";
  const queue = [];
  let playing = null;
  let stuckTimer = null;
  let on = localStorage.getItem("antre.sound") !== "off";
  let refused = null;           // {url, at}: the last call the browser would not play
  let blocked = false;
  const note = (kind, url) => log.push({ kind, url, at: Date.now() });

  function finish(kind) {
    if (playing) note(kind, playing);
    playing = null;
    clearTimeout(stuckTimer);
    pump();
  }

  function pump() {
    if (playing || !queue.length || !on) return;
    playing = queue.shift();
    const url = playing;
    audio.src = url;
    // Tests speed announcements up; a lobby never sets this.
    audio.defaultPlaybackRate = audio.playbackRate = rate() || 1;
    note("start", url);
    clearTimeout(stuckTimer);
    stuckTimer = setTimeout(() => { if (playing === url) finish("timeout"); }, STUCK_MS);
    const p = audio.play();
    if (p && p.catch) {
      p.catch((err) => {
        if (playing !== url) return;
        if (err && err.name === "NotAllowedError") {
          // The browser wants a click before it plays sound (a TV without kiosk flags).
          refused = { url, at: Date.now() };
          setBlocked(true);
          finish("blocked");
        } else {
          finish("error");
        }
      });
    }
  }

  function setBlocked(value) {
    if (blocked === value) return;
    blocked = value;
    onBlocked(value);
  }

  audio.addEventListener("playing", () => {
    if (playing) note("playing", playing);
    refused = null;
    setBlocked(false);
  });
  audio.addEventListener("ended", () => finish("ended"));
  audio.addEventListener("error", () => finish("error"));

  return {
    get on() { return on; },
    get waiting() { return queue.length; },
    get blocked() { return blocked; },
    /* A call to be heard; with the sound off it is only noted, never queued or fetched. */
    announce(url) {
      if (!on) { note("silenced", url); return; }
      queue.push(url);
      if (queue.length > QUEUE_MAX) queue.splice(0, queue.length - QUEUE_MAX);
      note("queued", url);
      pump();
    },
    toggle() {
      on = !on;
      localStorage.setItem("antre.sound", on ? "on" : "off");
      if (!on) { queue.length = 0; audio.pause(); finish("muted"); }
      return on;
    },
    /* A key or a click: the browser now allows sound; a call refused moments ago is heard. */
    gesture() {
      if (!refused) return;
      const { url, at } = refused;
      refused = null;
      if (on && Date.now() - at < REPLAY_MS) { queue.unshift(url); note("queued", url); pump(); }
    },
    resume: pump
  };
}
