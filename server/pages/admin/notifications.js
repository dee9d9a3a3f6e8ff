/* Admin tab "Pemberitahuan": how messages reach citizens (email by SMTP, WhatsApp Business Cloud API,
   an SMS gateway), the lobby's "near" threshold and the hourly limit per recipient; a test message
   through the outbox; the outbox's counts and latest messages (recipients masked, no bodies).
   Secrets come back masked from /api/admin/notifications and are sent only when retyped.
   Its sentences are texts.js's ntf_* ones; statuses and channels are the vocabulary's words. */
import V from "/pages/vocabulary.js";
import { $, el, api, timeText } from "/pages/common.js";
import { S, toast, failed, busy, showErrors, clearErrors } from "/pages/admin/ui.js";
import { t, w } from "/pages/admin/texts.js";

const GROUPS = [
  ["ntf_email", [["smtp_host", "text"], ["smtp_port", "number"], ["smtp_from", "email"], ["smtp_username", "text"],
    ["smtp_password", "secret"], ["smtp_starttls", "check"]]],
  ["ntf_whatsapp", [["whatsapp_api_url", "text"], ["whatsapp_phone_id", "text"], ["whatsapp_token", "secret"],
    ["whatsapp_app_secret", "secret"], ["whatsapp_verify_token", "secret"]]],
  ["ntf_sms", [["sms_url_template", "wide"]]],
  ["ntf_rules", [["notify_phone_channel", "channel"], ["notify_near_ahead", "number"],
    ["notify_per_recipient_per_hour", "number"], ["notify_call_from_home", "check"]]]
];
let data = null;

export async function loadNotifications() {
  try {
    data = await api("GET", "/api/admin/notifications");
  } catch (e) { return failed(e); }
  render();
}

function input(name, kind) {
  const value = data.settings[name];
  let node;
  if (kind === "check") {
    node = el("input", { id: "ntf-" + name, name, type: "checkbox", checked: !!value });
    return el("label", { class: "field ntf-check" }, node, el("span", { text: t("ntf_" + name) }));
  }
  if (kind === "channel") {
    node = el("select", { id: "ntf-" + name, name },
      ...["whatsapp", "sms"].map((c) => el("option", { value: c, text: w(V.notify_channels, c), selected: value === c })));
  } else if (kind === "secret") {
    const set = data.settings.secrets_set[name];
    node = el("input", { id: "ntf-" + name, name, type: "password", autocomplete: "new-password", maxlength: 1000,
      placeholder: set ? t("ntf_secret_kept", { masked: value }) : t("ntf_secret_none") });
  } else {
    node = el("input", { id: "ntf-" + name, name, type: kind === "number" ? "number" : "text",
      inputmode: kind === "number" ? "numeric" : null, maxlength: 500 });
    node.value = value === null || value === undefined ? "" : value;
  }
  return el("div", { class: "field" + (kind === "wide" ? " ntf-wide" : "") },
    el("label", { for: "ntf-" + name, text: t("ntf_" + name) }), node,
    kind === "wide" ? el("small", { class: "hint", text: t("ntf_sms_hint") }) : null);
}

function channelLine(channel) {
  const live = data.settings.configured[channel];
  return el("li", { class: live ? "ntf-live" : "ntf-log" },
    el("strong", { text: w(V.notify_channels, channel) + ": " }),
    live ? t("ntf_live") : t("ntf_log_only"));
}

