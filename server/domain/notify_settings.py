"""The admin's notification settings (/admin > Pemberitahuan), checked and stored.

Stored in office_settings under 'notify', over the settings file's values (as
the office profile overrides the file). A secret is kept when the form sends it
back empty or still masked, so the page never needs to hold one in full.
"""

from __future__ import annotations

import re

from server.domain.fields import FieldProblems, boolean, integer, text
from server.domain.notify import office_notify_settings
from server.domain.office_setup import set_profile_value
from server.notifiers.config import OFFICE_ALIASES, SECRETS

MASK_CHAR = "•"
URL = re.compile(r"^https?://[^\s]+$")


def update(tx, data: dict, actor: str) -> dict:
    """Check and store the given keys; returns the stored dict (with secrets, for the caller to mask)."""
    p = FieldProblems()
    checked = {
        "smtp_host": text(p, data, "smtp_host", max_len=200),
        "smtp_port": integer(p, data, "smtp_port", low=1, high=65535),
        "smtp_from": text(p, data, "smtp_from", max_len=200),
        "smtp_username": text(p, data, "smtp_username", max_len=200),
        "smtp_password": text(p, data, "smtp_password", max_len=200),
        "smtp_starttls": boolean(p, data, "smtp_starttls"),
        "whatsapp_api_url": text(p, data, "whatsapp_api_url", max_len=300),
        "whatsapp_token": text(p, data, "whatsapp_token", max_len=1000),
        "whatsapp_phone_id": text(p, data, "whatsapp_phone_id", max_len=40),
        "whatsapp_app_secret": text(p, data, "whatsapp_app_secret", max_len=200),
        "whatsapp_verify_token": text(p, data, "whatsapp_verify_token", max_len=200),
        "sms_url_template": text(p, data, "sms_url_template", max_len=500),
        "notify_phone_channel": text(p, data, "notify_phone_channel", max_len=10),
        "notify_near_ahead": integer(p, data, "notify_near_ahead", low=1, high=50),
        "notify_per_recipient_per_hour": integer(p, data, "notify_per_recipient_per_hour", low=1, high=1000),
        "notify_call_from_home": boolean(p, data, "notify_call_from_home"),
    }
    for key in sorted(set(data) - set(checked)):
        p.add(key, "Isian tidak dikenal.", "Unknown field.")
    if checked["notify_phone_channel"] not in (None, "", "whatsapp", "sms"):
        p.add("notify_phone_channel", "Pilih WhatsApp atau SMS.", "Choose WhatsApp or SMS.")
    if checked["smtp_from"] and "@" not in checked["smtp_from"]:
        p.add("smtp_from", "Alamat pengirim harus berupa alamat email.", "The sender must be an email address.")
    for key in ("whatsapp_api_url",):
        if checked[key] and not URL.match(checked[key]):
            p.add(key, "Alamat harus diawali http:// atau https://.", "The address must start with http:// or https://.")
    template = checked["sms_url_template"]
    if template and not (URL.match(template.removeprefix("POST ").strip())
                         and ("{to}" in template or template.startswith("POST "))):
        p.add("sms_url_template", "Contoh: https://gateway.example/send?to={to}&text={text}",
              "For example: https://gateway.example/send?to={to}&text={text}")
    p.raise_if_any()
    stored = office_notify_settings(tx.conn)
    for key, value in checked.items():
        if key not in data:
            continue
        if key in SECRETS and (value in (None, "") or str(value).startswith(MASK_CHAR)):
            continue  # kept: the page shows secrets masked and sends them back untouched
        stored[OFFICE_ALIASES.get(key, key)] = value
    set_profile_value(tx, "notify", stored)
    tx.touched("office")
    tx.audit(actor, "notify.settings_changed", detail={"keys": sorted(k for k in checked if k in data)})
    return stored


def clear_secret(tx, key: str, actor: str) -> None:
    stored = office_notify_settings(tx.conn)
    stored.pop(key, None)
    set_profile_value(tx, "notify", stored)
    tx.touched("office")
    tx.audit(actor, "notify.secret_cleared", detail={"key": key})

