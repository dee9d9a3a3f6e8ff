"""An SMS gateway over HTTP, configured by a URL template.

``https://gw.example/send?to={to}&text={text}`` is called with GET, the values
URL-encoded; a template starting with ``POST `` (``POST https://gw.example/api``)
is called with a JSON body ``{"to": ..., "text": ...}``. 2xx is success (the
provider's id from a JSON ``id``/``message_id`` if any), 429 and 5xx are
temporary, any other answer permanent.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import quote

import httpx

from server.notifiers.base import Message, PermanentFailure, SendResult, TemporaryFailure


class SmsNotifier:
    def __init__(self, url_template: str, *, timeout: float = 20, client: Optional[httpx.Client] = None):
        self.template = url_template.strip()
        self.client = client or httpx.Client(timeout=timeout)

    def close(self) -> None:
        self.client.close()

    def send(self, message: Message) -> SendResult:
        try:
            if self.template.upper().startswith("POST "):
                r = self.client.post(self.template[5:].strip(), json={"to": message.recipient, "text": message.body})
            else:
                r = self.client.get(self.template.format(to=quote(message.recipient, safe=""),
                                                         text=quote(message.body, safe="")))
        except httpx.HTTPError as exc:
            raise TemporaryFailure(f"SMS gateway unreachable: {type(exc).__name__}")
        if 200 <= r.status_code < 300:
            try:
                data = r.json()
            except ValueError:
                data = {}
            ident = data.get("id") or data.get("message_id") if isinstance(data, dict) else None
            return SendResult(provider_id=str(ident or f"sms:{message.outbox_id}"))
        text = f"SMS gateway HTTP {r.status_code}"
        if r.status_code == 429 or r.status_code >= 500:
            raise TemporaryFailure(text)
        raise PermanentFailure(text)
