/* Staff login: the server sets an HttpOnly session cookie; we only go where ?next= says (same site). */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let next = params.get("next") || "/staff";
  if (!next.startsWith("/") || next.startsWith("//")) next = "/staff";

  $("login").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("submit").disabled = true;
    $("error").hidden = true;
    try {
      await Antre.api("POST", "/api/auth/login", { username: $("username").value.trim(), password: $("password").value });
      location.replace(next);
    } catch (err) {
      let msg = err.message;
      if (err.code === "too_many_attempts" && err.body.retry_after) {
        msg += ` (tunggu ${Math.ceil(err.body.retry_after / 60)} menit)`;
      }
      $("error").textContent = msg;
      $("error").hidden = false;
      $("password").select();
    } finally {
      $("submit").disabled = false;
    }
  });
})();
