"""Every safeguarding page, opened in real Chromium with records on it, passes axe-core.

The DSL and the manager open every page of ``settings:safeguarding`` that answers a GET with
HTML (the PDFs and the CSV are checked by their text elsewhere; POST-only addresses and the
old addresses that redirect have no page); the practitioner the pages they may reach. Each
page is screenshot at a desktop and a phone width under test-results/ for people to look at.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import CareSetting, User
from children.models import Child
from tests.browser.helpers import axe_check, screenshot, sign_in
from tests.factories.accounts import ChildFactory, MembershipFactory
from tests.factories.safeguarding import (
    AgencyVisitFactory,
    AllegationFactory,
    BodyMapMarkFactory,
    ChronologyEntryFactory,
    ConcernActionFactory,
    ConcernFactory,
    InformationShareFactory,
    SafeguardingStatusFactory,
    StatusTaskFactory,
    TransferDownloadFactory,
    TransferFactory,
)

pytestmark = pytest.mark.browser

# Addresses with no page of their own: POST-only, downloads, and old addresses that redirect.
NO_PAGE = frozenset(
    {
        "concern_acknowledge",
        "transfer_acknowledge",
        "task_done",
        "visit_sign_out",
        "chronology_pdf",
        "transfer_file",
        "reads_csv",
        "worry_list",
        "worry_acknowledge",
    }
)
# Pages that are not the DSL's (the manager's alone), or not the readers of the log's.
NOT_FOR = {
    "dsl": frozenset({"review_settings", "concern_receipt"}),
    "manager": frozenset({"concern_receipt"}),
}
PRACTITIONER_PAGES = ("concern_raise", "my_concerns", "concern_receipt")


def safeguarding_url_names() -> list[str]:
    namespace = get_resolver().namespace_dict["settings"][1].namespace_dict["safeguarding"][1]
    return sorted(
        name for name in namespace.reverse_dict if isinstance(name, str) and name not in NO_PAGE
    )


@pytest.fixture
def records(
    transactional_db,
    care_setting: CareSetting,
    other_setting: CareSetting,
    key_child: Child,
    practitioner: User,
    dsl: User,
    manager: User,
) -> dict[str, dict[str, Any]]:
    """A setting's safeguarding records in several states, and the address arguments of each."""
    now = timezone.now()
    child = key_child
    waiting = ConcernFactory(child=child, raised_by=practitioner)
    BodyMapMarkFactory(concern=waiting)
    BodyMapMarkFactory(
        concern=waiting, side="back", region="lower_back", kind="mark", description="Red mark"
    )
    referred = ConcernFactory(
        child=child,
        raised_by=practitioner,
        referred=True,
        acknowledged_by=dsl,
        raised_at=now - timedelta(days=3),
        category="neglect",
        text="Came in hungry three days running; said there was no breakfast.",
    )
    ConcernActionFactory(concern=referred, by=dsl, kind="contact")
    ConcernActionFactory(concern=referred, by=dsl, text="Agreed to monitor lunch daily.")
    referred.related.add(waiting)
    for _ in range(3):
        ConcernFactory(child=ChildFactory(care_setting=care_setting), raised_by=practitioner)
    ChronologyEntryFactory(child=child, recorded_by=dsl)
    status = SafeguardingStatusFactory(child=child, recorded_by=dsl)
    task = StatusTaskFactory(status=status, owner=dsl)
    StatusTaskFactory(status=status, owner=manager, due_on=timezone.localdate() - timedelta(1))
    visit = AgencyVisitFactory(child=child, supervised_by=dsl, left_at=None)
    AgencyVisitFactory(child=child, supervised_by=manager)
    share = InformationShareFactory(child=child, recorded_by=dsl)
    InformationShareFactory(child=child, recorded_by=dsl, received=True)
    accused = MembershipFactory(care_setting=care_setting, user__full_name="Sam Staff").user
    allegation = AllegationFactory(care_setting=care_setting, staff_member=accused)
    leaver = ChildFactory(care_setting=care_setting, first_name="Lena")
    ConcernFactory(child=leaver, referred=True)
    to_send = TransferFactory(child=leaver, to_setting=other_setting, destination="")
    gone = ChildFactory(care_setting=care_setting, first_name="Gus")
    handed = TransferFactory(child=gone, sent=True, sent_by=dsl)
    TransferDownloadFactory(transfer=handed, by=dsl, handed_to="Hill Top Nursery DSL, by hand")
    slug = care_setting.slug
    on_child = {"setting_slug": slug, "child_id": child.pk}
    on_concern = {"setting_slug": slug, "concern_id": referred.pk}
    return {
        "concern_raise": {"setting_slug": slug},
        "my_concerns": {"setting_slug": slug},
        "concern_receipt": {"setting_slug": slug, "concern_id": waiting.pk},
        "concern_list": {"setting_slug": slug},
        "concern_detail": on_concern,
        "concern_action_add": on_concern,
        "concern_outcome": on_concern,
        "concern_category": on_concern,
        "concern_link": on_concern,
        "review_settings": {"setting_slug": slug},
        "chronology": on_child,
        "chronology_entry_add": on_child,
        "chronology_entry_edit": {
            "setting_slug": slug,
            "entry_id": ChronologyEntryFactory(child=child, recorded_by=dsl).pk,
        },
        "child": on_child,
        "status_add": on_child,
        "status_edit": {"setting_slug": slug, "status_id": status.pk},
        "status_end": {"setting_slug": slug, "status_id": status.pk},
        "task_add": {"setting_slug": slug, "status_id": status.pk},
        "task_edit": {"setting_slug": slug, "task_id": task.pk},
        "visit_list": {"setting_slug": slug},
        "visit_add": {"setting_slug": slug},
        "visit_edit": {"setting_slug": slug, "visit_id": visit.pk},
        "share_list": on_child,
        "share_add": on_child,
        "share_edit": {"setting_slug": slug, "share_id": share.pk},
        "allegation_list": {"setting_slug": slug},
        "allegation_add": {"setting_slug": slug},
        "allegation_detail": {"setting_slug": slug, "allegation_id": allegation.pk},
        "allegation_edit": {"setting_slug": slug, "allegation_id": allegation.pk},
        "transfer_list": {"setting_slug": slug},
        "transfer_detail": {"setting_slug": slug, "transfer_id": handed.pk},
        "transfer_send": {"setting_slug": slug, "transfer_id": to_send.pk},
        "transfer_handover": {"setting_slug": slug, "transfer_id": handed.pk},
        "reads": {"setting_slug": slug},
    }


