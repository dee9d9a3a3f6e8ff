/* The head of office's glance at how today's visits ended (GET /api/outcomes/summary), in the
   overview. Read when the page starts and shortly after a visit is finished, never per event. */
import { $, el, api } from "/pages/common.js";
import { t } from "/pages/staff/texts.js";
import { S } from "/pages/staff/model.js";

let timer = null;
let rows = null;

export function outcomesSoon(ms = 800) {
  if (!S.state || S.state.user.role === "staff") return;
  clearTimeout(timer);
  timer = setTimeout(read, ms);
}

async function read() {
  try { rows = (await api("GET", "/api/outcomes/summary")).outcomes; } catch (e) { return; }
  renderOutcomeReport();
}

export function renderOutcomeReport() {
  const box = $("ov-outcomes");
  if (!box || rows === null) return;
  box.replaceChildren(...(rows.length ? rows.map((o) => el("span", { class: "chip", "data-code": o.code },
    `${o.label}: `, el("b", { text: String(o.count) }))) : [el("span", { class: "muted", text: t("none_yet") })]));
}
