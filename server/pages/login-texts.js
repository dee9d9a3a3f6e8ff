/* The login page's sentences, Indonesian and English (i18n.js). Nobody is logged in yet, so the
   page follows the browser's language (or the ID / EN switch, kept on this PC) until someone logs
   in; from then on the account's own language rules the staff and admin pages. */
export const TEXTS = {
  page_title: ["Masuk \u2013 Antre", "Log in \u2013 Antre"],
  heading: ["Masuk petugas", "Staff login"],
  username: ["Nama pengguna", "Username"],
  password: ["Kata sandi", "Password"],
  submit: ["Masuk", "Log in"],
  wait_minutes: [" (tunggu {n} menit)", " (wait {n} min)"]
};
