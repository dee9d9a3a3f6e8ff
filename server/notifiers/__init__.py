"""Ways out for the outbox: SMTP email, WhatsApp Business Cloud API, an SMS gateway, and the log.

Each is a ``Notifier`` (``base.py``): ``send(message)`` returns the provider's id or
raises ``TemporaryFailure`` (retry later) or ``PermanentFailure`` (give up). They
do blocking I/O and are called from the outbox worker's thread pool, never from
the writer or the event loop.
"""
