/* The staff workstation's sentences, Indonesian and English (i18n.js), in the language of the
   logged-in account (account_language.js). Statuses, counter states, roles and priority
   categories are the vocabulary's words, not here.

   `t` is a live binding: every module that imports it translates with the account's language
   from the moment setLanguage() is called (before the first drawing, and at each ID / EN switch). */
import V from "/pages/vocabulary.js";
import { word } from "/pages/common.js";
import { translator, applyTexts } from "/pages/i18n.js";

export const TEXTS = {
  page_title: ["Petugas \u2013 Antre", "Staff \u2013 Antre"],
  desk: ["Meja petugas", "Staff desk"],
  counter: ["Loket", "Counter"],
  assist: ["+ Nomor untuk warga", "+ Number for a citizen"],
  find: ["Cari nomor / pindai QR", "Find / scan QR"],
  find_label: ["Cari nomor tiket atau pindai QR", "Find a ticket number or scan its QR"],
  logout: ["Keluar", "Log out"],
  close: ["Tutup", "Close"],
  cancel: ["Batal", "Cancel"],
  late_title: ["\u26a0 Melewati standar waktu tunggu:", "\u26a0 Waiting longer than the standard:"],
  sound: ["Bunyi", "Sound"],
  sound_on: ["\u266a Bunyi: nyala", "\u266a Sound: on"],
  sound_off: ["\u266a Bunyi: mati", "\u266a Sound: off"],
  offline: ["Koneksi ke server terputus. Data di layar mungkin belum terbaru; menyambung lagi otomatis\u2026",
    "Connection to the server lost. The screen may be out of date; reconnecting by itself\u2026"],
  at_counter: ["Warga di loket ini", "Citizen at this counter"],
  none_called_1: ["Belum ada warga dipanggil. Tekan ", "No one called yet. Press "],
  none_called_2: [".", "."],
  pick_counter_first: ["Pilih loket di bagian atas untuk mulai memanggil.", "Choose a counter at the top to start calling."],
  btn_next: ["Panggil berikutnya", "Call next"],
  btn_recall: ["Panggil ulang", "Call again"],
  btn_start: ["Mulai layani", "Start serving"],
  btn_done: ["Selesai", "Done"],
  btn_skip: ["Lewati (tidak hadir)", "Skip (not here)"],
  btn_transfer: ["Alihkan ke\u2026", "Transfer to\u2026"],
  btn_restore: ["Kembalikan yang dilewati", "Bring back a skipped one"],
  btn_reopen: ["Buka lagi", "Open again"],
  waiting: ["Menunggu", "Waiting"],
  skipped: ["Dilewati", "Skipped"],
  bo_checks: ["Cek back office", "Back-office checks"],
  col_number: ["Nomor", "Number"],
  col_service: ["Layanan", "Service"],
  col_services: ["Layanan", "Services"],
  col_info: ["Keterangan", "Details"],
  col_waiting: ["Menunggu", "Waiting"],
  col_action: ["Tindakan", "Action"],
  all_counters: ["Semua loket", "All counters"],
  to_kepala: ["Layar kepala kantor \u203a", "Head of office's screen \u203a"],
  to_laporan: ["Laporan \u203a", "Reports \u203a"],
  to_inbox: ["Permohonan daring \u203a", "Online applications \u203a"],
  to_letters: ["Surat keterangan \u203a", "Letters \u203a"],
  col_counter: ["Loket", "Counter"],
  col_state: ["Status", "Status"],
  col_serving: ["Melayani", "Serving"],
  col_longest: ["Tunggu terlama", "Longest wait"],
  col_standard: ["Standar", "Standard"],
  late_heading: ["Menunggu lebih lama dari standar layanan", "Waiting longer than the service's standard"],
  outcomes_heading: ["Hasil layanan hari ini", "Today's outcomes"],
  none: ["Tidak ada.", "None."],
  none_yet: ["Belum ada.", "None yet."],
  choose_counter: ["Pilih loket.", "Choose a counter."],
  nobody_waiting: ["Tidak ada yang menunggu.", "No one is waiting."],
  only_watch: ["\u2014 hanya pantau \u2014", "\u2014 watch only \u2014"],
  pick_counter: ["\u2014 pilih loket \u2014", "\u2014 choose a counter \u2014"],
  services_of: ["(layanan {codes})", "(services {codes})"],
  from: ["dari {name}", "from {name}"],
  badge_phone: ["dari HP", "by phone"],
  badge_phone_title: ["Nomor diambil dari ponsel", "Number taken from a phone"],
  badge_booked: ["jadwal", "booked"],
  badge_booked_title: ["Datang sesuai jadwal yang dipesan", "Came for a booked slot"],
  badge_away: ["belum hadir", "not here yet"],
  badge_away_title: ["Masuk antrean dari rumah; belum check-in di kiosk. Ia dikabari saat gilirannya hampir tiba.",
    "Queued from home, not yet checked in at the kiosk. They are told when their turn is near."],
  badge_offline: ["offline", "offline"],
  badge_offline_title: ["Dicetak kiosk saat server tidak terjangkau", "Printed by a kiosk cut off from the server"],
  recalled: [" \u00b7 dipanggil ulang {n}\u00d7", " \u00b7 called again {n}\u00d7"],
  copy_nik: ["Salin NIK", "Copy NIK"],
  copied: ["Tersalin \u2713", "Copied \u2713"],
  copy_failed: ["Gagal menyalin", "Could not copy"],
  age_title: ["Umur menurut tanggal lahir di NIK", "Age from the birth date in the NIK"],
  age: ["{n} th", "{n} yrs"],
  wait_time: ["Waktu tunggu", "Waiting time"],
  took_ticket_at: [" (ambil tiket {time})", " (ticket taken {time})"],
  priority: ["Prioritas", "Priority"],
  no: ["Tidak", "No"],
  confirmed: ["sudah dikonfirmasi", "confirmed"],
  confirm: ["Konfirmasi", "Confirm"],
  remove_priority: ["Hapus prioritas", "Remove priority"],
  back_office: ["Back office", "Back office"],
  previous_notes: ["Catatan loket sebelumnya", "Notes from earlier counters"],
  no_note: ["(tanpa catatan)", "(no note)"],
  call_title: ["Panggil nomor ini di luar urutan (dengan alasan)", "Call this number out of turn (with a reason)"],
  call: ["Panggil", "Call"],
  bring_back: ["Kembalikan ke antrean", "Back to the queue"],
  devices: ["\u26a0 Perangkat:", "\u26a0 Devices:"],
  tell_technician: ["Beri tahu teknisi / admin.", "Tell the technician / admin."],
  minutes: ["{n} mnt", "{n} min"],
  hours_minutes: ["{h} jam {m} mnt", "{h} h {m} min"],
  // dialogs
  transfer_title_1: ["Alihkan ", "Transfer "],
  transfer_title_2: [" ke\u2026", " to\u2026"],
  transfer_note: ["Catatan untuk loket berikutnya", "Note for the next counter"],
  transfer_note_hint: ["mis. berkas KTP dan KK sudah lengkap", "e.g. KTP and KK copies complete"],
  transfer_ok: ["Alihkan", "Transfer"],
  assist_title: ["Ambil nomor untuk warga", "A number for a citizen"],
  assist_explain: ["Untuk warga yang tidak dapat memakai kiosk atau tidak membawa KTP. Nomornya satu urutan dengan kiosk.",
    "For a citizen who cannot use the kiosk or has no KTP at hand. The number follows the kiosk's sequence."],
  nik_16: ["16 angka", "16 digits"],
  assist_ok: ["Beri nomor", "Give a number"],
  nik_may_be_empty: ["(boleh kosong untuk layanan ini)", "(may be left empty for this service)"],
  nik_required: ["(wajib untuk layanan ini)", "(required for this service)"],
  nik_optional_tag: [" \u00b7 NIK boleh kosong", " \u00b7 NIK optional"],
  closed_tag: [" \u00b7 tutup", " \u00b7 closed"],
  pick_service: ["Pilih layanan.", "Choose a service."],
  invalid_nik: ["NIK tidak valid: periksa kembali 16 angka pada KTP.", "This NIK is not valid: check the 16 digits on the KTP."],
  slip_your_number: ["Nomor antrean Anda", "Your queue number"],
  slip_existing: ["Warga ini sudah memegang nomor ini untuk layanan yang sama.", "This citizen already holds this number for the same service."],
  slip_qr: ["Kode QR status antrean", "QR code of the queue status"],
  slip_hint: ["Pindai dengan HP untuk melihat giliran Anda.", "Scan with a phone to follow your turn."],
  slip_meta: ["{n} orang di depan Anda \u00b7 diambil {time}", "{n} people ahead of you \u00b7 taken {time}"],
  print: ["Cetak", "Print"],
  finish_title_1: ["Selesai: ", "Done: "],
  finish_title_2: [" \u2014 apa hasilnya?", " \u2014 how did it end?"],
  finish_note: ["Catatan (untuk laporan dan surat rujukan, tidak wajib)", "Note (for reports and the referral letter, optional)"],
  finish_note_hint: ["mis. membawa KK asli saat ke Dinas Kesehatan", "e.g. bring the original KK to the health office"],
  finish_refer: ["Selesai & cetak surat rujukan", "Done & print a referral letter"],
  referral_tag: [" \u00b7 surat rujukan", " \u00b7 referral letter"],
  pick_outcome: ["Pilih hasil layanan sebelum menyelesaikan.", "Choose how the visit ended before finishing."],
  finished_as: ["{number} selesai: {label}.", "{number} done: {label}."],
  outcomes_label: ["Hasil layanan", "Outcomes"],
  bo_title: ["Hasil cek untuk ", "Check result for "],
  bo_result: ["Hasil pengecekan (dilihat front office)", "Result of the check (the front office sees it)"],
  bo_result_hint: ["mis. Terdaftar DTKS, desil 2", "e.g. Listed in DTKS, decile 2"],
  bo_send: ["Kirim hasil", "Send result"],
  bo_take: ["Ambil", "Take"],
  bo_ask: ["Minta cek back office", "Ask the back office to check"],
  bo_ask_again: ["Minta cek lagi", "Ask again"],
  bo_not_asked: ["Belum diminta.", "Not asked yet."],
  bo_by: [" oleh {name}", " by {name}"],
  bo_asked_by: ["{what} \u00b7 diminta {name} {time}", "{what} \u00b7 asked by {name} {time}"],
  bo_write_result: ["Tuliskan hasil pengecekan.", "Write the result of the check."],
  bo_requested: ["{number}: cek back office diminta.", "{number}: back-office check asked for."],
  bo_taken: ["Cek {number} Anda ambil.", "You took the check for {number}."],
  bo_sent: ["Hasil cek {number} terkirim.", "Check result for {number} sent."],
  call_out_title_1: ["Panggil ", "Call "],
  call_out_title_2: [" lebih dulu?", " out of turn?"],
  call_out_explain: ["Nomor ini dipanggil di luar urutan. Alasannya dicatat bersama nama Anda dan dapat dibaca kepala kantor.",
    "This number is called out of turn. The reason is kept with your name and the head of office can read it."],
  call_reason: ["Alasan (wajib)", "Reason (required)"],
  call_reason_hint: ["mis. dipanggil kembali setelah melengkapi berkas", "e.g. called back after completing the documents"],
  call_now: ["Panggil sekarang", "Call now"],
  call_write_reason: ["Tuliskan alasan memanggil nomor ini lebih dulu.", "Write why this number is called out of turn."],
  restore_explain: ["Warga yang dilewati kembali ke tempatnya semula di antrean.", "A skipped citizen goes back to the same place in the queue."],
  nothing_skipped: ["Tidak ada yang dilewati.", "No one was skipped."],
  ticket: ["Tiket ", "Ticket "],
  took_ticket: ["Ambil tiket", "Ticket taken"],
  nik: ["NIK", "NIK"],
  takeover: ["Ambil alih loket", "Take over the counter"],
  takeover_q: ["Ambil alih {name}?", "Take over {name}?"],
  takeover_explain: ["{name} sedang dipegang {who}. Jika diambil alih, {who} kembali ke pilihan loket dan pengambilalihan ini dicatat.",
    "{name} is held by {who}. If you take it over, {who} goes back to choosing a counter and the takeover is recorded."],
  someone_else: ["petugas lain", "another clerk"],
  taken_over: ["{counter} diambil alih oleh {by}. Pilih loket lagi untuk melanjutkan.", "{counter} was taken over by {by}. Choose a counter again to go on."],
  now_yours: ["{name} sekarang Anda pegang.", "{name} is now yours."],
  // what the actions say
  choose_counter_first: ["Pilih loket terlebih dahulu.", "Choose a counter first."],
  called: ["{number} dipanggil.", "{number} called."],
  nobody_to_call: ["Tidak ada warga yang menunggu.", "No one is waiting."],
  back_in_queue: ["{number} kembali ke antrean.", "{number} is back in the queue."],
  transferred: ["{number} dialihkan ke layanan {service}.", "{number} transferred to service {service}."],
  paused: ["Loket istirahat: tidak ada panggilan baru.", "Counter on a break: no new calls."],
  reopened: ["Loket buka lagi.", "Counter open again."],
  recalled_ok: ["Dipanggil ulang.", "Called again."],
  done_ok: ["Selesai dilayani.", "Served."],
  skipped_ok: ["Dilewati: warga bisa dikembalikan ke antrean.", "Skipped: the citizen can be brought back to the queue."],
  not_found_today: ["Tiket \u201c{q}\u201d tidak ditemukan hari ini.", "Ticket \u201c{q}\u201d was not found today."],
  // the referral slip
  referral_title: ["SURAT PENGANTAR RUJUKAN", "REFERRAL LETTER"],
  referral_greeting: ["Dengan hormat, warga pembawa surat ini kami rujuk ke:", "Dear colleagues, we refer the bearer of this letter to:"],
  referral_bring: ["Harap membawa surat ini beserta fotokopi KTP dan KK.", "Please bring this letter with copies of the KTP and KK."],
  queue_number: ["Nomor antrean", "Queue number"],
  outcome: ["Hasil", "Outcome"],
  note: ["Catatan", "Note"],
  clerk: ["Petugas", "Clerk"],
  late_item: [" menunggu {m} mnt (standar {s} mnt) ", " waiting {m} min (standard {s} min) "],
  late_close: ["Tutup pemberitahuan {number}", "Close the notice for {number}"]
};

