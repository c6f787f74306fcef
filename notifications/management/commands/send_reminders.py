"""Run the reminder sweep and send the digests once, now, as the scheduled tasks would."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from common import dates
from notifications import services


class Command(BaseCommand):
    help = (
        "Run the reminder rules for today (writing notifications nobody has had yet), then "
        "e-mail each person one digest of their unsent notifications. Safe to run at any "
        "time and as often as you like: a reminder is written once, e-mailed once, and "
        "nobody gets a second digest on the same day. Use it to catch up after Redis, the "
        "worker or the mail server was down, without waiting for the beat schedule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-email",
            action="store_true",
            help="only run the sweep; leave the digests to the next run",
        )

    def handle(self, *args: Any, no_email: bool, **options: Any) -> None:
        written = services.sweep(today=dates.today())
        for kind, count in written.items():
            self.stdout.write(f"{kind}: {count} new notification{'s' if count != 1 else ''}")
        if no_email:
            return
        result = services.send_digests(now=timezone.now())
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.sent} digest{'s' if result.sent != 1 else ''} sent, covering "
                f"{result.notifications} notification{'s' if result.notifications != 1 else ''}"
            )
        )
