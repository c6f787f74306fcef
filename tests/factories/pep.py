"""factory_boy factories for PEPs, their meetings, invitees, targets and QA reviews."""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from learning.models import Area
from pep.models import Invitee, Meeting, Pep, PepTarget, QaReview, TargetReview
from tests.factories.accounts import ChildFactory, UserFactory


def _at(day_offset: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class PepFactory(DjangoModelFactory):
    """The current initial PEP of a looked-after child, due in four weeks, not yet scheduled."""

    class Meta:
        model = Pep

    child = factory.SubFactory(ChildFactory, looked_after=True)
    care_setting = factory.SelfAttribute("child.care_setting")
    responsible_la = factory.SelfAttribute("child.responsible_la")
    kind = Pep.Kind.INITIAL
    status = Pep.Status.DUE
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=28))
    clock_rule = "20 working days after entering care"

    class Params:
        signed = factory.Trait(
            status=Pep.Status.SIGNED_OFF,
            is_current=False,
            rag=Pep.Rag.GREEN,
            signed_off_at=factory.LazyFunction(timezone.now),
            next_pep_on=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180)),
        )
        submitted = factory.Trait(
            status=Pep.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )


class MeetingFactory(DjangoModelFactory):
    """A PEP meeting in two weeks at the setting, 10 to 11 in the morning."""

    class Meta:
        model = Meeting

    pep = factory.SubFactory(PepFactory)
    child = factory.SelfAttribute("pep.child")
    kind = Meeting.Kind.PEP
    starts_at = factory.LazyFunction(lambda: _at(14, 10))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(hours=1))
    location = "The setting's meeting room"
    organiser = factory.SubFactory(UserFactory)


class InviteeFactory(DjangoModelFactory):
    class Meta:
        model = Invitee

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Faker("name", locale="en_GB")
    role = "Social worker"
    email = factory.Sequence(lambda n: f"invitee{n}@example.test")


class PepTargetFactory(DjangoModelFactory):
    """A SMART target in Communication and language, owned, dated and measured."""

    class Meta:
        model = PepTarget

    pep = factory.SubFactory(PepFactory)
    area = factory.LazyFunction(lambda: Area.objects.get(code="CL"))
    target = "Use two-word phrases to ask for what they want at snack time."
    actions = "Model two-word phrases at snack time every day."
    who = "Key person"
    by_when = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    success_measure = "Heard using two-word phrases on three days in a week."


class TargetReviewFactory(DjangoModelFactory):
    class Meta:
        model = TargetReview

    target = factory.SubFactory(PepTargetFactory)
    pep = factory.SubFactory(PepFactory, child=factory.SelfAttribute("..target.pep.child"))
    outcome = TargetReview.Outcome.ACHIEVED
    evidence = "Observed at snack time on 3, 4 and 6 March."


class QaReviewFactory(DjangoModelFactory):
    class Meta:
        model = QaReview

    pep = factory.SubFactory(PepFactory)
    by = factory.SubFactory(UserFactory)
    decision = QaReview.Decision.SIGNED_OFF
    rag = Pep.Rag.GREEN
    checklist = factory.LazyFunction(lambda: {key: True for key, _ in QaReview.CHECKLIST})
