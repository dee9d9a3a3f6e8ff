"""The demo Dinas Sosial of PRODUCT.md section 2, seeded into an empty database.

Credentials are generated, never fixed strings: printed once and written to
``<data-dir>/demo-credentials.json`` readable only by the owner, the way
well-known servers hand out an initial admin password.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import sqlalchemy as sa

from server.domain.accounts import create_device, create_user
from server.http.context import AppContext
from server.storage.schema import counter_services, counters, office_settings, service_slots, services, users

REQ_ID = "Fotokopi KTP dan fotokopi Kartu Keluarga (KK)."
REQ_EN = "A photocopy of your KTP and of your family card (Kartu Keluarga)."

SERVICES = [
    # code, Indonesian, English, requirements id/en, standard minutes, kiosk
    ("A", "Surat Keterangan DTKS", "DTKS registration letter", REQ_ID, REQ_EN, 15, True),
    ("B", "Informasi & Layanan Bansos (PKH, SEMBAKO, KIS, KIP)",
     "Social assistance information (PKH, SEMBAKO, KIS, KIP)", REQ_ID, REQ_EN, 15, True),
    ("C", "Pengaduan", "Complaints and suggestions",
     "KTP. Identitas pelapor dapat dirahasiakan.", "KTP. Your identity can be kept confidential.", 30, True),
    ("D", "Informasi Umum", "General information", "Tidak ada persyaratan khusus.", "No special requirements.",
     10, True),
    # The back office step of the DTKS letter: reached only by a transfer from the front office.
    ("E", "Back Office: Cek DTKS & Cetak Surat", "Back office: DTKS check and letter", REQ_ID, REQ_EN, 15, False),
]

COUNTERS = [
    ("Loket 1", "front_office", ["A", "D", "B"]),
    ("Loket 2", "back_office", ["E"]),
    ("Loket 3", "bansos_desk", ["B"]),
    ("Loket 4", "complaints", ["C"]),
]

OFFICE = {
    "name": "Dinas Sosial Kota Demo",
    "address": "Jl. Contoh No. 1, Kota Demo",  # where the office is; "GRATIS" is printed by the ticket itself
    "data_source": "DTKS",
    "legal_basis": "Permensos Nomor 3 Tahun 2021 tentang Pengelolaan Data Terpadu Kesejahteraan Sosial",
    "running_text": "Selamat datang. Semua layanan GRATIS. Siapkan fotokopi KTP dan KK. "
                    "Pengaduan dapat disampaikan di Loket 4.",
    "announcement_phrase": "Nomor antrean",
    "voice": True,
    "ticket_footer": "Terima kasih. Simpan tiket ini sampai selesai dilayani.",
}

# The demo office's Surat Keterangan DTKS (issue 12): the DTKS wording of the seeds; blanks follow the profile.
DEMO_LETTER_TEMPLATE = {
    "number_pattern": "460/{seq}/Dinsos/{month_roman}/{year}",
    "title": "SURAT KETERANGAN",
    "paragraphs": [
        "Yang bertanda tangan di bawah ini, Kepala Dinas Sosial Kota Demo, menerangkan bahwa:",
        "Berdasarkan hasil pengecekan pada aplikasi SIKS-NG tanggal {tanggal_cek}, yang bersangkutan "
        "dinyatakan: {hasil}.",
        "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
    ],
    "data_source": "DTKS (kini DTSEN)",
    "signer_title": "Kepala Dinas Sosial Kota Demo",
    "signer_name": "Nama Kepala Dinas (Demo)",
    "signer_nip": "19700101 199503 1 001",
    "place": "Kota Demo",
}


def _password() -> str:
    return secrets.token_urlsafe(9)


def seed_demo(c: AppContext) -> dict | None:
    """Seed an empty database; returns the credentials created, or None if already seeded."""
    with c.db.read() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(services)).scalar():
            return None

    def job(tx):
        conn = tx.conn
        ids = {}
        for pos, (code, name_id, name_en, req_id, req_en, minutes, kiosk) in enumerate(SERVICES):
            ids[code] = conn.execute(services.insert().values(
                code=code, name_id=name_id, name_en=name_en, requirements_id=req_id, requirements_en=req_en,
                standard_minutes=minutes, is_open=True, position=pos, kiosk_visible=kiosk,
                nik_optional=code == "C",  # a complaint may be anonymous
                online=code == "A",  # the DTKS letter may be asked for online (issue 12)
                phone_open=code in "AD", booking_open=code in "AD")).inserted_primary_key[0]  # issue 13
            if code in "AD":  # bookings Monday to Friday, 08:00 to 14:00 but the lunch hour
                conn.execute(service_slots.insert(), [
                    dict(service_id=ids[code], weekday=wd, hour=h, capacity=4 if code == "A" else 6)
                    for wd in range(5) for h in (8, 9, 10, 11, 13, 14)])
        counter_ids = []
        for pos, (name, role, codes) in enumerate(COUNTERS):
            cid = conn.execute(counters.insert().values(name=name, role=role, state="closed", priority_streak=0,
                                                        position=pos)).inserted_primary_key[0]
            counter_ids.append(cid)
            for spos, code in enumerate(codes):
                conn.execute(counter_services.insert().values(counter_id=cid, service_id=ids[code], position=spos))
        for key, value in OFFICE.items():
            conn.execute(office_settings.insert().values(key=key, value=value))
        creds = {"admin": {"username": "admin", "password": _password()}, "staff": []}
        create_user(tx, "admin", creds["admin"]["password"], "admin", "Administrator")
        for i, cid in enumerate(counter_ids, start=1):
            entry = {"username": f"petugas{i}", "password": _password(), "counter": cid}
            uid = create_user(tx, entry["username"], entry["password"], "staff", f"Petugas Loket {i}",
                              counter_id=cid)
            if COUNTERS[i - 1][1] == "complaints":  # the complaints desk's clerk keeps the register
                conn.execute(users.update().where(users.c.id == uid).values(complaint_officer=True))
            creds["staff"].append(entry)
        creds["supervisor"] = {"username": "kepala", "password": _password()}
        kepala = create_user(tx, "kepala", creds["supervisor"]["password"], "supervisor", "Kepala Dinas")
        # The head of office approves the Surat Keterangan DTKS (issue 12, part L).
        conn.execute(users.update().where(users.c.id == kepala).values(letter_signer=True))
        conn.execute(office_settings.insert().values(key="letter_template", value=DEMO_LETTER_TEMPLATE))
        _, creds["kiosk_key"] = create_device(tx, "kiosk", "Kiosk Lobi")
        tx.touched("office", "devices", "users")  # caches reload once this is committed
        return creds

    creds = c.db.writer.call(job)
    write_credentials(c.settings.data_dir, creds)
    return creds


def credentials_path(data_dir: Path) -> Path:
    return Path(data_dir) / "demo-credentials.json"


def write_credentials(data_dir: Path, creds: dict) -> Path:
    path = credentials_path(data_dir)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(creds, fh, indent=2)
    os.chmod(path, 0o600)
    return path
