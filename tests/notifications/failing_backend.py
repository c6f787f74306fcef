"""E-mail backends standing in for a mail server that is down or a worker that dies.

The mail server is outside the process, so faking it is fair; nothing here fakes the ORM.
"""

from collections.abc import Sequence

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingBackend(BaseEmailBackend):
    """A mail server that does not answer: every send raises ``OSError``, as smtplib does."""

    def send_messages(self, email_messages: Sequence[mail.EmailMessage]) -> int:
        raise OSError("Connection refused (test: the mail server is down)")


class WorkerKilled(BaseException):
    """The process dying mid-send; a BaseException, so no ``except Exception`` catches it."""


class DyingBackend(BaseEmailBackend):
    """The worker is killed while it hands the message to the mail server."""

    def send_messages(self, email_messages: Sequence[mail.EmailMessage]) -> int:
        raise WorkerKilled


class FailsAfterOneBackend(LocmemBackend):
    """Delivers the first message of the connection, then the server goes away."""

    def open(self) -> bool:
        self.delivered = 0
        return super().open()

    def send_messages(self, email_messages: Sequence[mail.EmailMessage]) -> int:
        if getattr(self, "delivered", 0) >= 1:
            raise OSError("Connection reset (test: the mail server went away)")
        self.delivered = getattr(self, "delivered", 0) + len(email_messages)
        return super().send_messages(email_messages)
