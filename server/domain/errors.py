"""Domain errors: a stable machine code plus messages in Indonesian and English.

A screen maps the code to what it shows, a test asserts the code, and the HTTP
layer maps the code to a status (pretix's CheckInError pattern): no HTTP here, so
the same errors serve the writer, the command line and any future channel.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Indonesian, English)
    "invalid_nik": ("NIK tidak valid.", "The NIK is not valid."),
    "unknown_service": ("Layanan tidak ditemukan.", "Service not found."),
    "service_closed": ("Layanan ini sedang tutup.", "This service is closed right now."),
    "outside_hours": ("Layanan ini di luar jam buka.", "This service is outside its opening hours."),
    "quota_reached": ("Kuota antrean layanan ini untuk hari ini sudah habis.",
                      "Today's quota for this service has been reached."),
    "invalid_priority": ("Kategori prioritas tidak dikenal.", "Unknown priority category."),
    "unknown_ticket": ("Tiket tidak ditemukan.", "Ticket not found."),
    "unknown_counter": ("Loket tidak ditemukan.", "Counter not found."),
    "invalid_transition": ("Tindakan ini tidak bisa dilakukan untuk tiket dengan status sekarang.",
                           "This action is not possible for the ticket in its current state."),
    "not_your_counter": ("Tiket ini sedang dilayani di loket lain.", "This ticket is at another counter."),
    "counter_closed": ("Loket sedang tutup.", "The counter is closed."),
    "same_service": ("Tiket sudah berada di layanan ini.", "The ticket is already in this service."),
    "counter_held": ("Loket ini sedang dipegang petugas lain. Ambil alih loket jika perlu.",
                     "Another clerk holds this counter. Take it over if you need to."),
    "not_offered_at_kiosk": ("Layanan ini tidak tersedia di kiosk.", "This service is not offered at the kiosk."),
    "last_admin": ("Ini admin aktif terakhir: tidak bisa dinonaktifkan atau diturunkan perannya.",
                   "This is the last active admin: it cannot be deactivated or lose the admin role."),
    "server_busy": ("Server sedang sibuk. Silakan coba lagi sebentar lagi.",
                    "The server is busy. Please try again in a moment."),
    "storage_full": ("Penyimpanan server penuh: perubahan tidak bisa disimpan. Hubungi teknisi.",
                     "The server's storage is full: changes cannot be saved. Call the technician."),
    "request_id_reused": ("request_id ini sudah dipakai untuk permintaan lain.",
                          "This request_id was already used for a different request."),
    "not_leased": ("Nomor ini tidak termasuk nomor cadangan kiosk ini.",
                   "This number is not in a block leased to this kiosk."),
    "unauthenticated": ("Silakan masuk terlebih dahulu.", "Please log in first."),
    "forbidden": ("Anda tidak berhak melakukan ini.", "You are not allowed to do this."),
    "invalid_credentials": ("Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    "too_many_attempts": ("Terlalu banyak percobaan masuk. Coba lagi beberapa menit lagi.",
                          "Too many login attempts. Try again in a few minutes."),
    "invalid_request": ("Permintaan tidak lengkap atau tidak valid.", "The request is incomplete or invalid."),
    "not_found": ("Tidak ditemukan.", "Not found."),
    "invalid_field": ("Ada isian yang belum benar.", "Some fields are not right yet."),
    "unknown_user": ("Akun tidak ditemukan.", "Account not found."),
    "unknown_device": ("Perangkat tidak ditemukan.", "Device not found."),
    "invalid_pairing_code": ("Kode pemasangan salah atau sudah kedaluwarsa.",
                             "The pairing code is wrong or has expired."),
    "wrong_device_kind": ("Kode ini untuk perangkat jenis lain (kiosk atau layar TV).",
                          "This code is for another kind of device (kiosk or TV display)."),
    "invalid_image": ("Berkas logo harus gambar PNG atau JPEG.", "The logo must be a PNG or JPEG image."),
    "image_too_large": ("Berkas logo terlalu besar (maksimal 2 MB).", "The logo file is too large (2 MB at most)."),
    # the staff workstation: a chosen call, a staff-assisted ticket, an outcome, a back-office check
    "reason_required": ("Tuliskan alasan memanggil nomor ini lebih dulu.",
                        "Write why this number is called out of turn."),
    "not_counter_service": ("Nomor ini bukan untuk layanan loket Anda.", "This number is not for your counter's services."),
    "nik_required": ("NIK wajib diisi untuk layanan ini.", "This service needs the NIK."),
    "unknown_outcome": ("Hasil layanan tidak dikenal. Pilih dari daftar.", "Unknown outcome: pick one from the list."),
    "outcome_required": ("Pilih hasil layanan sebelum menyelesaikan.", "Pick the outcome before finishing."),
    "no_back_office_check": ("Tiket ini tidak sedang dicek back office.", "This ticket has no back-office check."),
    # the SKM survey (issue 11, part S)
    "survey_already_answered": ("Survei untuk nomor ini sudah diisi. Terima kasih!",
                                "The survey for this number has already been answered. Thank you!"),
    "survey_not_available": ("Survei bisa diisi setelah Anda selesai dilayani.",
                             "The survey opens once your visit is finished."),
    # working days and the complaint register (issue 11, part C)
    "office_holiday": ("Hari ini kantor libur.", "The office is closed today (holiday)."),
    "unknown_holiday": ("Hari libur ini tidak ada di kalender.", "This holiday is not in the calendar."),
    "invalid_csv": ("Berkas CSV tidak dapat dibaca. Tidak ada yang diimpor.",
                    "The CSV file could not be read. Nothing was imported."),
    "unknown_complaint": ("Pengaduan tidak ditemukan.", "Complaint not found."),
    "complaint_status_backwards": ("Status pengaduan hanya bisa maju: diterima, diverifikasi, ditindaklanjuti, selesai.",
                                   "A complaint's status only moves forward: received, verified, acted on, closed."),
    "complaint_incomplete": ("Lengkapi dulu isian yang dibutuhkan untuk langkah ini.",
                             "Fill in what this step needs first."),
    # the online application (issue 12, part O)
    "unknown_application": ("Permohonan tidak ditemukan. Periksa kode pelacakan Anda.",
                            "Application not found. Check your tracking code."),
    "not_online": ("Layanan ini tidak dapat diajukan secara daring. Silakan datang ke kantor.",
                   "This service cannot be applied for online. Please come to the office."),
    "application_open": ("Permohonan Anda untuk layanan ini masih diproses. Lihat kode pada pesan yang kami kirim.",
                         "Your application for this service is still being handled. See the code in our message."),
    "application_step": ("Langkah ini tidak bisa dilakukan untuk permohonan dengan status sekarang.",
                         "This step is not possible for the application in its current state."),
    "invalid_upload": ("Foto harus berupa gambar JPEG atau PNG.", "The photo must be a JPEG or PNG image."),
    "upload_too_large": ("Foto terlalu besar. Kecilkan ukurannya (atau foto ulang dengan resolusi lebih rendah) "
                         "lalu kirim lagi.", "The photo is too large. Make it smaller (or take it again at a "
                         "lower resolution) and send it again."),
    "uploads_full": ("Penyimpanan foto sedang penuh. Permohonan Anda tetap tersimpan; bawa KTP dan KK saat "
                     "datang ke kantor.", "Photo storage is full right now. Your application is kept; bring "
                     "your KTP and KK when you come to the office."),
    "too_many_applications": ("Terlalu banyak permohonan dikirim. Silakan coba lagi nanti.",
                              "Too many applications were sent. Please try again later."),
    "proof_required": ("Mohon tunggu sebentar, halaman sedang memeriksa pengiriman Anda lalu mengirim ulang.",
                       "Please wait a moment: the page is checking your submission and will send it again."),
    # notifications (server.domain.notify): a ticket's contact, the WhatsApp webhook
    "too_many_requests": ("Terlalu banyak permintaan. Silakan coba lagi beberapa menit lagi.",
                          "Too many requests. Please try again in a few minutes."),
    "bad_signature": ("Tanda tangan pesan tidak cocok.", "The message signature does not match."),
    # refusals of the HTTP layer (malformed or abusive requests), coded like the rest
    "malformed_request": ("Permintaan tidak dapat dibaca.", "The request could not be read (malformed HTTP)."),
    "method_not_allowed": ("Metode ini tidak didukung untuk alamat ini.", "This method is not allowed here."),
    "request_too_large": ("Permintaan terlalu besar.", "The request is too large."),
    "headers_too_large": ("Kepala permintaan terlalu besar.", "The request headers are too large."),
    "request_timeout": ("Permintaan tidak selesai dikirim tepat waktu.", "The request did not arrive in time."),
    "unsupported_media_type": ("Kirim data sebagai JSON (Content-Type: application/json).",
                               "Send the data as JSON (Content-Type: application/json)."),
    "cross_site_request": ("Permintaan dari situs lain ditolak.", "A request from another site was refused."),
    "too_many_streams": ("Terlalu banyak layar yang terhubung. Mencoba lagi sebentar lagi.",
                         "Too many screens are connected. Retrying shortly."),
    # numbers from phones and bookings (issue 13, part P)
    "not_open_to_phones": ("Layanan ini tidak melayani pengambilan nomor dari ponsel. Silakan ambil di kiosk.",
                           "This service does not give numbers to phones. Please take one at the kiosk."),
    "not_open_to_bookings": ("Layanan ini tidak menerima pemesanan jadwal.", "This service takes no bookings."),
    "already_has_ticket": ("NIK ini sudah memegang nomor aktif untuk layanan ini hari ini.",
                           "This NIK already holds an active number for this service today."),
    "already_has_booking": ("NIK ini sudah punya jadwal untuk layanan ini pada hari itu.",
                            "This NIK already has a booking for this service on that day."),
    "slot_full": ("Jadwal pada jam ini sudah penuh. Pilih jam atau hari lain.",
                  "This slot is full. Pick another hour or day."),
    "invalid_slot": ("Tanggal atau jam yang dipilih tidak bisa dipesan.", "That date or hour cannot be booked."),
    "unknown_booking": ("Jadwal tidak ditemukan. Periksa kode pemesanan Anda.",
                        "Booking not found. Check your booking code."),
    "unknown_code": ("Kode tidak dikenal. Periksa lagi kode atau QR pada ponsel Anda.",
                     "Unknown code. Check the code or QR on your phone."),
    "booking_other_day": ("Jadwal ini bukan untuk hari ini.", "This booking is not for today."),
    "already_checked_in": ("Nomor ini sudah hadir dan sudah masuk antrean.",
                           "This number has already checked in and is in the queue."),
    "booking_cancelled": ("Jadwal ini sudah dibatalkan.", "This booking was cancelled."),
    "internal_error": ("Terjadi kesalahan pada server. Silakan coba lagi.",
                       "Something went wrong on the server. Please try again."),
}


class DomainError(Exception):
    """A refusal the user can understand; never a bug."""

    def __init__(self, code: str, message: str | None = None, message_en: str | None = None, **extra):
        msg_id, msg_en = MESSAGES[code]
        self.code = code
        self.message = message or msg_id
        self.message_en = message_en or msg_en
        self.extra = extra
        super().__init__(f"{code}: {self.message_en}")

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "message_en": self.message_en, **self.extra}
