/* Admin tab "Loket": the counters, their role and the services each one calls, in order. */
import V from "/pages/vocabulary.js";
import { $, el, api } from "/pages/common.js";
import { S, toast, failed, clearErrors, showErrors, busy, svcName, vocabularyOptions } from "/pages/admin/ui.js";
import { t, w } from "/pages/admin/texts.js";

export async function loadCounters() {
  try {
    [S.counters, S.services] = await Promise.all([api("GET", "/api/admin/counters"), api("GET", "/api/admin/services")]);
  } catch (e) { return failed(e); }
  renderCounters();
}

function renderCounters() {
  $("ctr-rows").replaceChildren(...S.counters.map((c) => el("tr", { "data-name": c.name },
    el("td", { class: "strong", text: c.name }),
    el("td", { text: w(V.counter_roles, c.role) }),
    el("td", {}, el("ol", { class: "chips" }, ...c.services.map((code) => el("li", { class: "chip-svc", title: svcName(code) },
      el("b", { text: code }), " " + svcName(code))))),
    el("td", { text: w(V.counter_states, c.state) }),
    el("td", { class: "actions-cell" }, el("button", { type: "button", class: "small", text: t("edit"), onclick: () => editCounter(c) })))));
}

function pickRow(s, checked) {
  const li = el("li", { "data-code": s.code, class: checked ? "on" : "" },
    el("label", {}, el("input", { type: "checkbox", value: s.code, checked,
      onchange: (e) => li.classList.toggle("on", e.currentTarget.checked) }),
    el("b", { text: " " + s.code }), " \u00b7 " + svcName(s.code)),
    el("span", { class: "move" },
      el("button", { type: "button", class: "small icon", "aria-label": t("move_up_code", { code: s.code }), text: "\u2191",
        onclick: () => { if (li.previousElementSibling) li.parentNode.insertBefore(li, li.previousElementSibling); } }),
      el("button", { type: "button", class: "small icon", "aria-label": t("move_down_code", { code: s.code }), text: "\u2193",
        onclick: () => { if (li.nextElementSibling) li.parentNode.insertBefore(li.nextElementSibling, li); } })));
  return li;
}

let editing = null;
function editCounter(c) {
  editing = c || null;
  clearErrors($("ctr-form"));
  $("ctr-title").textContent = c ? t("ctr_edit", { name: c.name }) : t("ctr_new");
  $("ct-role").replaceChildren(...vocabularyOptions(V.counter_roles));
  $("ct-name").value = c ? c.name : "";
  $("ct-role").value = c ? c.role : "front_office";
  const chosen = c ? c.services : [];
  const ordered = [...chosen.map((code) => S.services.find((s) => s.code === code)).filter(Boolean),
    ...S.services.filter((s) => !chosen.includes(s.code))];
  $("ct-services").replaceChildren(...ordered.map((s) => pickRow(s, chosen.includes(s.code))));
  $("ctr-dialog").showModal();
  $("ct-name").focus();
}
$("ctr-add").addEventListener("click", () => editCounter(null));

$("ctr-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = { name: $("ct-name").value, role: $("ct-role").value,
    services: [...$("ct-services").querySelectorAll("input:checked")].map((i) => i.value) };
  busy($("ctr-save"), true);
  try {
    if (editing) await api("PUT", `/api/admin/counters/${editing.id}`, body);
    else await api("POST", "/api/admin/counters", body);
    $("ctr-dialog").close();
    toast(t("ctr_saved", { name: body.name.trim(), codes: body.services.join(", ") }));
    loadCounters();
  } catch (err) {
    showErrors($("ctr-form"), err);
  } finally { busy($("ctr-save"), false); }
});
