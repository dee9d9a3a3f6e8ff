/* Admin tab "Kantor": the office profile and the logo. */
import { $, el, api, ApiError } from "/pages/common.js";
import { S, toast, failed, authLost, clearErrors, showErrors, busy } from "/pages/admin/ui.js";
import { t } from "/pages/admin/texts.js";
import { serverText } from "/pages/account_language.js";

const OFFICE_TEXT = ["name", "address", "timezone", "data_source", "legal_basis", "running_text",
  "announcement_phrase", "ticket_footer", "city", "head_name", "head_title", "head_nip"];

export function renderBrand() {
  $("office").textContent = S.office.name || "Antre";
  const v = S.office.logo_version;
  $("top-logo").src = v ? `/api/logo?v=${v}` : "/pages/logo.svg";
  $("logo-current").hidden = !v;
  $("logo-none").hidden = !!v;
  if (v) $("logo-current").src = `/api/logo?v=${v}`;
}

export async function loadOffice() {
  try {
    S.office = await api("GET", "/api/admin/office");
  } catch (e) { return failed(e); }
  const f = $("office-form");
  clearErrors(f);
  for (const k of OFFICE_TEXT) {
    const input = $("of-" + k);
    const v = S.office[k] === null || S.office[k] === undefined ? "" : String(S.office[k]);
    if (input.tagName === "SELECT" && v && ![...input.options].some((o) => o.value === v)) {
      input.append(el("option", { value: v, text: v }));
    }
    input.value = v;
  }
  $("of-nik_retention_days").value = S.office.nik_retention_days ?? "";
  $("of-complaint_response_days").value = S.office.complaint_response_days ?? "";
  $("of-voice").checked = S.office.voice !== false;
  renderBrand();
}

$("office-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = $("office-form");
  const body = {};
  for (const k of OFFICE_TEXT) body[k] = $("of-" + k).value;
  const days = $("of-nik_retention_days").value.trim();
  body.nik_retention_days = days === "" ? "" : days;
  const answerDays = $("of-complaint_response_days").value.trim();
  if (answerDays !== "") body.complaint_response_days = answerDays;
  body.voice = $("of-voice").checked;
  busy($("office-save"), true);
  try {
    S.office = await api("PUT", "/api/admin/office", body);
    clearErrors(f);
    renderBrand();
    toast(t("office_saved"));
  } catch (err) {
    showErrors(f, err);
  } finally { busy($("office-save"), false); }
});

// ---------- logo ----------
const LOGO_MAX = 2 * 1024 * 1024;
let logoFile = null;

function logoProblem(text) {
  $("logo-error").textContent = text;
  $("logo-error").hidden = !text;
  $("logo-upload").disabled = !!text || !logoFile;
}

$("logo-file").addEventListener("change", () => {
  const file = $("logo-file").files[0] || null;
  logoFile = null;
  $("logo-preview-box").hidden = true;
  logoProblem("");
  if (!file) return;
  if (!["image/png", "image/jpeg"].includes(file.type)) {
    return logoProblem(t("logo_not_image", { name: file.name }));
  }
  if (file.size > LOGO_MAX) {
    return logoProblem(t("logo_too_big", { mb: (file.size / 1048576).toFixed(1) }));
  }
  logoFile = file;
  // A data: URL, because the pages' security policy allows no blob: images.
  const reader = new FileReader();
  reader.onload = () => {
    const img = $("logo-preview");
    img.onload = () => { $("logo-preview-box").hidden = false; logoProblem(""); };
    img.onerror = () => { logoFile = null; logoProblem(t("logo_unreadable", { name: file.name })); };
    img.src = reader.result;
  };
  reader.readAsDataURL(file);
});

$("logo-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (!logoFile) return;
  busy($("logo-upload"), true);
  try {
    let res;
    try {
      res = await fetch("/api/admin/logo", { method: "PUT", credentials: "same-origin", cache: "no-store",
        headers: { "Content-Type": logoFile.type }, body: logoFile });
    } catch (err) {
      throw new ApiError(0, { message: t("logo_offline") });
    }
    let data = null;
    try { data = await res.json(); } catch (err) { data = null; }
    if (!res.ok) throw new ApiError(res.status, data && data.message ? data : { message: t("logo_failed", { status: res.status }) });
    S.office.logo_version = data.logo_version;
    renderBrand();
    logoFile = null;
    $("logo-file").value = "";
    $("logo-preview-box").hidden = true;
    toast(t("logo_saved"));
  } catch (err) {
    if (!authLost(err)) logoProblem(serverText(err, t.lang));
  } finally {
    busy($("logo-upload"), false);
    $("logo-upload").disabled = !logoFile;
  }
});
