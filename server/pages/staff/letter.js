/* "Buat surat keterangan": after the back office's check for the ticket at the counter is done, the
   front office drafts the Surat Keterangan DTKS for it. The clerk types the holder's name and address
   (as on the KTP) and picks the SIKS-NG result; the NIK comes from the ticket on the server, so it is
   never typed twice. The draft waits on /surat for a letter signer's approval. The dialog is built
   here, with its own sentences (Indonesian and English, following the staff page's language). */
import V from "/pages/vocabulary.js";
import { el, api, word } from "/pages/common.js";
import { translator } from "/pages/i18n.js";
import { serverText } from "/pages/account_language.js";
import { t as staffT } from "/pages/staff/texts.js";

const TEXTS = {
  make: ["Buat surat keterangan", "Make the letter"],
  title: ["Surat keterangan untuk {number}", "Letter for {number}"],
  intro: ["NIK diambil dari tiket. Surat berlaku setelah disetujui pejabat penanda tangan di halaman Surat.",
    "The NIK comes from the ticket. The letter is valid once a letter signer approves it on the Letters page."],
  name: ["Nama pemegang (sesuai KTP)", "Holder's name (as on the KTP)"],
  address: ["Alamat", "Address"],
  result: ["Hasil pengecekan SIKS-NG", "SIKS-NG check result"],
  checked_on: ["Tanggal pengecekan", "Date of the check"],
  back_office_said: ["Hasil dari back office: {text}", "The back office's result: {text}"],
  cancel: ["Batal", "Cancel"],
  save: ["Buat konsep surat", "Draft the letter"],
  made: ["Konsep surat dibuat untuk {number}; menunggu persetujuan pejabat.", "Draft letter made for {number}; waiting for approval."],
  open_register: ["Buka halaman Surat", "Open the Letters page"]
};
const tr = (key, params) => translator(TEXTS, staffT.lang)(key, params);

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/* The button on the citizen's card once the check is done. */
export function letterButton(ticket, check) {
  return el("button", { type: "button", class: "small", id: "letter-make", text: tr("make"),
    onclick: () => openDialog(ticket, check) });
}

function openDialog(ticket, check) {
  const old = document.getElementById("letter-dialog");
  if (old) old.remove();
  const guess = /tidak terdaftar|not registered/i.test(check.result || "") ? "not_registered"
    : /kunjungan|visit/i.test(check.result || "") ? "home_visit" : "registered";
  const message = el("p", { id: "letter-message", class: "message error", role: "alert", hidden: true });
  const name = el("input", { id: "letter-name", maxlength: 120, autocomplete: "off" });
  const address = el("textarea", { id: "letter-address", rows: 2, maxlength: 300 });
  const result = el("select", { id: "letter-result" }, ...Object.keys(V.siks_results).map((k) =>
    el("option", { value: k, text: word(V.siks_results, k, staffT.lang), selected: k === guess })));
  const checked = el("input", { id: "letter-checked-on", type: "date", max: today() });
  checked.value = today();
  const save = el("button", { type: "submit", id: "letter-save", class: "primary", text: tr("save") });
  const dialog = el("dialog", { id: "letter-dialog" }, el("form", { method: "dialog", novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    save.disabled = true;
    try {
      await api("POST", "/api/letters", { ticket_id: ticket.id, holder_name: name.value.trim(),
        address: address.value.trim(), result: result.value, checked_on: checked.value });
      dialog.replaceChildren(el("div", {},
        el("p", { id: "letter-made", class: "message", text: tr("made", { number: ticket.number }) }),
        el("div", { class: "dialog-actions" },
          el("a", { href: "/surat", target: "_blank", rel: "noopener", class: "button", text: tr("open_register") }),
          el("button", { type: "button", class: "primary", text: "OK", onclick: () => dialog.close() }))));
    } catch (e) {
      const fields = (e.body && e.body.errors) || [];
      message.textContent = [serverText(e, staffT.lang), ...fields.map((f) => serverText(f, staffT.lang))].join(" ");
      message.hidden = false;
    } finally {
      save.disabled = false;
    }
  } },
  el("h2", { text: tr("title", { number: ticket.number }) }),
  el("p", { class: "muted", text: tr("intro") }),
  el("p", { class: "muted", id: "letter-bo-result", text: tr("back_office_said", { text: check.result || "" }) }),
  el("label", {}, el("span", { text: tr("name") }), name),
  el("label", {}, el("span", { text: tr("address") }), address),
  el("label", {}, el("span", { text: tr("result") }), result),
  el("label", {}, el("span", { text: tr("checked_on") }), checked),
  message,
  el("div", { class: "dialog-actions" },
    el("button", { type: "button", text: tr("cancel"), onclick: () => dialog.close() }), save)));
  dialog.addEventListener("close", () => dialog.remove());
  dialog.addEventListener("input", () => { message.hidden = true; });  // an old refusal goes once the clerk corrects
  document.body.append(dialog);
  dialog.showModal();
  name.focus();
}
