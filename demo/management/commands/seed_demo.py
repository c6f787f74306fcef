"""Load the fictional demo data set; running it again changes nothing."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
from common import dates
from common.demo import DemoContext
from demo.steps import STEPS


class Command(BaseCommand):
    help = (
        "Create or bring up to date the demo local authorities, settings, staff and children. "
        "Idempotent: rows are matched by natural keys and only changed fields are written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help=f"password for every demo login (default: {DEMO_PASSWORD})",
        )

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        # Demo logins share a published password: never on a production site.
        if (settings.SETTINGS_MODULE or "").endswith(".production"):
            raise CommandError("seed_demo refuses to run with production settings.")
        started = time.monotonic()
        ctx = DemoContext(today=dates.today(), password=password)
        with transaction.atomic():
            for _name, step in STEPS:
                step(ctx)
        elapsed = time.monotonic() - started

        def changes(counter: dict[str, int]) -> str:
            done = [f"{n} {label}" for label, n in sorted(counter.items()) if n]
            return ", ".join(done) or "nothing"

        figures = ctx.figures
        self.stdout.write(
            f"Demo data: {figures['local_authorities']} local authorities, "
            f"{figures['care_settings']} care settings, {figures['users']} users, "
            f"{figures['children']} children ({figures['looked_after']} looked after, "
            f"{figures['previously_looked_after']} previously looked after)."
        )
        self.stdout.write(f"Created: {changes(ctx.created)}.")
        self.stdout.write(f"Updated: {changes(ctx.updated)}.")
        self.stdout.write(f"Sign in as {', '.join(DEMO_LOGINS)}.")
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s."))
