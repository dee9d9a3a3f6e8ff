"""Which notifier serves which channel: the settings file, overridden by /admin > Pemberitahuan.

The admin's values live in office_settings under 'notify' (like the office
profile overrides the file). Secrets are never returned in full: ``public_view``
masks them. With no provider configured for a channel, the log notifier serves
it (the demo default), and the admin page says so.
"""

from __future__ import annotations

from typing import Optional

from server.notifiers.base import Notifier
from server.notifiers.log import LogNotifier
from server.notifiers.smtp import SmtpNotifier

KEYS = ("smtp_host", "smtp_port", "smtp_from", "smtp_username", "smtp_password", "smtp_starttls",
        "whatsapp_api_url", "whatsapp_token", "whatsapp_phone_id", "whatsapp_app_secret", "whatsapp_verify_token",
        "sms_url_template", "notify_phone_channel", "notify_near_ahead", "notify_per_recipient_per_hour",
        "notify_call_from_home")
SECRETS = frozenset({"smtp_password", "whatsapp_token", "whatsapp_app_secret", "whatsapp_verify_token"})
# The office_settings 'notify' dict uses short names for the keys the writer reads.
OFFICE_ALIASES = {"notify_phone_channel": "phone_channel", "notify_call_from_home": "call_from_home"}


def effective(settings, office: Optional[dict]) -> dict:
    office = office or {}
    cfg = {key: getattr(settings, key) for key in KEYS}
    for key in KEYS:
        value = office.get(OFFICE_ALIASES.get(key, key))
        if value not in (None, ""):
            cfg[key] = value
    return cfg


def configured(cfg: dict) -> dict[str, bool]:
    return {"email": bool(cfg.get("smtp_host")),
            "whatsapp": bool(cfg.get("whatsapp_token") and cfg.get("whatsapp_phone_id")),
            "sms": bool(cfg.get("sms_url_template"))}


def notifier_for(channel: str, cfg: dict, *, id_domain: str = "antre.local") -> tuple[str, Notifier]:
    """(the channel actually used, its notifier). A phone row follows the office's phone channel."""
    if channel in ("whatsapp", "sms"):
        channel = cfg.get("notify_phone_channel") or channel
    ready = configured(cfg)
    if not ready.get(channel):
        return "log", LogNotifier()  # recorded as such: the admin sees it never left the server
    if channel == "email":
        return channel, SmtpNotifier(cfg["smtp_host"], int(cfg.get("smtp_port") or 25), sender=cfg["smtp_from"],
                                     username=cfg.get("smtp_username") or "", password=cfg.get("smtp_password") or "",
                                     starttls=bool(cfg.get("smtp_starttls")), id_domain=id_domain)
    if channel == "whatsapp":
        from server.notifiers.whatsapp import WhatsAppNotifier  # httpx (~15 MB): loaded when an office uses it

        return channel, WhatsAppNotifier(cfg.get("whatsapp_api_url"), cfg["whatsapp_token"], cfg["whatsapp_phone_id"])
    from server.notifiers.sms import SmsNotifier  # httpx too

    return channel, SmsNotifier(cfg["sms_url_template"])


def mask(value) -> str:
    text = str(value or "")
    return "" if not text else ("•" * 6 + text[-2:] if len(text) > 6 else "•" * 6)


def public_view(cfg: dict) -> dict:
    """What GET /api/admin/notifications shows: secrets masked, and which channels are live."""
    view = {key: (mask(cfg.get(key)) if key in SECRETS else cfg.get(key)) for key in KEYS}
    view["secrets_set"] = {key: bool(cfg.get(key)) for key in SECRETS}
    view["configured"] = configured(cfg)
    return view
