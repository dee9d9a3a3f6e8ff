/* The lobby's spoken calls: one <audio>, one queue, each call heard to its end before the next.
   The log ({kind, url, at}) is what tests and technicians read: queued, start, playing, ended,
   error, timeout, blocked (the browser wants a click first), muted, silenced (sound is off). */

const QUEUE_MAX = 8;            // announcements waiting; older ones are dropped if the lobby floods
const STUCK_MS = 30000;         // a file that never ends (a broken driver) must not block the next call

export function announcer({ log, rate, onBlocked }) {
  const audio = new Audio();
  audio.preload = "auto";
  const queue = [];
  let playing = null;
  let stuckTimer = null;
  let on = localStorage.getItem("antre.sound") !== "off";
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
          queue.unshift(url);
          playing = null;
          clearTimeout(stuckTimer);
          note("blocked", url);
          onBlocked();
        } else {
          finish("error");
        }
      });
    }
  }

  audio.addEventListener("playing", () => { if (playing) note("playing", playing); });
  audio.addEventListener("ended", () => finish("ended"));
  audio.addEventListener("error", () => finish("error"));

  return {
    get on() { return on; },
    get waiting() { return queue.length; },
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
    resume: pump
  };
}
