/* The status page's "tell me on WhatsApp" box: the citizen leaves a number (or an email) and is
   told when the turn is near and when called (POST/DELETE /api/tickets/{token}/contact). */
import { $, api } from "/pages/common.js";

let token = "";
let tr = null;          // the page's current translator (a function giving it)
let contact = null;     // the server's masked view, or null
let asked = false;

export function setupContact(ticketToken, translatorNow) {
  token = ticketToken;
  tr = translatorNow;
  $("contact-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const typed = $("contact-to").value.trim();
    const body = typed.includes("@") ? { email: typed } : { phone: typed };
    body.language = tr().lang;
    await change("POST", body);
  });
  $("contact-stop").addEventListener("click", () => change("DELETE"));
}

async function change(method, body) {
  const button = method === "POST" ? $("contact-send") : $("contact-stop");
  button.disabled = true;
  $("contact-error").textContent = "";
  try {
    const answer = await api(method, `/api/tickets/${encodeURIComponent(token)}/contact`, body);
    contact = method === "POST" ? answer : null;
    if (method === "POST") $("contact-to").value = "";
  } catch (e) {
    const problem = (e.body.errors && e.body.errors[0]) || e.body;
    $("contact-error").textContent = tr().lang === "en" ? (problem.message_en || e.message) : (problem.message || e.message);
  } finally {
    button.disabled = false;
  }
  draw();
}

/* Called on every render of the ticket: the box shows only while the ticket waits (once called,
   the yellow callout says it all and the message has gone). */
export async function showContact(status) {
  $("contact").hidden = status !== "waiting";
  if ($("contact").hidden) return;
  if (!asked) {
    asked = true;
    try {
      contact = (await api("GET", `/api/tickets/${encodeURIComponent(token)}/contact`)).contact;
    } catch (e) {
      asked = false;
    }
  }
  draw();
}

function draw() {
  const t = tr();
  $("contact-form").hidden = !!contact;
  $("contact-done").hidden = !contact;
  if (contact) {
    $("contact-done-text").textContent = t("contact_done", { to: contact.phone || contact.email });
  }
}
