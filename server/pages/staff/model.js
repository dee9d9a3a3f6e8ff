/* The staff page's model: the staff snapshot, kept current by applying events and answers to our
   own actions. No DOM here. The server decides every change; this only records what it said. */
import V from "/pages/vocabulary.js";
import { t as tr } from "/pages/staff/texts.js";

export const S = { state: null, counterId: null, offset: 0, detail: null, busy: false, refetches: 0 };
window.antreStaff = S;

export const nowServer = () => Date.now() / 1000 + S.offset;
export const since = (iso) => (iso ? nowServer() - Date.parse(iso) / 1000 : 0);
const time = (iso) => (iso ? Date.parse(iso) : 0);

export const tickets = () => (S.state ? S.state.tickets : []);
export const counterById = (id) => S.state && S.state.counters.find((c) => c.id === id);
export const counter = () => counterById(S.counterId);
export const servicesOf = (cid) => (S.state && cid !== null ? S.state.counter_services[String(cid)] || [] : []);
export const myServices = () => servicesOf(S.counterId);
export const serviceOf = (code) => (S.state ? S.state.services.find((s) => s.code === code) : null);
const standardSeconds = (code) => ((serviceOf(code) || {}).standard_minutes || 15) * 60;
export const late = (t) => t.status === "waiting" && since(t.issued_at) > standardSeconds(t.service);
export const atCounter = (t) => V.at_counter_statuses.includes(t.status);

/* The citizen at a counter. Should the list briefly hold two (our call-next answer came before
   the event that finished the previous one), the one called last is the one standing there. */
export function currentAt(counterId) {
  let best = null;
  for (const t of tickets()) {
    if (t.counter_id === counterId && atCounter(t) && (!best || time(t.called_at) > time(best.called_at))) best = t;
  }
  return best;
}
export const current = () => (S.counterId === null ? null : currentAt(S.counterId));

export function setSnapshot(st) {
  S.offset = st.now - Date.now() / 1000;
  S.state = st;
}

// The queue in the server's order: rank (transferred citizens, then priority visitors, then the
// others), then queue_seq, the order they joined (not a time: the clock may be set back).
const before = (a, b) => a.rank - b.rank || a.queue_seq - b.queue_seq || a.id - b.id;

/* A ticket as the server shows it now (the staff view): it replaces ours, and leaves the list
   when it is no longer active. */
export function putTicket(t) {
  if (!S.state) return;
  const list = S.state.tickets;
  const i = list.findIndex((x) => x.id === t.id);
  if (i >= 0) list.splice(i, 1);
  if (!V.active_statuses.includes(t.status)) return;
  let at = list.findIndex((x) => before(t, x) < 0);
  if (at < 0) at = list.length;
  list.splice(at, 0, t);
}

/* Only the public view of a ticket: what it says is shown at once, the rest waits for the snapshot. */
function mergePublic(p) {
  const t = tickets().find((x) => x.id === p.id);
  if (!t) return;
  for (const k of ["number", "service", "status", "counter_id", "counter", "recalls"]) if (k in p) t[k] = p[k];
  if (!V.active_statuses.includes(t.status)) S.state.tickets = tickets().filter((x) => x.id !== t.id);
}

export function putCounter(c) {
  const mine = c && counterById(c.id);
  if (!mine) return false;
  for (const k of ["name", "state", "role"]) if (k in c) mine[k] = c[k];
  return true;
}

/* A back-office check as the server shows it now (the event's, or our own action's answer). */
export function putCheck(check) {
  if (!S.state) return;
  const rest = (S.state.back_office_checks || []).filter((c) => c.ticket_id !== check.ticket_id);
  rest.push(check);
  S.state.back_office_checks = rest;
}
export const checkOf = (ticketId) => (S.state && (S.state.back_office_checks || []).find((c) => c.ticket_id === ticketId)) || null;

function putDeviceAlert(d) {
  const rest = (S.state.device_alerts || []).filter((a) => a.id !== d.id);
  if (d.alert && d.alert !== "revoked") rest.push({ id: d.id, name: d.name, kind: d.kind, alert: d.alert });
  S.state.device_alerts = rest;
}

/*
 * Apply one staff event. Returns true when the event says more than the model can follow from
 * it, so the snapshot must be read again: resync, a new day, an office change, a ticket event
 * without the staff view of its ticket, and any type this page does not know yet.
 */
export function applyEvent(ev) {
  if (!S.state) return true;
  const st = ev.staff || {};
  if (ev.waiting) {
    for (const s of S.state.services) if (s.code in ev.waiting) s.waiting = ev.waiting[s.code];
  }
  if (ev.type === "counter.state") return !putCounter(ev.counter);
  if (ev.type === "back_office.check") {
    if (!st.check) return true;
    putCheck(st.check);
    return false;
  }
  if (ev.type === "device.health") {
    if (!st.device) return true;
    putDeviceAlert(st.device);
    return false;
  }
  if (ev.type.startsWith("ticket.") && ev.ticket) {
    if (st.ticket && st.ticket.id === ev.ticket.id) { putTicket(st.ticket); return false; }
    mergePublic(ev.ticket);
    return true;
  }
  return true;
}

/* A counter.taken_over event that takes this page's counter from the logged-in clerk: who took it. */
export function takenFromMe(ev) {
  if (ev.type !== "counter.taken_over" || !S.state || S.counterId === null) return null;
  const st = ev.staff || {};
  if (!st.from_user || st.from_user !== S.state.user.username) return null;
  // staff data: {counter: {id, name}, from_user, to_user, to_name} (server/domain/desk.py take_over)
  if (!st.counter || st.counter.id !== S.counterId) return null;
  return { counterId: S.counterId, by: st.to_name || st.to_user || tr("someone_else") };
}
