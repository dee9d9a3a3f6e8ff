/* The head of office's screen's sentences, Indonesian and English (i18n.js), in the language of the
   logged-in account (account_language.js). Counter states and SKM grades are the vocabulary's words. */
import { translator, applyTexts } from "/pages/i18n.js";

export const TEXTS = {
  page_title: ["Layar Kepala \u2013 Antre", "Head of Office \u2013 Antre"],
  title: ["Layar kepala kantor", "Head of office's screen"],
  to_staff: ["Meja petugas", "Staff desk"],
  logout: ["Keluar", "Log out"],
  live: ["\u25cf Langsung", "\u25cf Live"],
  offline: ["\u25cb Terputus, menyambung lagi\u2026", "\u25cb Disconnected, reconnecting\u2026"],
  only_title: ["Khusus kepala kantor", "For the head of office"],
  only_text: ["Layar ini untuk kepala kantor (supervisor) dan admin. Akun Anda tidak memiliki akses ini.",
    "This screen is for the head of office (supervisor) and admins. Your account has no access to it."],
  only_back: ["Kembali ke meja petugas", "Back to the staff desk"],
  only_other: ["Masuk dengan akun lain", "Log in with another account"],
  queue_now: ["Antrean sekarang", "Queue now"],
  counters: ["Loket", "Counters"],
  today: ["Hari ini", "Today"],
  today_by: ["Hari ini s.d. pukul {time}", "Today until {time}"],
  month: ["Bulan ini", "This month"],
  skm: ["SKM semester ini", "Satisfaction survey (SKM)"],
  skm_semester: ["SKM semester {n} {year}", "SKM semester {n} {year}"],
  complaints: ["Pengaduan", "Complaints"],
  waiting: ["menunggu", "waiting"],
  longest: ["terlama {d}", "longest {d}"],
  standard: ["standar {m} mnt", "standard {m} min"],
  nobody: ["tidak ada", "nobody"],
  minutes: ["{m} mnt", "{m} min"],
  hours: ["{h} jam {m} mnt", "{h} h {m} min"],
  no_clerk: ["\u2013", "\u2013"],
  since: ["sejak {time}", "since {time}"],
  late_title: ["\u26a0 Menunggu melewati standar:", "\u26a0 Waiting past the standard:"],
  late_item: ["{number} \u00b7 {d}", "{number} \u00b7 {d}"],
  paused_title: ["\u26a0 Istirahat lama:", "\u26a0 Long break:"],
  paused_item: ["{counter} istirahat {d}", "{counter} on a break for {d}"],
  more: ["+{n} lainnya", "+{n} more"],
  issued: ["Nomor diambil", "Tickets issued"],
  served: ["Selesai dilayani", "Served"],
  within: ["Sesuai standar", "Within standard"],
  usual: ["biasanya {v}", "usually {v}"],
  usual_day: ["rata-rata {n} hari {day} terakhir pada jam yang sama",
    "average of the last {n} {day}s at the same hour"],
  usual_day_one: ["hari {day} lalu pada jam yang sama", "last {day} at the same hour"],
  no_usual: ["Belum ada hari {day} sebelumnya untuk dibandingkan.", "No earlier {day} to compare with yet."],
  within_month: ["dilayani sesuai standar waktu", "served within the time standard"],
  of_served: ["{within} dari {served} warga", "{within} of {served} citizens"],
  none_served: ["Belum ada warga selesai dilayani.", "No citizen served yet."],
  score: ["Nilai", "Score"],
  respondents: ["{n} responden dari target {target}", "{n} respondents of a target of {target}"],
  no_answers: ["Belum ada jawaban survei semester ini.", "No survey answers this semester yet."],
  unavailable: ["Belum tersedia", "Not available yet"],
  overdue: ["terbuka dan lewat tenggat", "open and past the deadline"],
  overdue_none: ["Tidak ada pengaduan lewat tenggat.", "No complaint past its deadline."],
  open_register: ["Buka register pengaduan \u203a", "Open the complaint register \u203a"],
  error: ["Gagal memuat data: {e}", "Could not load the data: {e}"],
};

export let t = translator(TEXTS, "id");

export function setLanguage(lang) {
  t = translator(TEXTS, lang);
  applyTexts(t);
  document.title = t("page_title");
}
