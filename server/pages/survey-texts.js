/* The survey tablet's sentences, Indonesian and English (i18n.js). The questions and answers
   come from the vocabulary (questionnaire.js). */
export const TEXTS = {
  title: ["Survei Kepuasan Masyarakat", "Satisfaction survey"],
  unpaired_title: ["Tablet survei belum dipasang", "This survey tablet is not paired yet"],
  unpaired_text: ["Teknisi: buat perangkat jenis \u201cTablet survei\u201d di /admin \u203a Perangkat, lalu ketik kode pemasangannya di sini.",
    "Technician: add a device of kind \u201cSurvey tablet\u201d on /admin \u203a Perangkat, then type its pairing code here."],
  pair_link: ["Pasang tablet ini", "Pair this tablet"],
  waiting_title: ["Terima kasih \u2014 silakan isi survei setelah dilayani", "Thank you \u2014 please answer our survey after your visit"],
  waiting_text: ["Setelah petugas selesai melayani Anda, pertanyaan survei muncul di layar ini.",
    "When the staff have finished serving you, the survey's questions appear on this screen."],
  lookup_label: ["Atau ketik/pindai nomor antrean Anda", "Or type or scan your queue number"],
  start: ["Mulai", "Start"],
  offer: ["Nomor {number}, bagaimana pelayanan kami?", "Number {number}, how was our service?"],
  not_me: ["Bukan saya", "Not me"],
  unknown: ["Nomor ini tidak ditemukan hari ini. Periksa nomor pada tiket Anda.",
    "This number was not found today. Please check the number on your ticket."],
  offline: ["Koneksi terputus \u2014 mencoba lagi\u2026", "Connection lost \u2014 trying again\u2026"]
};
