/* What every admin tab shares: the page's state, the toast, field errors, the confirm box. */
import { $, el } from "/pages/common.js";
import { t } from "/pages/admin/texts.js";
import { serverText } from "/pages/account_language.js";

export const S = { tab: null, lang: "id", me: null, office: {}, services: [], counters: [], users: [], devices: [],
  offlineAfter: 90, loadedAt: 0, devSig: "", tz: "Asia/Jakarta", ready: false };
window.antreAdmin = S;

let toastTimer = null;
export function toast(text, kind = "ok") {
  const t = $("toast");
  t.textContent = text;
  t.className = "toast " + kind;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, kind === "ok" ? 6000 : 12000);
}

export function authLost(e) {
  if (e && e.status === 401) { location.replace("/login?next=" + encodeURIComponent(location.pathname)); return true; }
  if (e && e.status === 403) { location.reload(); return true; }
  return false;
}

export function failed(e) { if (!authLost(e)) toast(serverText(e, t.lang), "error"); }

export const anyDialogOpen = () => !!document.querySelector("dialog[open]");

export function clearErrors(form) {
  form.querySelectorAll(".field-error").forEach((n) => n.remove());
  form.querySelectorAll(".invalid").forEach((n) => n.classList.remove("invalid"));
  form.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
  form.querySelectorAll("[data-error]").forEach((n) => { n.hidden = true; n.textContent = ""; });
}

/* Each problem goes next to its field; what has no field goes to the form's own line. */
export function showErrors(form, e) {
  if (authLost(e)) return;
  clearErrors(form);
  const list = (e.body && e.body.errors) || [];
  const loose = [];
  let first = null;
  for (const p of list) {
    const msg = (t.lang === "en" && p.message_en) || p.message || p.problem || t("invalid");
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
    line.textContent = list.length ? (loose.length ? loose.join(" ") : t("check_red")) : serverText(e, t.lang);
    line.hidden = false;
  }
  if (first) first.focus();
}

export function busy(button, on) { if (button) { button.disabled = on; button.classList.toggle("running", on); } }

export function confirmBox(title, text, yes = t("yes")) {
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

export const svcName = (code) => { const s = S.services.find((x) => x.code === code) || {};
  return (t.lang === "en" && s.name_en) || s.name_id || ""; };
export const counterName = (id) => (S.counters.find((c) => c.id === id) || {}).name || "\u2014";
export const numOrNull = (v) => { v = String(v).trim(); return v === "" ? null : v; };

/* <option>s from a vocabulary table, in its order ({name: [id, en]}). */
export function vocabularyOptions(table, hints = {}) {
  const i = t.lang === "en" ? 1 : 0;
  return Object.entries(table).map(([name, pair]) =>
    el("option", { value: name, text: hints[name] ? `${pair[i]} (${hints[name]})` : pair[i] }));
}

export function setOffline(off) {
  $("offline").hidden = !off;
  document.body.classList.toggle("is-offline", off);
}
