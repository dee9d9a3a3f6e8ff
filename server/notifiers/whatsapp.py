"""WhatsApp Business Cloud API: ``POST {api_url}/{version}/{phone_id}/messages``.

Success is ``{"messaging_product": "whatsapp", "contacts": [...], "messages": [{"id": "wamid..."}]}``;
an error is ``{"error": {"message", "type", "code", "error_subcode", "error_data", "fbtrace_id"}}``.
Rate limits (HTTP 429, codes 4, 80007, 130429, 131048, 131056) and the provider's
own trouble (5xx, 1, 2, 131000, 131016) are worth retrying; anything else, such as
131026 (undeliverable), 131047 (outside the 24-hour window), 100 (invalid parameter)
or 190 (bad token), fails the same way again and is permanent.
"""

from __future__ import annotations

from typing import Optional

import httpx

from server.notifiers.base import Message, PermanentFailure, SendResult, TemporaryFailure

TEMPORARY_CODES = frozenset({1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056})
DEFAULT_API_URL = "https://graph.facebook.com"
API_VERSION = "v21.0"


class WhatsAppNotifier:
    def __init__(self, api_url: Optional[str], token: str, phone_id: str, *, version: str = API_VERSION,
                 timeout: float = 20, client: Optional[httpx.Client] = None):
        self.url = f"{(api_url or DEFAULT_API_URL).rstrip('/')}/{version}/{phone_id}/messages"
        self.token = token
        self.client = client or httpx.Client(timeout=timeout)

    def close(self) -> None:
        self.client.close()

    def send(self, message: Message) -> SendResult:
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": message.recipient,
                "type": "text", "text": {"preview_url": False, "body": message.body}}
        try:
            r = self.client.post(self.url, json=body, headers={"Authorization": f"Bearer {self.token}"})
        except httpx.HTTPError as exc:
            raise TemporaryFailure(f"WhatsApp API unreachable: {type(exc).__name__}")
        try:
            data = r.json()
        except ValueError:
            data = {}
        if r.status_code == 200 and isinstance(data, dict) and data.get("messages"):
            return SendResult(provider_id=str(data["messages"][0].get("id", "")))
        error = data.get("error", {}) if isinstance(data, dict) else {}
        code = error.get("code")
        text = f"WhatsApp HTTP {r.status_code}" + (f" code {code}" if code is not None else "")
        if error.get("message"):
            text += f": {str(error['message'])[:200]}"
        if r.status_code == 429 or r.status_code >= 500 or code in TEMPORARY_CODES:
            raise TemporaryFailure(text, retry_after=_retry_after(r))
        raise PermanentFailure(text)


def _retry_after(r: httpx.Response) -> Optional[float]:
    try:
        return float(r.headers["retry-after"])
    except (KeyError, ValueError):
        return None
