"""A child with something in every source of the chronology, for the chronology's tests."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from accounts.models import CareSetting, User
from children.models import Child, SettingChange
from pep.models import Meeting
from safeguarding.models import Outcome
from tests.factories.pep import MeetingFactory, PepFactory
from tests.factories.safeguarding import (
    AgencyVisitFactory,
    ChronologyEntryFactory,
    ConcernActionFactory,
    ConcernFactory,
    InformationShareFactory,
    SafeguardingStatusFactory,
    TransferFactory,
)

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()
LONDON = ZoneInfo("Europe/London")

# Words of the third-party information shared without onward consent: never in the PDF.
SECRET_THIRD_PARTY = "A domestic incident was attended at the home address last weekend."
SHAREABLE_THIRD_PARTY = "Health visitor saw the child at home; weight on the 2nd centile."


@dataclass(frozen=True)
class Everything:
    child: Child
    days: dict[str, date]


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def everything_about(
    child: Child, *, care_setting: CareSetting, dsl: User, ended: bool = False
) -> Everything:
    """Give the child one record of every source, each on its own day (oldest first).

    ``ended``: the child protection plan has ended (a child has one open status).
    """
    days = {
        name: TODAY - timedelta(days=100 - 5 * index)
        for index, name in enumerate(
            (
                "moved",
                "concern",
                "action",
                "outcome",
                "status",
                "visit",
                "shared",
                "received",
                "received_ok",
                "event",
                "meeting",
                "transfer",
            )
        )
    }
    SettingChange.objects.create(
        child=child,
        from_description="Little Stars Nursery",
        to_setting=care_setting,
        moved_on=days["moved"],
        reason="Family moved house",
    )
    concern = ConcernFactory(
        child=child,
        care_setting=care_setting,
        occurred_at=at(days["concern"]),
        raised_at=at(days["concern"], 11),
        text="Bruise on the upper arm, finger-shaped.",
        outcome=Outcome.CSC_REFERRAL,
        outcome_reference="CSC-4471",
        outcome_at=at(days["outcome"]),
        outcome_by=dsl,
        acknowledged_at=at(days["concern"], 12),
        acknowledged_by=dsl,
    )
    ConcernActionFactory(
        concern=concern,
        kind="contact",
        taken_on=days["action"],
        text="Rang the front door.",
        by=dsl,
    )
    SafeguardingStatusFactory(
        child=child,
        care_setting=care_setting,
        started_on=days["status"],
        initial_conference_on=days["status"],
        ended_on=days["status"] if ended else None,
        recorded_by=dsl,
    )
    AgencyVisitFactory(
        child=child,
        care_setting=care_setting,
        arrived_at=at(days["visit"]),
        left_at=at(days["visit"], 11),
        supervised_by=dsl,
    )
    InformationShareFactory(
        child=child, care_setting=care_setting, shared_on=days["shared"], recorded_by=dsl
    )
    InformationShareFactory(
        child=child,
        care_setting=care_setting,
        received=True,
        shared_on=days["received"],
        what=SECRET_THIRD_PARTY,
        recorded_by=dsl,
    )
    InformationShareFactory(
        child=child,
        care_setting=care_setting,
        received=True,
        agency="Northshire Health",
        shared_on=days["received_ok"],
        what=SHAREABLE_THIRD_PARTY,
        onward_consent=True,
        recorded_by=dsl,
    )
    ChronologyEntryFactory(
        child=child,
        care_setting=care_setting,
        occurred_on=days["event"],
        title="Mother moved out of the family home",
        recorded_by=dsl,
    )
    MeetingFactory(
        pep=PepFactory(child=child, is_current=not ended),
        kind=Meeting.Kind.PEP,
        status=Meeting.Status.HELD,
        starts_at=at(days["meeting"]),
        ends_at=at(days["meeting"], 11),
        held_on=days["meeting"],
    )
    TransferFactory(
        child=child,
        from_setting=care_setting,
        destination="Hill Top Nursery",
        sent=True,
        sent_at=at(days["transfer"]),
        sent_by=dsl,
    )
    return Everything(child=child, days=days)
