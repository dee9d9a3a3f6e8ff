"""Server settings: a TOML file, then ``ANTRE_*`` environment overrides, read once.

Order of precedence (like Starlette's Config): environment over file over
default. A bad value stops the start-up with a message naming where it came
from, the key, and what is allowed - never a traceback.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ENV_PREFIX = "ANTRE_"


class SettingsError(Exception):
    """Raised for a settings value that cannot be used; the message is for people."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    data_dir: Path = Path("data")
    database_url: Optional[str] = None
    timezone: str = "Asia/Jakarta"
    public_url: Optional[str] = Field(None, description="Base URL printed in ticket QR codes")
    nik_retention_days: int = Field(30, ge=1, le=3650)
    priority_streak_max: int = Field(3, ge=1, le=100)
    session_hours: float = Field(12, gt=0, le=24 * 30)
    login_max_failures: int = Field(5, ge=1, le=100)
    login_window_seconds: int = Field(900, ge=1)
    login_max_failures_per_address: int = Field(
        20, ge=1, le=10000, description="failed logins from one address (any usernames) within the window")
    trusted_proxies: Optional[str] = Field(
        None, description="comma-separated addresses of reverse proxies whose X-Forwarded-For is believed")
    max_public_streams: int = Field(400, ge=1, le=100000, description="open public event streams (displays)")
    header_timeout_seconds: float = Field(10, gt=0, le=600, description="time for a request's headers to arrive")
    body_timeout_seconds: float = Field(60, gt=0, le=3600, description="time for a request's body to arrive")
    sse_heartbeat_seconds: float = Field(15, gt=0, le=300)
    access_log: bool = False
    device_offline_seconds: float = Field(90, gt=0, le=86400, description="silence after which a device is offline")
    housekeeping_seconds: float = Field(30, gt=0, le=3600, description="how often day roll and device checks run")
    pairing_minutes: float = Field(15, gt=0, le=7 * 24 * 60)
    commit_batch_max: int = Field(256, ge=1, le=10000)
    processes: int = Field(1, ge=1, le=64, description="server processes sharing the port and the database "
                                                      "(server.http.processes); 1 on a small office PC")
    national_holidays: bool = Field(
        True, description="fill the holiday calendar with Indonesia's national holidays and cuti bersama "
                          "(the holidays library) for this year and next; off, the admin keeps it alone")
    # Notifications (server.domain.notify, server.notifiers); /admin > Pemberitahuan overrides these.
    smtp_host: Optional[str] = Field(None, description="SMTP server for emails; none: emails are only logged")
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_from: str = Field("antre@localhost", max_length=200, description="the emails' From address")
    smtp_username: Optional[str] = None
    smtp_password: Optional[str] = None
    smtp_starttls: bool = False
    whatsapp_api_url: Optional[str] = Field(None, description="WhatsApp Cloud API base (default graph.facebook.com)")
    whatsapp_token: Optional[str] = None
    whatsapp_phone_id: Optional[str] = None
    whatsapp_app_secret: Optional[str] = Field(None, description="checks the webhook's X-Hub-Signature-256")
    whatsapp_verify_token: Optional[str] = Field(None, description="the webhook verification handshake's token")
    sms_url_template: Optional[str] = Field(None, description="e.g. https://gw.example/send?to={to}&text={text}")
    notify_phone_channel: Literal["whatsapp", "sms"] = "whatsapp"
    notify_near_ahead: int = Field(3, ge=1, le=50, description="tell a waiting citizen when this many are ahead")
    notify_per_recipient_per_hour: int = Field(6, ge=1, le=1000)
    notify_call_from_home: bool = Field(False, description="a number taken from a phone joins the queue at once "
                                        "and its holder is called from home by the 'near' message; off: it "
                                        "joins when checked in at the kiosk")
    notify_retry_seconds: float = Field(30, gt=0, le=3600, description="first retry delay, doubled each time")
    notify_poll_seconds: float = Field(5, gt=0, le=600, description="how often the outbox worker looks")
    notify_lease_seconds: float = Field(120, gt=0, le=3600, description="a message being sent when the "
                                        "process died is tried again after this")
    # The online form's photos of KTP and KK (issue 12, server/storage/uploads.py)
    upload_max_mb: float = Field(2, gt=0, le=10, description="one photo of a KTP or KK, at most")
    uploads_budget_mb: float = Field(2048, gt=0, description="the uploads folder; new photos are refused past it")
    uploads_min_free_mb: float = Field(1024, ge=0, description="new photos are refused when the disk has less free")

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value):
        if isinstance(value, (list, tuple)):  # TOML: trusted_proxies = ["10.0.0.2"]
            value = ",".join(str(v) for v in value)
        return value.strip() or None if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'antre.db').resolve()}"

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


def load_settings(config_file: Optional[Path] = None, env: Optional[dict] = None, **overrides) -> Settings:
    """Read the TOML file (if any), apply ``ANTRE_*`` variables, then explicit overrides (CLI flags)."""
    env = os.environ if env is None else env
    values: dict = {}
    sources: dict[str, str] = {}
    if config_file is not None:
        try:
            with open(config_file, "rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise SettingsError(f"{config_file}: file not found")
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{config_file}: not valid TOML ({exc})")
        data = data.get("server", data)
        for key, value in data.items():
            values[key] = value
            sources[key] = f"{config_file}: key '{key}'"
    for name in Settings.model_fields:
        var = ENV_PREFIX + name.upper()
        if var in env:
            values[name] = env[var]
            sources[name] = f"environment variable {var}"
    for key, value in overrides.items():
        if value is not None:
            values[key] = value
            sources[key] = f"option --{key.replace('_', '-')}"
    try:
        return Settings(**values)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else "?"
            where = sources.get(key, f"setting '{key}'")
            if err["type"] == "extra_forbidden":
                allowed = ", ".join(Settings.model_fields)
                lines.append(f"{where}: unknown setting (allowed: {allowed})")
            else:
                lines.append(f"{where}: {err['msg']} (got {err.get('input')!r})")
        raise SettingsError("Bad settings:\n  " + "\n  ".join(lines))
