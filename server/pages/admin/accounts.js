/* Admin tab "Akun": staff accounts, their role and counter, passwords shown once. */
import V from "/pages/vocabulary.js";
import { $, el, api, word } from "/pages/common.js";
import { S, toast, failed, clearErrors, showErrors, busy, confirmBox, counterName, vocabularyOptions } from "/pages/admin/ui.js";

// Who each role is in this office, next to the role's name in the picker.
$("us-role").replaceChildren(...vocabularyOptions(V.staff_roles, { supervisor: "kepala", admin: "teknisi" }));

export async function loadUsers() {
  try {
    [S.users, S.counters] = await Promise.all([api("GET", "/api/admin/users"), api("GET", "/api/admin/counters")]);
  } catch (e) { return failed(e); }
  renderUsers();
}

function renderUsers() {
  $("usr-rows").replaceChildren(...S.users.map((u) => {
    const self = S.me && S.me.id === u.id;
    return el("tr", { "data-username": u.username, class: u.active ? "" : "inactive" },
      el("td", { class: "strong" }, u.username, self ? el("span", { class: "muted", text: " (Anda)" }) : null),
      el("td", { text: u.display_name }),
      el("td", { text: word(V.staff_roles, u.role) }),
      el("td", { text: u.counter_id ? counterName(u.counter_id) : "\u2014" }),
      el("td", {}, el("span", { class: "pill " + (u.active ? "open" : "closed"), text: u.active ? "Aktif" : "Nonaktif" })),
      el("td", { class: "actions-cell" },
        el("button", { type: "button", class: "small", text: "Ubah", onclick: () => editUser(u) }),
        el("button", { type: "button", class: "small", text: "Atur ulang sandi", onclick: () => resetPassword(u) }),
        el("button", { type: "button", class: "small " + (u.active ? "danger-outline" : ""), text: u.active ? "Nonaktifkan" : "Aktifkan",
          disabled: self, title: self ? "Akun yang sedang dipakai tidak bisa dinonaktifkan" : null,
          onclick: () => setActive(u, !u.active) })));
  }));
}

let editing = null;
function editUser(u) {
  editing = u || null;
  clearErrors($("usr-form"));
  $("usr-title").textContent = u ? `Ubah akun ${u.username}` : "Tambah akun";
  $("us-username").value = u ? u.username : "";
  $("us-username").readOnly = !!u;
  $("us-display_name").value = u ? u.display_name : "";
  $("us-role").value = u ? u.role : "staff";
  $("us-counter_id").replaceChildren(el("option", { value: "", text: "\u2014 tanpa loket \u2014" }),
    ...S.counters.map((c) => el("option", { value: String(c.id), text: c.name })));
  $("us-counter_id").value = u && u.counter_id ? String(u.counter_id) : "";
  $("us-password-field").hidden = !!u;
  $("us-password").value = "";
  $("usr-dialog").showModal();
  (u ? $("us-display_name") : $("us-username")).focus();
}
$("usr-add").addEventListener("click", () => editUser(null));

$("usr-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const cid = $("us-counter_id").value;
  const body = { display_name: $("us-display_name").value, role: $("us-role").value, counter_id: cid ? +cid : null };
  busy($("usr-save"), true);
  try {
    if (editing) {
      await api("PUT", `/api/admin/users/${editing.id}`, body);
      $("usr-dialog").close();
      toast(`Akun ${editing.username} tersimpan.`);
    } else {
      body.username = $("us-username").value.trim();
      if ($("us-password").value) body.password = $("us-password").value;
      const r = await api("POST", "/api/admin/users", body);
      $("usr-dialog").close();
      if (r.password) showPassword(body.username, r.password);
      else toast(`Akun ${body.username} dibuat dengan kata sandi yang Anda ketik.`);
    }
    loadUsers();
  } catch (err) {
    showErrors($("usr-form"), err);
  } finally { busy($("usr-save"), false); }
});

function showPassword(username, password) {
  $("pw-user").textContent = username;
  $("pw-value").textContent = password;
  $("pw-copy").textContent = "Salin";
  $("pw-dialog").showModal();
}
$("pw-close").addEventListener("click", () => { $("pw-value").textContent = ""; $("pw-dialog").close(); });
$("pw-copy").addEventListener("click", () => {
  const ta = el("textarea", { class: "offscreen" });
  ta.value = $("pw-value").textContent;
  $("pw-dialog").append(ta);
  ta.select();
  let ok = false;
  try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
  ta.remove();
  $("pw-copy").textContent = ok ? "Tersalin \u2713" : "Salin manual";
});

async function resetPassword(u) {
  if (!await confirmBox(`Atur ulang kata sandi ${u.username}?`,
    "Kata sandi lama langsung tidak berlaku dan akun ini keluar dari semua komputer. Kata sandi baru ditampilkan sekali.",
    "Buat kata sandi baru")) return;
  try {
    const r = await api("POST", `/api/admin/users/${u.id}/reset-password`);
    showPassword(u.username, r.password);
  } catch (e) { failed(e); }
}

async function setActive(u, active) {
  const ok = await confirmBox(active ? `Aktifkan ${u.username}?` : `Nonaktifkan ${u.username}?`,
    active ? "Akun bisa masuk lagi dengan kata sandinya." : "Akun ini langsung keluar dari semua komputer dan tidak bisa masuk sampai diaktifkan lagi.",
    active ? "Aktifkan" : "Nonaktifkan");
  if (!ok) return;
  try {
    await api("PUT", `/api/admin/users/${u.id}`, { active });
    toast(active ? `Akun ${u.username} aktif lagi.` : `Akun ${u.username} dinonaktifkan.`);
  } catch (e) { failed(e); }
  loadUsers();
}
