/* Staff login: the server sets an HttpOnly session cookie; we only go where ?next= says (same site). */
import { $, api, withRetryHint } from "/pages/common.js";

const params = new URLSearchParams(location.search);
let next = params.get("next") || "/staff";
if (!next.startsWith("/") || next.startsWith("//")) next = "/staff";

$("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("submit").disabled = true;
  $("error").hidden = true;
  try {
    await api("POST", "/api/auth/login", { username: $("username").value.trim(), password: $("password").value });
    location.replace(next);
  } catch (err) {
    $("error").textContent = withRetryHint(err);
    $("error").hidden = false;
    $("password").select();
  } finally {
    $("submit").disabled = false;
  }
});
