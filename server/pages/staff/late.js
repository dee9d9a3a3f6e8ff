/* Citizens waiting longer than their service's standard: a notice the clerk cannot miss, naming
   the number and the minutes (not only the orange row), dismissed one by one; a short chime when a
   new one appears, if the clerk switched sound on (kept per PC). What is dismissed stays dismissed
   for that ticket until the page is reloaded; a ticket that leaves the queue leaves the notice. */
import { $, el } from "/pages/common.js";
import { t as tr } from "/pages/staff/texts.js";
import { S, tickets, late, since, myServices, serviceOf } from "/pages/staff/model.js";

const dismissed = new Set();
let seen = new Set();
export const late_log = [];            // what the chime did, for tests ({kind, number})
window.antreStaffLate = late_log;

const soundOn = () => localStorage.getItem("antre.staff.lateSound") === "on";

/* The tickets this page should raise: its counter's services, or every service for a watcher. */
function lateHere() {
  const codes = S.counterId === null ? null : myServices();
  return tickets().filter((t) => late(t) && (codes === null || codes.includes(t.service)))
    .sort((a, b) => since(b.issued_at) - since(a.issued_at));
}

let audioCtx = null;
function chime(number) {
  late_log.push({ kind: "chime", number });
  try {
    audioCtx = audioCtx || new AudioContext();
    const o = audioCtx.createOscillator();
    const g = audioCtx.createGain();
    o.frequency.value = 880;
    g.gain.setValueAtTime(0.15, audioCtx.currentTime);
    g.gain.exponentialRampToValueAtTime(0.001, audioCtx.currentTime + 0.6);
    o.connect(g).connect(audioCtx.destination);
    o.start();
    o.stop(audioCtx.currentTime + 0.6);
  } catch (e) { late_log.push({ kind: "no_audio", number }); }
}

export function renderLate() {
  if (!S.state) return;
  const list = lateHere();
  const shown = list.filter((t) => !dismissed.has(t.id));
  const fresh = shown.filter((t) => !seen.has(t.id));
  seen = new Set(list.map((t) => t.id));
  if (fresh.length && soundOn()) chime(fresh[0].number);
  const box = $("late-alerts");
  box.hidden = !shown.length;
  $("late-sound").textContent = soundOn() ? tr("sound_on") : tr("sound_off");
  $("late-sound").setAttribute("aria-pressed", String(soundOn()));
  $("late-list").replaceChildren(...shown.map((t) => {
    const minutes = Math.floor(since(t.issued_at) / 60);
    const standard = (serviceOf(t.service) || {}).standard_minutes || 15;
    return el("span", { class: "late-item", "data-number": t.number },
      el("b", { text: t.number }), tr("late_item", { m: minutes, s: standard }),
      el("button", { type: "button", class: "small late-dismiss", title: tr("late_close", { number: t.number }),
        text: tr("close"), onclick: () => { dismissed.add(t.id); renderLate(); } }));
  }));
}

$("late-sound").addEventListener("click", () => {
  localStorage.setItem("antre.staff.lateSound", soundOn() ? "off" : "on");
  if (soundOn() && audioCtx === null) { try { audioCtx = new AudioContext(); } catch (e) { /* no sound card */ } }
  renderLate();
});