function render() {
  const live = Object.values(data.settings.configured).some(Boolean);
  const form = el("form", { id: "ntf-form", class: "panel form ntf-form", novalidate: true, onsubmit: save },
    ...GROUPS.map(([title, fields]) => el("fieldset", { class: "ntf-group" },
      el("legend", { text: t(title) }), el("div", { class: "ntf-grid" }, ...fields.map(([n, k]) => input(n, k))))),
    el("p", { class: "form-error", "data-error": "form", hidden: true }),
    el("div", { class: "ntf-actions" }, el("button", { type: "submit", id: "ntf-save", class: "primary", text: t("ntf_save") })));
  const test = el("form", { id: "ntf-test", class: "panel ntf-test", novalidate: true, onsubmit: sendTest },
    el("h2", { text: t("ntf_test_title") }),
    el("div", { class: "field" }, el("label", { for: "ntf-to", text: t("ntf_test_to") }),
      el("input", { id: "ntf-to", name: "to", maxlength: 200, placeholder: "0812 3456 7890 / nama@contoh.go.id" })),
    el("p", { class: "form-error", "data-error": "form", hidden: true }),
    el("button", { type: "submit", id: "ntf-send-test", text: t("ntf_send_test") }));
  const counts = el("ul", { class: "ntf-counts", id: "ntf-counts" },
    ...Object.keys(V.outbox_statuses).map((s) => el("li", { class: "ntf-count ntf-" + s },
      el("span", { class: "n", text: String(data.counts[s] || 0) }), el("span", { text: w(V.outbox_statuses, s) }))));
  const rows = data.messages.map((m) => el("tr", { class: "ntf-row ntf-" + m.status },
    el("td", { text: timeText(m.created_at, S.tz) }), el("td", { text: w(V.notify_channels, m.channel) }),
    el("td", { text: m.recipient }), el("td", { text: t("ntf_tpl_" + m.template) }),
    el("td", {}, w(V.outbox_statuses, m.status), m.last_error ? el("small", { class: "ntf-error", text: m.last_error }) : null),
    el("td", { class: "num", text: String(m.attempts) })));
  const table = el("div", { class: "panel" }, el("h2", { text: t("ntf_latest") }), counts,
    el("table", { class: "admin-table ntf-table" },
      el("thead", {}, el("tr", {}, ...["ntf_col_time", "ntf_col_channel", "ntf_col_to", "ntf_col_template",
        "ntf_col_status", "ntf_col_attempts"].map((k) => el("th", { text: t(k) })))),
      el("tbody", { id: "ntf-rows" }, ...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 6, class: "muted", text: t("ntf_none") }))]))));
  $("sec-notifications").replaceChildren(
    el("div", { class: "section-head" }, el("h1", { text: t("tab_notifications") }),
      el("p", { class: "muted", text: t("ntf_explain") })),
    el("div", { class: "ntf-status" + (live ? "" : " ntf-demo"), id: "ntf-status" },
      live ? null : el("p", { class: "ntf-demo-line", text: t("ntf_demo") }),
      el("ul", {}, ...["email", "whatsapp", "sms"].map(channelLine))),
    el("div", { class: "ntf-layout" }, form, el("div", { class: "ntf-side" }, test, table)));
  $("sec-notifications").querySelectorAll("input[type=password]").forEach((node) => {
    node.title = t("ntf_secret_hint");
  });
}

function typed() {
  const body = {};
  for (const [, fields] of GROUPS) {
    for (const [name, kind] of fields) {
      const node = $("ntf-" + name);
      if (kind === "check") body[name] = node.checked;
      else if (kind === "secret") { if (node.value) body[name] = node.value; }
      else if (kind === "number") body[name] = node.value === "" ? null : Number(node.value);
      else body[name] = node.value.trim();
    }
  }
  return body;
}

async function save(ev) {
  ev.preventDefault();
  const form = $("ntf-form");
  clearErrors(form);
  busy($("ntf-save"), true);
  try {
    await api("PUT", "/api/admin/notifications", typed());
    toast(t("ntf_saved"));
    await loadNotifications();
  } catch (e) {
    busy($("ntf-save"), false);
    showErrors(form, e);
  }
}

async function sendTest(ev) {
  ev.preventDefault();
  const form = $("ntf-test");
  clearErrors(form);
  busy($("ntf-send-test"), true);
  try {
    const r = await api("POST", "/api/admin/notifications/test", { to: $("ntf-to").value.trim(), language: t.lang });
    toast(r.opted_out ? t("ntf_test_opted_out") : t("ntf_test_queued"), r.opted_out ? "error" : "ok");
    setTimeout(loadNotifications, 1500);   // by then the worker has usually sent it
    await loadNotifications();
  } catch (e) {
    busy($("ntf-send-test"), false);
    showErrors(form, e);
  }
}
