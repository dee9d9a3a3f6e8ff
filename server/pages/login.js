/* Staff login: the server sets an HttpOnly session cookie; we only go where ?next= says (same site). */
import { $, api, withRetryHint } from "/pages/common.js";

const params = new URLSearchParams(location.search);
// Only a path on this server (the rule of NEXT_PATH in server/http/static.py): "/\host" or "/<tab>/host" leave the site.
let next = params.get("next") || "/staff";
if (!/^\/[A-Za-z][^\\\x00-\x1f\x7f]*$/.test(next)) next = "/staff";

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
