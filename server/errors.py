"""Domain errors: a stable machine code plus messages in Indonesian and English.

A screen maps the code to what it shows, a test asserts the code, and the HTTP
layer maps the code to a status (pretix's CheckInError pattern).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[int, str, str]] = {
    # code: (http status, Indonesian, English)
    "invalid_nik": (422, "NIK tidak valid.", "The NIK is not valid."),
    "unknown_service": (404, "Layanan tidak ditemukan.", "Service not found."),
    "service_closed": (409, "Layanan ini sedang tutup.", "This service is closed right now."),
    "outside_hours": (409, "Layanan ini di luar jam buka.", "This service is outside its opening hours."),
    "quota_reached": (409, "Kuota antrean layanan ini untuk hari ini sudah habis.",
                      "Today's quota for this service has been reached."),
    "invalid_priority": (422, "Kategori prioritas tidak dikenal.", "Unknown priority category."),
    "unknown_ticket": (404, "Tiket tidak ditemukan.", "Ticket not found."),
    "unknown_counter": (404, "Loket tidak ditemukan.", "Counter not found."),
    "invalid_transition": (409, "Tindakan ini tidak bisa dilakukan untuk tiket dengan status sekarang.",
                           "This action is not possible for the ticket in its current state."),
    "not_your_counter": (409, "Tiket ini sedang dilayani di loket lain.", "This ticket is at another counter."),
    "counter_closed": (409, "Loket sedang tutup.", "The counter is closed."),
    "same_service": (409, "Tiket sudah berada di layanan ini.", "The ticket is already in this service."),
    "expired_ticket": (409, "Tiket dari hari sebelumnya sudah kedaluwarsa.", "Tickets from an earlier day have expired."),
    "request_id_reused": (409, "request_id ini sudah dipakai untuk permintaan lain.",
                          "This request_id was already used for a different request."),
    "unauthenticated": (401, "Silakan masuk terlebih dahulu.", "Please log in first."),
    "forbidden": (403, "Anda tidak berhak melakukan ini.", "You are not allowed to do this."),
    "invalid_credentials": (401, "Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    "too_many_attempts": (429, "Terlalu banyak percobaan masuk. Coba lagi beberapa menit lagi.",
                          "Too many login attempts. Try again in a few minutes."),
    "invalid_request": (422, "Permintaan tidak lengkap atau tidak valid.", "The request is incomplete or invalid."),
    "not_found": (404, "Tidak ditemukan.", "Not found."),
    "invalid_field": (422, "Ada isian yang belum benar.", "Some fields are not right yet."),
    "unknown_user": (404, "Akun tidak ditemukan.", "Account not found."),
    "unknown_device": (404, "Perangkat tidak ditemukan.", "Device not found."),
    "invalid_pairing_code": (404, "Kode pemasangan salah atau sudah kedaluwarsa.",
                             "The pairing code is wrong or has expired."),
    "wrong_device_kind": (409, "Kode ini untuk perangkat jenis lain (kiosk atau layar TV).",
                          "This code is for another kind of device (kiosk or TV display)."),
    "invalid_image": (422, "Berkas logo harus gambar PNG atau JPEG.", "The logo must be a PNG or JPEG image."),
    "image_too_large": (413, "Berkas logo terlalu besar (maksimal 2 MB).", "The logo file is too large (2 MB at most)."),
}


class DomainError(Exception):
    """A refusal the user can understand; never a bug."""

    def __init__(self, code: str, message: str | None = None, message_en: str | None = None, **extra):
        status, msg_id, msg_en = MESSAGES[code]
        self.code = code
        self.status = status
        self.message = message or msg_id
        self.message_en = message_en or msg_en
        self.extra = extra
        super().__init__(f"{code}: {self.message_en}")

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "message_en": self.message_en, **self.extra}
