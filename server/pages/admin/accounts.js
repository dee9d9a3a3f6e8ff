/* Admin tab "Akun": staff accounts, their role, counter and language, passwords shown once. */
import V from "/pages/vocabulary.js";
import { $, el, api } from "/pages/common.js";
import { S, toast, failed, clearErrors, showErrors, busy, confirmBox, counterName, vocabularyOptions } from "/pages/admin/ui.js";
import { t, w } from "/pages/admin/texts.js";

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
      el("td", { class: "strong" }, u.username, self ? el("span", { class: "muted", text: t("you") }) : null),
      el("td", {}, u.display_name, u.complaint_officer ? el("span", { class: "badge officer", text: t("complaint_officer_badge") }) : null,
        u.letter_signer ? el("span", { class: "badge officer", text: t("letter_signer_badge") }) : null),
      el("td", { text: w(V.staff_roles, u.role) }),
      el("td", { text: u.counter_id ? counterName(u.counter_id) : "\u2014" }),
      el("td", { class: "lang-cell", text: (u.language || "id").toUpperCase(), title: w(V.languages, u.language || "id") }),
      el("td", {}, el("span", { class: "pill " + (u.active ? "open" : "closed"), text: u.active ? t("active") : t("inactive") })),
      el("td", { class: "actions-cell" },
        el("button", { type: "button", class: "small", text: t("edit"), onclick: () => editUser(u) }),
        el("button", { type: "button", class: "small", text: t("reset_password"), onclick: () => resetPassword(u) }),
        el("button", { type: "button", class: "small " + (u.active ? "danger-outline" : ""), text: u.active ? t("deactivate") : t("activate"),
          disabled: self, title: self ? t("cannot_deactivate_self") : null,
          onclick: () => setActive(u, !u.active) })));
  }));
}

let editing = null;
function editUser(u) {
  editing = u || null;
  clearErrors($("usr-form"));
  $("usr-title").textContent = u ? t("usr_edit", { username: u.username }) : t("usr_new");
  // Who each role is in this office, next to the role's name in the picker.
  $("us-role").replaceChildren(...vocabularyOptions(V.staff_roles, { supervisor: t("role_supervisor_hint"), admin: t("role_admin_hint") }));
  $("us-language").replaceChildren(...vocabularyOptions(V.languages));
  $("us-language").value = u ? u.language || "id" : "id";
  $("us-username").value = u ? u.username : "";
  $("us-username").readOnly = !!u;
  $("us-display_name").value = u ? u.display_name : "";
  $("us-role").value = u ? u.role : "staff";
  $("us-counter_id").replaceChildren(el("option", { value: "", text: t("no_counter") }),
    ...S.counters.map((c) => el("option", { value: String(c.id), text: c.name })));
  $("us-counter_id").value = u && u.counter_id ? String(u.counter_id) : "";
  $("us-complaint_officer").checked = !!(u && u.complaint_officer);
  $("us-letter_signer").checked = !!(u && u.letter_signer);
  $("us-password-field").hidden = !!u;
  $("us-password").value = "";
  $("usr-dialog").showModal();
  (u ? $("us-display_name") : $("us-username")).focus();
}
$("usr-add").addEventListener("click", () => editUser(null));

$("usr-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const cid = $("us-counter_id").value;
  const body = { display_name: $("us-display_name").value, role: $("us-role").value, counter_id: cid ? +cid : null,
    language: $("us-language").value, complaint_officer: $("us-complaint_officer").checked,
    letter_signer: $("us-letter_signer").checked };
  busy($("usr-save"), true);
  try {
    if (editing) {
      await api("PUT", `/api/admin/users/${editing.id}`, body);
      $("usr-dialog").close();
      toast(t("usr_saved", { username: editing.username }));
      // Her own language changed here: the page follows at once.
      if (S.me && S.me.id === editing.id && body.language !== S.lang) location.reload();
    } else {
      body.username = $("us-username").value.trim();
      if ($("us-password").value) body.password = $("us-password").value;
      const r = await api("POST", "/api/admin/users", body);
      $("usr-dialog").close();
      if (r.password) showPassword(body.username, r.password);
      else toast(t("usr_created_typed", { username: body.username }));
    }
    loadUsers();
  } catch (err) {
    showErrors($("usr-form"), err);
  } finally { busy($("usr-save"), false); }
});

function showPassword(username, password) {
  $("pw-user").textContent = username;
  $("pw-value").textContent = password;
  $("pw-copy").textContent = t("copy");
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
  $("pw-copy").textContent = ok ? t("copied") : t("copy_by_hand");
});

async function resetPassword(u) {
  if (!await confirmBox(t("reset_q", { username: u.username }), t("reset_explain"), t("reset_yes"))) return;
  try {
    const r = await api("POST", `/api/admin/users/${u.id}/reset-password`);
    showPassword(u.username, r.password);
  } catch (e) { failed(e); }
}

async function setActive(u, active) {
  const ok = await confirmBox(t(active ? "activate_q" : "deactivate_q", { username: u.username }),
    t(active ? "activate_explain" : "deactivate_explain"), t(active ? "activate" : "deactivate"));
  if (!ok) return;
  try {
    await api("PUT", `/api/admin/users/${u.id}`, { active });
    toast(t(active ? "activated" : "deactivated", { username: u.username }));
  } catch (e) { failed(e); }
  loadUsers();
}