def visit_every_page(
    page: Page, names: list[str], records: dict[str, dict[str, Any]], who: str
) -> list[str]:
    """Open each page, check it with axe-core and screenshot it; return what failed."""
    failures = []
    for name in names:
        url = reverse(f"settings:safeguarding:{name}", kwargs=records[name])
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(url)
        if response is None or response.status != 200:
            failures.append(f"{name}: {response.status if response else 'no response'}")
            continue
        expect(page.locator("h1")).to_have_count(1)
        screenshot(page, f"safeguarding-{who}-{name}")
        try:
            axe_check(page)
        except pytest.fail.Exception as failure:
            failures.append(f"{name}: {failure}")
        page.set_viewport_size({"width": 360, "height": 740})
        screenshot(page, f"safeguarding-{who}-{name}-narrow")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        if overflow:
            failures.append(f"{name}: the page scrolls sideways at 360px")
    return failures


@pytest.mark.parametrize("who", ["dsl", "manager"])
def test_every_page_of_the_log_passes_axe_for_its_readers(
    page: Page, request: pytest.FixtureRequest, records: dict[str, dict[str, Any]], who: str
):
    user: User = request.getfixturevalue(who)
    names = [name for name in safeguarding_url_names() if name not in NOT_FOR[who]]
    assert set(names) <= set(records), set(names) - set(records)
    sign_in(page, user.email)
    failures = visit_every_page(page, names, records, who)
    assert failures == [], "\n\n".join(failures)


def test_the_pages_a_practitioner_reaches_pass_axe(
    page: Page, practitioner: User, records: dict[str, dict[str, Any]]
):
    sign_in(page, practitioner.email)
    failures = visit_every_page(page, list(PRACTITIONER_PAGES), records, "practitioner")
    assert failures == [], "\n\n".join(failures)
