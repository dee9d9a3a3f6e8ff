"""Every sentence the kiosk shows or prints, in Bahasa Indonesia and English.

Indonesian is the default (KBBI spelling: "nomor antrean", "silakan"). Keys are
stable so screens and tests refer to them, never to the wording. Words of shared
concepts (priority categories, day and month names) are not here but in
``common.vocabulary``, the same table the server and the pages use.
"""

from __future__ import annotations

from common.vocabulary import PRIORITY_CATEGORIES

LANGS = ("id", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "touch_to_start": ("Sentuh layar untuk mengambil nomor antrean",
                       "Touch the screen to take a queue number"),
    "start": ("Ambil Nomor Antrean", "Take a Queue Number"),
    "lang_switch": ("English", "Bahasa Indonesia"),
    "free": ("Layanan ini GRATIS", "This service is FREE"),
    "choose_service": ("Pilih layanan", "Choose a service"),
    "waiting": ("{n} orang menunggu", "{n} waiting"),
    "eta": ("perkiraan {m} menit", "about {m} min"),
    "eta_none": ("langsung dilayani", "no wait"),
    "service_closed": ("Tutup hari ini", "Closed today"),
    "outside_hours": ("Di luar jam layanan", "Outside service hours"),
    "quota_reached": ("Kuota hari ini habis", "Today's quota is full"),
    "office_holiday": ("Kantor libur hari ini", "Office closed today (holiday)"),
    "services_loading": ("Memuat daftar layanan...", "Loading services..."),
    "services_offline": ("Tidak dapat terhubung ke server. Silakan minta bantuan petugas.",
                         "Cannot reach the server. Please ask the staff for help."),
    "cannot_serve": ("Maaf, kiosk ini belum dapat memberi nomor antrean.\nSilakan minta bantuan petugas.",
                     "Sorry, this kiosk cannot give queue numbers right now.\nPlease ask the staff for help."),
    "large_on": ("Aa  Huruf besar", "Aa  Large text"),
    "large_off": ("Aa  Huruf biasa", "Aa  Normal text"),
    "priority_q": ("Apakah Anda termasuk salah satu di bawah ini?",
                   "Does one of these apply to you?"),
    "priority_hint": ("Petugas dapat memeriksanya nanti.", "Staff may confirm this later."),
    # The categories' own words are common.vocabulary.PRIORITY_CATEGORIES (see priority_label).
    "no_priority": ("Tidak", "No"),
    "not_priority": ("Bukan prioritas", "Not priority"),
    "nik_title": ("Ketik NIK Anda (16 angka, lihat KTP)", "Type your NIK (16 digits, see your KTP)"),
    "nik_progress": ("{n} dari 16 angka", "{n} of 16 digits"),
    "nik_ok": ("NIK lengkap. Periksa lagi, lalu tekan Lanjut.",
               "NIK complete. Check it, then press Next."),
    "nik_start": ("Mulai dari 2 angka pertama di KTP Anda.", "Start with the first 2 digits on your KTP."),
    "clear": ("Hapus semua", "Clear all"),
    "backspace": ("Hapus", "Delete"),
    "ktp_where": ("NIK ada di baris atas KTP Anda", "The NIK is on the top line of your KTP"),
    # Plain words for a NIK that cannot be right (common.nik's codes); the wrong digits turn red.
    "nik_plain_start": ("Angka depan NIK belum benar. Cocokkan dengan KTP Anda.",
                        "The first digits are not right. Compare with your KTP."),
    "nik_plain_birth": ("Angka tanggal lahir di NIK belum benar. Cocokkan dengan KTP Anda.",
                        "The birth date digits are not right. Compare with your KTP."),
    "nik_plain_end": ("4 angka terakhir belum benar. Cocokkan dengan KTP Anda.",
                      "The last 4 digits are not right. Compare with your KTP."),
    "nik_plain_short": ("NIK belum lengkap: baru {n} dari 16 angka.", "The NIK is not complete: {n} of 16 digits."),
    "nik_plain_other": ("NIK belum benar. Cocokkan dengan KTP Anda, atau minta bantuan petugas.",
                        "The NIK is not right. Compare with your KTP, or ask the staff."),
    "age_suggest": ("Menurut NIK, umur Anda {age} tahun. Anda boleh memilih prioritas Lanjut usia.",
                    "Your NIK says you are {age}. You may choose the Elderly priority."),
    "age_suggest_button": ("Pilih Lanjut usia", "Choose Elderly"),
    "age_check": ("Menurut NIK, umur Anda {age} tahun. Prioritas Lanjut usia untuk umur 60 tahun ke atas; "
                  "petugas akan memeriksanya.",
                  "Your NIK says you are {age}. The Elderly priority is for 60 or older; the staff will check."),
    "age_check_button": ("Ubah: bukan prioritas", "Change: no priority"),
    "priority_mark": ("PRIORITAS", "PRIORITY"),
    "privacy_title": ("Tentang data Anda", "About your data"),
    "privacy_body": (
        "NIK Anda dipakai hanya untuk melayani permohonan Anda hari ini "
        "dan memeriksa data {source}.\n"
        "NIK disimpan paling lama {days} hari, lalu dihapus.\n"
        "Di tiket dan di layar umum, NIK hanya tampil sebagian (contoh 3277********0003).",
        "Your NIK is used only to serve your request today and to check the {source} data.\n"
        "It is kept for at most {days} days, then deleted.\n"
        "On the ticket and public screens only part of it is shown (e.g. 3277********0003)."),
    "agree": ("Setuju & lanjut", "Agree & continue"),
    "confirm_title": ("Periksa sebelum mencetak", "Check before printing"),
    "service": ("Layanan", "Service"),
    "priority": ("Prioritas", "Priority"),
    "print": ("Cetak Tiket", "Print Ticket"),
    "back": ("Kembali", "Back"),
    "cancel": ("Batal", "Cancel"),
    "next": ("Lanjut", "Next"),
    "issuing": ("Mengambil nomor antrean...", "Getting your number..."),
    "printing": ("Mencetak tiket...", "Printing your ticket..."),
    "server_retry": ("Server belum menjawab. Mencoba lagi otomatis (percobaan {n})...\n"
                     "Nomor Anda tidak akan ganda.",
                     "The server is not answering. Trying again automatically (attempt {n})...\n"
                     "You will not get two numbers."),
    "server_down": ("Maaf, server antrean tidak dapat dihubungi. Tekan \"Coba lagi\" "
                    "atau minta bantuan petugas.",
                    "Sorry, the queue server cannot be reached. Press \"Try again\" or ask the staff."),
    "retry": ("Coba lagi", "Try again"),
    "stall_hint": ("Server lambat menjawab. Anda boleh menunggu, atau tekan \"Batal\".",
                   "The server is slow to answer. You may wait, or press \"Cancel\"."),
    "kiosk_unauthorized": ("Kiosk ini belum terdaftar di server. Mohon hubungi petugas.",
                           "This kiosk is not registered with the server. Please ask the staff."),
    "take_ticket": ("Silakan ambil tiket Anda", "Please take your ticket"),
    "your_number": ("Nomor antrean Anda", "Your queue number"),
    "ahead": ("{n} orang di depan Anda", "{n} people ahead of you"),
    "ahead_none": ("Tidak ada antrean di depan Anda", "Nobody is ahead of you"),
    "prepare": ("Siapkan: {req}", "Please prepare: {req}"),
    "done_back": ("Selesai", "Finish"),
    "print_failed_title": ("Maaf, tiket tidak dapat dicetak", "Sorry, the ticket could not be printed"),
    "print_failed_body": ("Nomor Anda tetap berlaku. Foto layar ini atau catat nomornya, "
                          "lalu tunjukkan kepada petugas di loket.",
                          "Your number is still valid. Take a photo of this screen or write the number "
                          "down, and show it at the counter."),
    "existing_title": ("Anda sudah memiliki nomor antrean untuk layanan ini",
                       "You already have a queue number for this service"),
    "reprint": ("Cetak ulang tiket", "Print the ticket again"),
    "refused_title": ("Maaf, nomor antrean tidak dapat diambil", "Sorry, no number can be issued"),
    "ask_staff": ("Silakan bertanya kepada petugas.", "Please ask the staff."),
    "invalid_nik": ("NIK ditolak oleh server.", "The server rejected the NIK."),
    # Technician: PIN, settings page, checks (also printed by kiosk_main.py --check)
    "pin_title": ("PIN teknisi", "Technician PIN"),
    "pin_hint": ("Khusus petugas teknis.", "For the technician only."),
    "pin_wrong": ("PIN salah. Sisa {n} percobaan.", "Wrong PIN. {n} tries left."),
    "pin_locked": ("Terlalu banyak PIN salah. Coba lagi dalam {s} detik.",
                   "Too many wrong PINs. Try again in {s} seconds."),
    "pin_none": ("Belum ada PIN teknisi. Buat lewat SSH: python kiosk_main.py --reset-pin",
                 "No technician PIN is set. Create one over SSH: python kiosk_main.py --reset-pin"),
    "ok": ("OK", "OK"),
    "fail_mark": ("GAGAL", "FAILED"),
    "tech_title": ("Pengaturan Teknisi", "Technician Settings"),
    "tech_server": ("Alamat server", "Server URL"),
    "tech_name": ("Nama kiosk", "Kiosk name"),
    "tech_printer": ("Jenis printer", "Printer type"),
    "tech_target": ("Koneksi", "Connection"),
    "printer_kind_preview": ("Pratinjau", "Preview"),
    "printer_kind_network": ("Jaringan", "Network"),
    "printer_kind_usb": ("USB", "USB"),
    "printer_kind_serial": ("Serial", "Serial"),
    "printer_kind_file": ("Berkas", "File"),
    "tech_paper": ("Kertas", "Paper"),
    "tech_profile": ("Profil printer", "Printer profile"),
    "tech_profile_auto": ("otomatis ({p})", "automatic ({p})"),
    "tech_language": ("Bahasa", "Language"),
    "tech_idle": ("Kembali ke awal", "Idle timeout"),
    "tech_idle_value": ("{s} detik", "{s} s"),
    "tech_pair_code": ("Kode pasang", "Pairing code"),
    "tech_pair": ("Pasangkan", "Pair"),
    "tech_key_set": ("Kunci kiosk tersimpan.", "Kiosk key stored."),
    "tech_key_none": ("Kiosk belum punya kunci: pasangkan dengan kode dari /admin.",
                      "No kiosk key yet: pair with a code from /admin."),
    "tech_test_print": ("Cetak uji", "Test print"),
    "tech_test_server": ("Tes server", "Test server"),
    "tech_test_printer": ("Tes printer", "Test printer"),
    "tech_fullscreen": ("Keluar layar penuh", "Leave full screen"),
    "tech_exit": ("Tutup aplikasi", "Exit the app"),
    "tech_save": ("Simpan & kembali", "Save & back"),
    "tech_file": ("File pengaturan: {path}", "Settings file: {path}"),
    "tech_testing": ("Memeriksa...", "Checking..."),
    "tech_printing": ("Mencetak tiket uji...", "Printing a test ticket..."),
    "tech_pairing": ("Memasangkan...", "Pairing..."),
    "tech_save_failed": ("Gagal menyimpan", "Could not save"),
    "test_ticket_title": ("TES PRINTER", "PRINTER TEST"),
    "test_ticket_ok": ("Jika ini terbaca, printer siap.", "If you can read this, the printer works."),
    "chk_server_ok": ("Server terhubung: {url}", "Server reachable: {url}"),
    "chk_server_unreachable": ("Server tidak dapat dihubungi di {url}: alamat server salah, atau server mati.",
                               "Cannot reach the server at {url}: wrong server URL, or the server is down."),
    "chk_server_not_antre": ("{url} bukan server Antre: alamat server salah.",
                             "{url} is not an Antre server: wrong server URL."),
    "chk_key_ok": ("Kunci kiosk berlaku (perangkat {device}).", "Kiosk key valid (device {device})."),
    "chk_key_missing": ("Kiosk belum punya kunci: pasangkan dengan kode dari /admin.",
                        "This kiosk has no key: pair it with a code from /admin."),
    "chk_key_invalid": ("Kunci kiosk ditolak (dicabut atau salah): pasangkan ulang dengan kode baru dari /admin.",
                        "Kiosk key refused (revoked or invalid): pair again with a new code from /admin."),
    "chk_key_wrong_kind": ("Kunci ini milik layar TV (perangkat {device}), bukan kiosk: pasangkan ulang dengan "
                           "kode kiosk dari /admin.",
                           "This key belongs to a TV display (device {device}), not a kiosk: pair again with a "
                           "kiosk code from /admin."),
    "chk_key_server_old": ("Server di {url} terlalu lama untuk memeriksa kunci: perbarui server Antre.",
                           "The server at {url} is too old to check the key: update the Antre server."),
    "chk_key_unchecked": ("Kunci kiosk belum diperiksa: server tidak terhubung.",
                          "Kiosk key not checked: the server is not reachable."),
    "chk_printer_ok": ("Printer siap: {printer}", "Printer ready: {printer}"),
    "chk_printer_offline": ("Printer tidak dapat dihubungi: {printer}. Periksa kabel, daya, dan alamat.",
                            "Printer unreachable: {printer}. Check the cable, power and address."),
    "chk_printer_paper_out": ("Kertas printer habis: {printer}", "Printer out of paper: {printer}"),
    "chk_printer_timeout": ("Printer tidak menjawab (waktu habis): {printer}",
                            "Printer not answering (timeout): {printer}"),
    "chk_printer_failed": ("Printer gagal: {printer}", "Printer failed: {printer}"),
    "chk_print_ok": ("Tiket uji terkirim ke {printer}.", "Test ticket sent to {printer}."),
    "chk_pair_ok": ("Terpasang sebagai \u201c{name}\u201d (perangkat {device}). Kunci disimpan.",
                    "Paired as \u201c{name}\u201d (device {device}). Key saved."),
    "chk_pair_invalid_code": ("Kode pasang salah, sudah dipakai, atau kedaluwarsa. Buat kode baru di /admin.",
                              "Pairing code wrong, used or expired. Make a new one on /admin."),
    "chk_pair_wrong_kind": ("Kode ini untuk layar TV, bukan kiosk. Kode tetap berlaku di layar TV.",
                            "This code is for a TV display, not a kiosk. It is still valid there."),
    "chk_pair_too_many": ("Terlalu banyak percobaan. Coba lagi dalam {seconds} detik.",
                          "Too many attempts. Try again in {seconds} seconds."),
    # Printed ticket
    "t_number": ("NOMOR ANTREAN", "QUEUE NUMBER"),
    "t_ahead": ("Antrean di depan: {n} orang", "Ahead of you: {n}"),
    "t_eta": ("Perkiraan tunggu: {m} menit", "Estimated wait: {m} min"),
    "t_nik": ("NIK: {nik}", "NIK: {nik}"),
    "t_priority": ("Prioritas: {p}", "Priority: {p}"),
    "t_bring": ("Bawa: {req}", "Bring: {req}"),
    "t_scan": ("Pindai untuk melihat status antrean", "Scan to see your queue status"),
    "t_reprint": ("CETAK ULANG", "REPRINT"),
    "t_offline": ("Dicetak saat offline", "Printed while offline"),
    "tech_offline": ("Mode offline: {state} · {pending} tiket offline belum terkirim · sinkron terakhir: {last}",
                     "Offline mode: {state} · {pending} offline tickets not uploaded · last upload: {last}"),
    "tech_offline_on": ("AKTIF (server tidak menjawab)", "ON (the server does not answer)"),
    "tech_offline_off": ("tidak", "off"),
    "tech_offline_never": ("belum pernah", "never"),
    "t_offline_note": ("Urutan Anda tercatat; layar antrean memanggil nomor ini.",
                       "Your place is recorded; the queue screen will call this number."),
    # Spoken guidance (kiosk.voice): short sentences, said once per step, in words a listener follows
    "say_welcome": ("Selamat datang. Sentuh layar untuk mengambil nomor antrean.",
                    "Welcome. Touch the screen to take a queue number."),
    "say_service": ("Silakan pilih layanan yang Anda perlukan.", "Please choose the service you need."),
    "say_priority": ("Apakah Anda lanjut usia, penyandang disabilitas, ibu hamil, membawa anak kecil, atau korban "
                     "bencana? Jika ya, pilih salah satu. Jika tidak, tekan Tidak.",
                     "Are you elderly, a person with a disability, pregnant, with a small child, or a disaster "
                     "victim? If so, choose one. If not, press No."),
    "say_nik": ("Ketik enam belas angka NIK dari KTP Anda, lalu tekan Lanjut.",
                "Type the sixteen digits of the NIK on your KTP, then press Next."),
    "say_nik_error": ("NIK belum benar. Periksa lagi angka di KTP Anda, atau minta bantuan petugas.",
                      "The NIK is not right yet. Check the digits on your KTP again, or ask the staff for help."),
    "say_privacy": ("NIK Anda hanya dipakai untuk layanan hari ini. Tekan Setuju untuk lanjut.",
                    "Your NIK is only used for today's service. Press Agree to continue."),
    "say_confirm": ("Periksa pilihan Anda. Jika sudah benar, tekan Cetak Tiket.",
                    "Check your choices. If they are right, press Print Ticket."),
    "say_done": ("Nomor antrean Anda {number}. Silakan ambil tiket Anda, lalu tunggu sampai dipanggil.",
                 "Your queue number is {number}. Please take your ticket and wait until you are called."),
    "say_print_failed": ("Maaf, tiket tidak dapat dicetak. Nomor antrean Anda {number}. Tunjukkan layar ini "
                         "kepada petugas.",
                         "Sorry, the ticket could not be printed. Your queue number is {number}. Show this "
                         "screen to the staff."),
    "say_existing": ("Anda sudah punya nomor antrean hari ini: {number}.",
                     "You already have a queue number today: {number}."),
    "say_refused": ("Maaf, nomor antrean tidak dapat diberikan. Silakan minta bantuan petugas.",
                    "Sorry, a queue number cannot be given. Please ask the staff for help."),
    "say_server_down": ("Maaf, kiosk ini sedang tidak dapat melayani. Silakan minta bantuan petugas.",
                        "Sorry, this kiosk cannot serve right now. Please ask the staff for help."),
    # Check-in: a booking, or a number taken from home (kiosk.check_in, screens/check_in.py)
    "check_in_entry": ("Sudah ambil nomor / punya jadwal?", "Got a number / booked a slot?"),
    "check_in_title": ("Pindai QR di ponsel Anda ke pemindai, atau ketik kode pemesanan",
                       "Scan the QR code on your phone at the scanner, or type your booking code"),
    "check_in_hint": ("Kode pemesanan: 8 huruf dan angka, ada di ponsel Anda.",
                      "Booking code: 8 letters and digits, shown on your phone."),
    "check_in_progress": ("{n} dari 8", "{n} of 8"),
    "check_in_scanned": ("Kode dari QR", "Code from the QR"),
    "check_in_go": ("Lanjut", "Next"),
    "checking_in": ("Memeriksa kode...", "Checking the code..."),
    "check_in_server_down": ("Check-in membutuhkan koneksi ke server. Silakan ke meja petugas.",
                             "Check-in needs the connection to the server. Please go to the staff desk."),
    "check_in_unknown_code": ("Kode tidak dikenal. Periksa lagi kode di ponsel Anda, atau tanyakan petugas.",
                              "Unknown code. Check the code on your phone again, or ask the staff."),
    "check_in_booking_other_day": ("Jadwal Anda bukan untuk hari ini. Silakan datang pada tanggal jadwal Anda.",
                                   "Your booking is not for today. Please come on the day you booked."),
    "check_in_already_checked_in": ("Kode ini sudah dipakai untuk check-in. Nomor Anda tetap berlaku; "
                                    "tanyakan petugas bila tiket hilang.",
                                    "This code was already checked in. Your number is still valid; "
                                    "ask the staff if you lost the ticket."),
    "check_in_booking_cancelled": ("Jadwal ini sudah dibatalkan. Silakan ambil nomor antrean baru.",
                                   "This booking was cancelled. Please take a new queue number."),
    "check_in_other": ("Check-in tidak berhasil. Silakan tanyakan petugas.",
                       "Check-in did not work. Please ask the staff."),
    "t_booked_here": ("Jadwal {time} \u00b7 sudah hadir", "Booked {time} \u00b7 checked in"),
    "t_booked_late": ("Jadwal {time} \u00b7 terlambat, masuk antrean biasa",
                      "Booked {time} \u00b7 late, joined the queue as a walk-in"),
    "t_remote_here": ("Diambil dari rumah \u00b7 sudah hadir", "Taken from home \u00b7 checked in"),
    "say_check_in": ("Pindai kode QR di ponsel Anda, atau ketik kode pemesanan, lalu tekan Lanjut.",
                     "Scan the QR code on your phone, or type your booking code, then press Next."),
    "tech_voice": ("Suara panduan", "Voice guidance"),
    "tech_voice_on": ("Nyala", "On"),
    "tech_voice_off": ("Mati", "Off"),
    "tech_volume": ("Volume suara", "Voice volume"),
}

def t(key: str, lang: str = "id", **params) -> str:
    """The text for ``key`` in ``lang`` ("id" or "en"), with ``params`` filled in."""
    id_text, en_text = TEXTS[key]
    text = en_text if lang == "en" else id_text
    return text.format(**params) if params else text


def service_name(service: dict, lang: str) -> str:
    return (service.get("name_en") if lang == "en" else None) or service.get("name") or service.get("code", "")


def requirements(service: dict, lang: str) -> str:
    return (service.get("requirements_en") if lang == "en" else None) or service.get("requirements") or ""


def priority_label(priority, lang: str) -> str:
    """A category's long label ("Lanjut usia (60 tahun ke atas)"), or "Bukan prioritas" for None."""
    if not priority:
        return t("not_priority", lang)
    id_text, en_text = PRIORITY_CATEGORIES[priority]["long"]
    return en_text if lang == "en" else id_text
