"""The portfolio's part of the demo data: who supports each Northshire setting, and the
action plan that Little Owls' Requires improvement inspection opens.

The Ofsted histories, in both schemes, are the accounts step's. Each Northshire setting
gets its support record: a sufficiency officer who is one of the LA's demo people, and its
Area SENCo named by team (no invented person). Little Owls' latest inspection is below
Good, so its action plan is opened as recording the inspection would
(``plans_follow_inspection``). Idempotent: the support rows are found by their setting and
only changed fields written; a plan already open is left as it is.
"""

from django.db import transaction

from accounts.demo import ACORN, BROOK_LANE, LITTLE_OWLS, RAINBOW_STEPS
from accounts.models import CareSetting, OfstedInspection, User
from common.demo import DemoContext, sync
from quality.models import SettingSupport
from quality.plans.services import plans_follow_inspection

# setting -> (sufficiency officer's login, Area SENCo's team, the team's address)
SUPPORT = {
    ACORN: ("imran.siddiqui@northshire.demo.test", "North"),
    LITTLE_OWLS: ("imran.siddiqui@northshire.demo.test", "West"),
    BROOK_LANE: ("laadmin@demo.test", "North"),
    RAINBOW_STEPS: ("imran.siddiqui@northshire.demo.test", "East"),
}


@transaction.atomic
def demo_step(ctx: DemoContext) -> None:
    """Name who supports the demo settings, the same on every rerun."""
    settings = {
        setting.slug: setting for setting in CareSetting.objects.filter(slug__in=list(SUPPORT))
    }
    officers = {
        user.email: user
        for user in User.objects.filter(email__in={login for login, _ in SUPPORT.values()})
    }
    rows = [
        {
            "care_setting_id": settings[slug].pk,
            "sufficiency_officer_id": officers[login].pk,
            "area_senco_name": f"Area SENCo, {team} team",
            "area_senco_email": f"area.senco.{team.lower()}@northshire.demo.test",
        }
        for slug, (login, team) in SUPPORT.items()
        if slug in settings and login in officers
    ]
    sync(
        SettingSupport.objects.filter(care_setting__in=settings.values()),
        key=("care_setting_id",),
        rows=rows,
        tally=ctx,
    )
    # Little Owls: its latest inspection is Requires improvement; its plan is open.
    latest = (
        OfstedInspection.objects.filter(care_setting__slug=LITTLE_OWLS)
        .order_by("-inspected_on", "-pk")
        .first()
    )
    if latest is not None and latest.below_good and plans_follow_inspection(latest, actor=None):
        ctx.created["action plans"] += 1
