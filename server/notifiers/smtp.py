"""Email through an SMTP server (stdlib ``smtplib``), STARTTLS and login when configured.

The Message-ID is derived from the outbox row's id (``<outbox-17.<hash>@host>``):
if a crash between the server's acceptance and our commit makes the worker send
the row again, the copy carries the same Message-ID, which mail clients and
many servers fold into one.
"""

from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage
from email.utils import formatdate

from server.domain.notify import UNSUBSCRIBE
from server.notifiers.base import Message, PermanentFailure, SendResult, TemporaryFailure


class SmtpNotifier:
    def __init__(self, host: str, port: int = 25, *, sender: str, username: str = "", password: str = "",
                 starttls: bool = False, timeout: float = 20, id_domain: str = "antre.local"):
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls = username, password, starttls
        self.timeout, self.id_domain = timeout, id_domain

    def message_id(self, outbox_id: int) -> str:
        return f"<outbox-{outbox_id}@{self.id_domain}>"

    def build(self, message: Message) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = self.message_id(message.outbox_id)
        body = message.body
        if message.unsubscribe_url:
            mail["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            line = UNSUBSCRIBE[1 if message.language == "en" else 0].format(url=message.unsubscribe_url)
            body = f"{body}\n\n--\n{line}"
        mail.set_content(body)
        return mail

    def send(self, message: Message) -> SendResult:
        mail = self.build(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password)
                refused = smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"recipient refused: {_codes(exc.recipients)}")
        except smtplib.SMTPAuthenticationError as exc:
            raise PermanentFailure(f"SMTP login refused ({exc.smtp_code})")
        except smtplib.SMTPResponseException as exc:
            text = f"SMTP {exc.smtp_code}"
            if 500 <= exc.smtp_code < 600:
                raise PermanentFailure(text)
            raise TemporaryFailure(text)
        except (smtplib.SMTPException, OSError, socket.timeout) as exc:
            raise TemporaryFailure(f"SMTP server unreachable: {type(exc).__name__}")
        if refused:
            raise PermanentFailure(f"recipient refused: {_codes(refused)}")
        return SendResult(provider_id=mail["Message-ID"])


def _codes(recipients: dict) -> str:
    return ", ".join(str(v[0]) for v in recipients.values())
