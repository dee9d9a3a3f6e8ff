/* The page a clerk meets at /laporan (403): in her account's language. */
import { api } from "/pages/common.js";
import { t, setLanguage } from "/pages/reports-texts.js";

api("GET", "/api/auth/me").then((me) => {
  setLanguage(me.language || "id");
  document.title = t("only_title") + " \u2013 Antre";
}).catch(() => { /* not logged in: the Indonesian page stands */ });
