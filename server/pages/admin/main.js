/* Technician's pages: office profile, services, counters, accounts, devices, one module per tab.
   This entry module switches tabs and follows the staff event stream. All through /api/admin. */
import { $, api, Stream } from "/pages/common.js";
import { S, anyDialogOpen, authLost, failed, setOffline } from "/pages/admin/ui.js";
import { loadOffice, renderBrand } from "/pages/admin/profile.js";
import { loadServices } from "/pages/admin/services.js";
import { loadCounters } from "/pages/admin/counters.js";
import { loadOutcomes } from "/pages/admin/outcomes.js";
import { loadUsers } from "/pages/admin/accounts.js";
import { loadHolidays } from "/pages/admin/holidays.js";
import { loadLetters } from "/pages/admin/letters.js";
import { loadNotifications } from "/pages/admin/notifications.js";
import { loadDevices, tickDevices, applyDeviceHealth } from "/pages/admin/devices.js";
import { t, setLanguage } from "/pages/admin/texts.js";
import { languageSwitch, mark } from "/pages/account_language.js";

const LOADERS = { office: loadOffice, services: loadServices, counters: loadCounters, outcomes: loadOutcomes, users: loadUsers,
  holidays: loadHolidays, letters: loadLetters, notifications: loadNotifications, devices: loadDevices };
const TABS = Object.keys(LOADERS);

for (const d of document.querySelectorAll("dialog")) {
  for (const b of d.querySelectorAll("button.cancel")) b.addEventListener("click", () => d.close());
}

function tabFromPath() {
  const t = location.pathname.split("/")[2] || "office";
  return TABS.includes(t) ? t : "office";
}

function show(tab) {
  S.tab = tab;
  for (const t of TABS) $("sec-" + t).hidden = t !== tab;
  for (const a of document.querySelectorAll(".tabs a")) a.classList.toggle("active", a.dataset.tab === tab);
  document.title = t("tab_" + tab) + " \u2013 " + t("title_suffix");
  return LOADERS[tab]();
}

for (const a of document.querySelectorAll(".tabs a")) {
  a.addEventListener("click", (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    history.pushState(null, "", a.getAttribute("href"));
    show(a.dataset.tab);
  });
}
window.addEventListener("popstate", () => show(tabFromPath()));

let devTimer = null;
function devicesSoon() { clearTimeout(devTimer); devTimer = setTimeout(loadDevices, 150); }

function onEvent(ev) {
  if (ev.type === "device.health") {
    applyDeviceHealth(ev.staff && ev.staff.device);
    devicesSoon();
  } else if (ev.type === "office.changed" || ev.type === "resync") {
    if (!anyDialogOpen() && S.tab !== "office") LOADERS[S.tab]();
    if (S.tab === "devices") devicesSoon();
  }
}

const stream = new Stream("/api/staff/events", {
  onEvent,
  onUp: () => { setOffline(false); devicesSoon(); },
  onDown: () => setOffline(true)
});

$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch (e) { /* already out */ }
  stream.close();
  location.replace("/login?next=/admin");
});

async function start() {
  try {
    S.me = await api("GET", "/api/auth/me");
    $("user").textContent = S.me.username;
    speak(S.me.language || "id", false);
    languageSwitch($("lang"), t.lang, { choose: (lang) => speak(lang, true), failed });
    const st = await api("GET", "/api/state");
    S.tz = st.timezone || S.tz;
    S.office = st.office || {};
    renderBrand();
    stream.start(st.last_event_id);
  } catch (e) {
    if (authLost(e)) return;
  }
  if (!S.services.length) {
    try { S.services = await api("GET", "/api/admin/services"); } catch (e) { /* shown by the tab */ }
  }
  await show(tabFromPath());
  if (S.tab !== "devices") loadDevices();  // the tab's red badge
  S.ready = true;
}

/* The account's language (kept on the server: it follows the technician to any PC). A switch
   redraws the open tab; a dialog open at that moment keeps its words until it is opened again. */
function speak(lang, redraw) {
  setLanguage(lang);
  mark($("lang"), lang);
  S.lang = lang;
  if (redraw) $("toast").hidden = true;   // it spoke the other language
  if (redraw && S.tab) show(S.tab);
}

setInterval(() => { if (S.tab === "devices") tickDevices(); }, 1000);
// Offline means "silent for a while": nothing announces it but the clock, so look again often.
setInterval(() => { if (!document.hidden) loadDevices(); }, 5000);
start();
