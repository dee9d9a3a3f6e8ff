/* The lobby display's and the counter display's sentences, Indonesian and English (i18n.js).
   Counter states ("Istirahat", "Tutup") come from the vocabulary, not from here. */
export const TEXTS = {
  title: ["Layar Antrean", "Queue display"],
  office_default: ["Layanan Antrean", "Queue service"],
  hero_label: ["NOMOR ANTREAN", "QUEUE NUMBER"],
  hero_wait: ["Silakan menunggu panggilan", "Please wait to be called"],
  serving: ["Sedang dilayani", "Now serving"],
  recent: ["Panggilan sebelumnya", "Previous calls"],
  waiting: ["Jumlah menunggu", "People waiting"],
  waiting_unit: ["Jumlah menunggu (orang)", "People waiting"],
  people: ["orang", "waiting"],
  no_counters: ["Loket belum dibuka", "No counter is open yet"],
  no_calls: ["Belum ada panggilan", "No calls yet"],
  no_services: ["Belum ada layanan", "No services"],
  quota_reached: ["Kuota habis", "Full today"],
  offline: ["\u25cf koneksi terputus", "\u25cf connection lost"],
  sound_on: ["Suara: hidup", "Sound: on"],
  sound_off: ["Suara: mati", "Sound: off"],
  sound_title: ["Suara panggilan", "Spoken calls"],
  sound_blocked: ["Suara diblokir browser \u2014 lihat /pair", "Sound blocked by the browser \u2014 see /pair"],
  sound_blocked_title: ["Browser TV ini belum boleh memutar suara sendiri. Jalankan Chromium dengan "
    + "--autoplay-policy=no-user-gesture-required (petunjuk lengkap di /pair), atau tekan tombol apa saja.",
  "This TV's browser may not play sound by itself. Start Chromium with "
    + "--autoplay-policy=no-user-gesture-required (see /pair), or press any key."],
  pair: ["Pasang perangkat", "Pair this device"],
  device: ["Perangkat: {name}", "Device: {name}"],
  // The counter display (/counter/{id})
  counter_title: ["Layar Loket", "Counter display"],
  counter_now: ["Nomor yang dilayani", "Now serving"],
  counter_unknown: ["Loket tidak ditemukan. Periksa alamat halaman ini.", "Counter not found. Check this page's address."],
  counter_idle: ["Menunggu panggilan", "Waiting for the next call"]
};
