"""Load the fictional demo data set; running it again changes nothing."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.demo import (
    CARE_SETTINGS,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    demo_school_terms,
    demo_seed,
)
from accounts.models import CareSetting
from children.demo import (
    demo_health,
    demo_rooms,
    demo_setting_change,
    demo_team_and_consents,
)
from common import dates
from keypersons.demo import demo_allocations, demo_training
from learning.check.demo import demo_check
from learning.journey.demo import demo_journey
from learning.tracker.demo import demo_tracker
from safeguarding.demo import demo_concerns

DEMO_SETTING_SLUGS = [row["slug"] for row in CARE_SETTINGS]


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
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("seed_demo refuses to run with production settings.")
        started = time.monotonic()
        today = dates.today()
        with transaction.atomic():
            summary = demo_seed(password=password, today=today)
            summary.created.update(demo_school_terms(today=today))
            # The records of the apps above accounts, once the people and children exist.
            setting_ids = list(
                CareSetting.objects.filter(slug__in=DEMO_SETTING_SLUGS).values_list(
                    "pk", flat=True
                )
            )
            summary.created.update(demo_rooms(setting_ids=setting_ids, today=today))
            summary.created.update(demo_health(setting_ids=setting_ids, today=today))
            summary.created.update(demo_team_and_consents(setting_ids=setting_ids, today=today))
            summary.created.update(
                demo_setting_change(
                    from_slug="little-owls-pre-school", to_slug="acorn-day-nursery", today=today
                )
            )
            summary.created.update(demo_allocations(setting_ids=setting_ids, today=today))
            summary.created.update(demo_training(setting_ids=setting_ids, today=today))
            for step in (demo_tracker, demo_journey, demo_check, demo_concerns):
                summary.created.update(step(setting_ids=setting_ids, today=today))
        elapsed = time.monotonic() - started

        def changes(counter: dict[str, int]) -> str:
            done = [f"{n} {label}" for label, n in sorted(counter.items()) if n]
            return ", ".join(done) or "nothing"

        self.stdout.write(
            f"Demo data: {summary.local_authorities} local authorities, "
            f"{summary.care_settings} care settings, {summary.users} users, "
            f"{summary.children} children ({summary.looked_after} looked after, "
            f"{summary.previously_looked_after} previously looked after)."
        )
        self.stdout.write(f"Created: {changes(summary.created)}.")
        self.stdout.write(f"Updated: {changes(summary.updated)}.")
        self.stdout.write(f"Sign in as {', '.join(DEMO_LOGINS)}.")
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s."))