export let t = translator(TEXTS, "id");

/* Speak `lang` from now on: the page's fixed texts at once; the caller redraws the rest. */
export function setLanguage(lang) {
  t = translator(TEXTS, lang);
  applyTexts(t);
  for (const node of document.querySelectorAll("[data-i18n-aria]")) node.setAttribute("aria-label", t(node.dataset.i18nAria));
  document.title = t("page_title");
}

/* A vocabulary word in the page's language. */
export const w = (table, name) => word(table, name, t.lang);

/* "Lansia" / "Elderly": a priority category's short label. */
export function prioShort(name) {
  const c = V.priority_categories[name];
  return c ? c.short[t.lang === "en" ? 1 : 0] : String(name || "");
}
export function prioLong(name) {
  const c = V.priority_categories[name];
  return c ? c.long[t.lang === "en" ? 1 : 0] : String(name || "");
}

/* "12 mnt", "1 jam 5 mnt" / "12 min", "1 h 5 min" */
export function dur(seconds) {
  const m = Math.max(0, Math.floor(seconds / 60));
  return m < 60 ? t("minutes", { n: m }) : t("hours_minutes", { h: Math.floor(m / 60), m: m % 60 });
}

/* A service's name in the page's language when the server gave both. */
export const svcLabel = (s) => (s ? (t.lang === "en" && s.name_en) || s.name || "" : "");
