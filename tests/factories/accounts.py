"""factory_boy factories for the accounts and children models.

Every user can sign in with ``DEMO_PASSWORD``, like the demo logins.
"""

from datetime import date, timedelta
from typing import Any

import factory
import factory.random
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from accounts.models import (
    AdvisorAssignment,
    CareSetting,
    LaRole,
    LocalAuthority,
    Membership,
    OfstedInspection,
    User,
)
from children.models import Child, Room

DEMO_PASSWORD = "demo-password-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.LazyFunction(lambda: make_password(DEMO_PASSWORD))
    is_active = True


class LocalAuthorityFactory(DjangoModelFactory):
    class Meta:
        model = LocalAuthority

    name = factory.Sequence(lambda n: f"Shire {n} County Council")
    slug = factory.LazyAttribute(lambda la: slugify(la.name))
    # Three digits, unique for the first 900 authorities of a test run.
    dfe_code = factory.Sequence(lambda n: f"{100 + n % 900:03d}")


class CareSettingFactory(DjangoModelFactory):
    class Meta:
        model = CareSetting

    name = factory.Sequence(lambda n: f"Little Acorns Day Nursery {n}")
    slug = factory.LazyAttribute(lambda setting: slugify(setting.name))
    kind = CareSetting.Kind.DAY_NURSERY
    ofsted_urn = factory.Sequence(lambda n: f"EY{n:06d}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    address_line_1 = factory.Faker("street_address", locale="en_GB")
    town = factory.Faker("city", locale="en_GB")
    postcode = factory.Faker("postcode", locale="en_GB")


class OfstedInspectionFactory(DjangoModelFactory):
    class Meta:
        model = OfstedInspection

    care_setting = factory.SubFactory(CareSettingFactory)
    # Graded judgements ended in November 2025; report cards came after.
    inspected_on = factory.Sequence(lambda n: date(2025, 10, 14) - timedelta(days=90 * n))
    scheme = OfstedInspection.Scheme.GRADED
    overall_grade = OfstedInspection.Grade.GOOD

    class Params:
        report_card = factory.Trait(
            scheme=OfstedInspection.Scheme.REPORT_CARD,
            overall_grade="",
            safeguarding_met=True,
            inspected_on=factory.Sequence(lambda n: date(2026, 2, 3) + timedelta(days=n % 200)),
        )


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    care_setting = factory.SubFactory(CareSettingFactory)
    role = Membership.Role.PRACTITIONER
    job_title = "Early years practitioner"

    class Params:
        manager = factory.Trait(role=Membership.Role.MANAGER, job_title="Setting manager")
        dsl = factory.Trait(is_dsl=True, job_title="Deputy manager")


class LaRoleFactory(DjangoModelFactory):
    class Meta:
        model = LaRole

    user = factory.SubFactory(UserFactory)
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    role = LaRole.Role.IMPROVEMENT_ADVISOR


class AdvisorAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = AdvisorAssignment

    la_role = factory.SubFactory(LaRoleFactory)
    care_setting = factory.SubFactory(
        CareSettingFactory, local_authority=factory.SelfAttribute("..la_role.local_authority")
    )


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room

    care_setting = factory.SubFactory(CareSettingFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    order = factory.Sequence(lambda n: n % 30_000)


def _room_named(care_setting: CareSetting, name: str, *, create: bool) -> Room | None:
    """Return the setting's room of that name, made if missing (unsaved when building)."""
    if not name:
        return None
    if not create:
        return Room(care_setting=care_setting, name=name)
    room = Room.objects.filter(care_setting=care_setting, name__iexact=name).first()
    return room or RoomFactory(care_setting=care_setting, name=name)


def _date_of_birth() -> object:
    # Between one and four years old today.
    return timezone.localdate() - timedelta(days=factory.random.randgen.randint(365, 4 * 365))


class ChildFactory(DjangoModelFactory):
    """A child on roll; ``looked_after=True`` makes a child in care of the setting's LA (C2).

    ``room="Robins"`` puts the child in the setting's room of that name, made if missing.
    """

    class Meta:
        model = Child

    care_setting = factory.SubFactory(CareSettingFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(_date_of_birth)
    start_date = factory.LazyAttribute(
        lambda child: min(child.date_of_birth + timedelta(days=270), timezone.localdate())
    )

    class Params:
        looked_after = factory.Trait(
            looked_after_status=Child.LookedAfter.LOOKED_AFTER,
            legal_status=Child.LegalStatus.C2,
            responsible_la=factory.SelfAttribute("care_setting.local_authority"),
            entered_care_on=factory.LazyAttribute(
                lambda child: max(child.start_date, timezone.localdate() - timedelta(days=90))
            ),
            eypp_basis=Child.EyppBasis.LOOKED_AFTER,
        )
        previously_looked_after = factory.Trait(
            looked_after_status=Child.LookedAfter.PREVIOUSLY,
            eypp_basis=Child.EyppBasis.LEFT_CARE,
        )
        shared = factory.Trait(shared_with_la=True)

    @classmethod
    def _build(cls, model_class: type[Child], *args: Any, **kwargs: Any) -> Child:
        if isinstance(kwargs.get("room"), str):
            kwargs["room"] = _room_named(kwargs["care_setting"], kwargs["room"], create=False)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class: type[Child], *args: Any, **kwargs: Any) -> Child:
        if isinstance(kwargs.get("room"), str):
            kwargs["room"] = _room_named(kwargs["care_setting"], kwargs["room"], create=True)
        return super()._create(model_class, *args, **kwargs)
