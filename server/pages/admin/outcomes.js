/* Admin tab "Hasil layanan": the office's list of outcomes a clerk finishes a visit with (letter
   issued, referred to Dinkes ...). An outcome with "Dirujuk ke" lets the clerk print a referral slip.
   An outcome is switched off, never deleted: past reports still name it. Through /api/outcomes. */
import { $, el, api } from "/pages/common.js";
import { toast, failed, clearErrors, showErrors, busy } from "/pages/admin/ui.js";
import { t } from "/pages/admin/texts.js";

let list = [];

export async function loadOutcomes() {
  try { list = await api("GET", "/api/outcomes?all=1"); } catch (e) { return failed(e); }
  renderOutcomes();
}

function renderOutcomes() {
  $("out-rows").replaceChildren(...list.map((o) => el("tr", { "data-code": o.code, class: o.active ? "" : "closed" },
    el("td", {}, el("div", { class: "strong", text: o.label }), el("div", { class: "muted small-text", text: o.label_en })),
    el("td", { text: o.referral_to || "\u2014" }),
    el("td", {}, el("span", { class: "pill " + (o.active ? "open" : "closed"), text: o.active ? t("in_use") : t("not_in_use") })),
    el("td", { class: "actions-cell" },
      el("button", { type: "button", class: "small", text: o.active ? t("switch_off") : t("use_again"),
        onclick: (e) => toggle(o, e.currentTarget) }),
      el("button", { type: "button", class: "small", text: t("edit"), onclick: () => edit(o) })))));
}

async function toggle(o, button) {
  busy(button, true);
  try {
    await api("PUT", `/api/outcomes/${o.id}`, { active: !o.active });
    toast(t(o.active ? "out_off" : "out_on", { label: o.label }));
  } catch (e) { failed(e); }
  loadOutcomes();
}

let editing = null;
function edit(o) {
  editing = o || null;
  clearErrors($("out-form"));
  $("out-title").textContent = o ? t("out_edit") : t("out_new");
  $("oc-label_id").value = o ? o.label : "";
  $("oc-label_en").value = o ? o.label_en : "";
  $("oc-referral_to").value = o ? o.referral_to || "" : "";
  $("out-dialog").showModal();
  $("oc-label_id").focus();
}
$("out-add").addEventListener("click", () => edit(null));

$("out-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = { label_id: $("oc-label_id").value, label_en: $("oc-label_en").value,
    referral_to: $("oc-referral_to").value };
  busy($("out-save"), true);
  try {
    if (editing) await api("PUT", `/api/outcomes/${editing.id}`, body);
    else await api("POST", "/api/outcomes", body);
    $("out-dialog").close();
    toast(t("out_saved"));
    loadOutcomes();
  } catch (err) {
    showErrors($("out-form"), err);
  } finally {
    busy($("out-save"), false);
  }
});
