/* Admin tab "Perangkat", the survey tablets' part: add one, choose its language and the counters
   it serves (it offers the SKM questionnaire for the tickets finished there). Kept apart from
   devices.js so the tablets' requests live in one place. An ES module. */
import V from "/pages/vocabulary.js";
import { $, el, api } from "/pages/common.js";
import { toast, failed } from "/pages/admin/ui.js";
import { t, w } from "/pages/admin/texts.js";  // its words: sv_...

let counterList = null;   // [{id, name}] from the public snapshot, read once per page
async function counters() {
  if (!counterList) counterList = ((await api("GET", "/api/state")).counters || []).map((c) => ({ id: c.id, name: c.name }));
  return counterList;
}

/* The settings under a survey tablet's name: language and counters, saved on each change. */
export function surveyTabletSettings(d, onSaved) {
  if (d.kind !== "survey" || d.revoked) return null;
  const lang = el("select", { class: "dev-lang", "aria-label": t("ds_language_of", { name: d.name }) },
    ...Object.keys(V.languages).map((v) => el("option", { value: v, text: w(V.languages, v) })));
  lang.value = d.language || "id";
  const boxes = el("span", { class: "survey-counters", role: "group", "aria-label": t("sv_counters_of", { name: d.name }) });
  const langLabel = el("label", {}, t("ds_language"), " ", lang);
  const box = el("div", { class: "dev-settings" }, langLabel, el("div", {}, el("span", { text: t("sv_counters") }), boxes));
  Object.assign(langLabel.style, { display: "flex", gap: "6px", alignItems: "center" });
  Object.assign(box.style, { display: "grid", gap: "4px", marginTop: "6px", fontSize: "13px" });
  Object.assign(boxes.style, { display: "flex", flexWrap: "wrap", gap: "2px 10px", marginLeft: "6px" });
  const save = async () => {
    const chosen = [...boxes.querySelectorAll("input:checked")].map((i) => +i.value);
    try {
      await api("PUT", `/api/admin/devices/${d.id}/settings`, { zone_id: null, language: lang.value, counters: chosen });
      const names = [...boxes.querySelectorAll("input:checked")].map((i) => i.dataset.name);
      toast(t("sv_saved", { name: d.name, counters: names.join(", ") || "\u2014", language: w(V.languages, lang.value) }));
      onSaved();
    } catch (err) { failed(err); }
  };
  lang.addEventListener("change", save);
  Promise.all([counters(), api("GET", `/api/admin/devices/${d.id}/survey-counters`)]).then(([all, mine]) => {
    boxes.replaceChildren(...all.map((c) => el("label", { class: "survey-counter" },
      el("input", { type: "checkbox", value: String(c.id), "data-name": c.name, checked: mine.counters.includes(c.id),
        onchange: save }), " " + c.name)));
    if (!all.length) boxes.append(el("span", { class: "muted", text: t("sv_none_yet") }));
  }).catch(failed);
  return box;
}

/* The "+ Tambah tablet survei" button beside the kiosk and TV buttons. */
export function addSurveyButton(open) {
  if ($("dev-add-survey")) return relabel();
  const b = el("button", { type: "button", id: "dev-add-survey", class: "primary", text: t("sv_add"),
    onclick: () => open("survey") });
  $("dev-add-display").after(" ", b);
}

export function relabel() {
  if ($("dev-add-survey")) $("dev-add-survey").textContent = t("sv_add");
}

export function pairingSteps(r) {
  return [t("sv_step_1", { address: r.pair_url.split("?")[0] }), t("sv_step_2"), t("sv_step_3")];
}
