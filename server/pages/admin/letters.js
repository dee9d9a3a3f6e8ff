/* Admin tab "Surat": the Surat Keterangan DTKS template. Number pattern (the year's running number
   {seq} is given at approval), title, body paragraphs with placeholders, legal basis, data source,
   the signer and the place (blank: the office profile's head of office and city), whether a signer
   may approve their own draft; a preview PDF of a sample letter with what is typed, not yet saved.
   Through /api/admin/letter-template. Its sentences are texts.js's let_* ones. */
import { $, el, api } from "/pages/common.js";
import { serverText } from "/pages/account_language.js";
import { toast, failed, busy } from "/pages/admin/ui.js";
import { t } from "/pages/admin/texts.js";

const FIELDS = [["number_pattern", 80], ["title", 80], ["legal_basis", 400], ["data_source", 120],
  ["signer_title", 120], ["signer_name", 120], ["signer_nip", 30], ["place", 60]];
let template = null;
let previewUrl = null;

export async function loadLetters() {
  try {
    template = await api("GET", "/api/admin/letter-template");
  } catch (e) { return failed(e); }
  render();
}

function field(name, max) {
  const input = name === "legal_basis"
    ? el("textarea", { id: "let-" + name, name, maxlength: max, rows: 2 })
    : el("input", { id: "let-" + name, name, maxlength: max });
  input.value = template[name] || "";
  return el("label", { class: "let-field" + (name === "legal_basis" ? " wide" : "") },
    el("span", { text: t("let_" + name) }), input, el("small", { class: "let-error", id: "let-err-" + name }));
}

function render() {
  const body = el("textarea", { id: "let-paragraphs", name: "paragraphs", rows: 9 });
  body.value = template.paragraphs.join("\n\n");
  const self = el("input", { id: "let-allow_self_approval", type: "checkbox", checked: !!template.allow_self_approval });
  const form = el("form", { id: "let-form", class: "let-form panel", novalidate: true, onsubmit: save },
    el("p", { class: "let-explain", text: t("let_explain") }),
    el("div", { class: "let-grid" }, ...FIELDS.slice(0, 2).map(([n, m]) => field(n, m))),
    el("label", { class: "let-field wide" }, el("span", { text: t("let_paragraphs") }), body,
      el("small", { class: "let-hint", text: t("let_placeholders") }), el("small", { class: "let-error", id: "let-err-paragraphs" })),
    el("div", { class: "let-grid" }, ...FIELDS.slice(2).map(([n, m]) => field(n, m))),
    el("label", { class: "let-check" }, self, el("span", { text: t("let_allow_self_approval") })),
    el("div", { class: "let-actions" },
      el("button", { type: "button", id: "let-preview", onclick: preview, text: t("let_preview") }),
      el("button", { type: "submit", id: "let-save", class: "primary", text: t("let_save") })));
  $("sec-letters").replaceChildren(
    el("div", { class: "section-head" }, el("h1", { text: t("tab_letters") })), form);
}

function typed() {
  const out = {};
  for (const [name] of FIELDS) out[name] = $("let-" + name).value;
  out.paragraphs = $("let-paragraphs").value.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  out.allow_self_approval = $("let-allow_self_approval").checked;
  return out;
}

function showErrors(e) {
  for (const node of document.querySelectorAll(".let-error")) node.textContent = "";
  const errors = (e && e.body && e.body.errors) || [];
  for (const f of errors) {
    const node = $("let-err-" + f.field);
    if (node) node.textContent = serverText(f, t.lang);
  }
  return errors.length > 0;
}

async function save(ev) {
  ev.preventDefault();
  busy($("let-save"), true);
  try {
    template = await api("PUT", "/api/admin/letter-template", typed());
    render();
    toast(t("let_saved"));
  } catch (e) {
    busy($("let-save"), false);
    if (!showErrors(e)) failed(e);
  }
}

async function preview() {
  showErrors(null);
  try {
    const res = await fetch("/api/admin/letter-template/preview", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(typed()) });
    if (!res.ok) {
      const data = await res.json().catch(() => ({}));
      const err = { status: res.status, body: data, message: data.message };
      if (!showErrors(err)) failed(err);
      return;
    }
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(await res.blob());
    window.open(previewUrl, "_blank", "noopener");
  } catch (e) { failed(e); }
}
