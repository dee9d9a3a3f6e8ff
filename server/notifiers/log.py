"""The demo default: no provider configured, so a message is only logged.

The log line names the template and the recipient masked, never the body: a
body carries a name of a place in the queue or a status link, personal enough.
"""

from __future__ import annotations

import logging

from server.domain.notify import mask_recipient
from server.notifiers.base import Message, SendResult

log = logging.getLogger("antre.notify")


class LogNotifier:
    def send(self, message: Message) -> SendResult:
        log.info("message %s (%s) to %s via %s: logged only, no provider configured",
                 message.outbox_id, message.template, mask_recipient(message.recipient), message.channel)
        return SendResult(provider_id=f"log:{message.outbox_id}")
