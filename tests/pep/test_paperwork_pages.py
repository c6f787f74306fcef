"""The PEP page and its paperwork sections: what each reader sees, saving, version checks."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEvent
from pep.models import Pep
from tests.factories.pep import PepFactory, PepTargetFactory

pytestmark = pytest.mark.django_db


def detail(pep, *, la=None):
    if la is not None:
        return reverse("la_pep:detail", args=[la.slug, pep.pk])
    return reverse("settings:pep:detail", args=[pep.care_setting.slug, pep.pk])


def section(pep, slug, *, la=None):
    if la is not None:
        return reverse("la_pep:section", args=[la.slug, pep.pk, slug])
    return reverse("settings:pep:section", args=[pep.care_setting.slug, pep.pk, slug])


def fill_more_about_me(pep):
    Pep.objects.filter(pk=pep.pk).update(
        voice_likes="I like the water tray.",
        voice_happy="Bubbles and the swing.",
        voice_how_i_show_it="I clap and bring you things.",
    )


# --- The PEP page ---------------------------------------------------------------------------


def test_the_pep_page_shows_the_child_the_clock_and_the_task_list(client_as, key_person, key_pep):
    response = client_as(key_person).get(detail(key_pep))

    assert response.status_code == 200
    html = response.content.decode()
    assert str(key_pep.child) in html
    assert key_pep.care_setting.ofsted_urn in html
    assert key_pep.responsible_la.name in html
    assert "Paperwork requested" in html
    assert "working days left" in html
    assert 'class="govuk-task-list"' in html
    for title in ("More about me", "Progress summary", "Review of the previous targets"):
        assert title in html
    assert "Not started" in html
    assert "Check and submit the paperwork" in html


def test_a_sections_completion_shows_in_the_task_list(client_as, key_person, key_pep):
    fill_more_about_me(key_pep)
    Pep.objects.filter(pk=key_pep.pk).update(carer_views="Settled well.")

    html = client_as(key_person).get(detail(key_pep)).content.decode()

    about_me = html.split('id="section-more-about-me-status"')[1][:200]
    views = html.split('id="section-views-status"')[1][:200]
    assert "Completed" in about_me
    assert "Incomplete" in views


def test_every_read_of_the_pep_page_is_audited(client_as, cic_advisor, key_pep, home_la):
    client_as(cic_advisor).get(detail(key_pep, la=home_la))

    assert AuditEvent.objects.filter(verb="pep.viewed", target_id=str(key_pep.pk)).count() == 1


def test_readers_without_edit_pep_see_no_change_links(client_as, dsl, key_pep):
    PepTargetFactory(pep=key_pep)

    html = client_as(dsl).get(detail(key_pep)).content.decode()

    assert "Check and submit the paperwork" not in html
    assert "Add a target" not in html
    assert "/targets/" not in html


def test_a_signed_pep_says_it_can_no_longer_be_changed(client_as, manager, signed_pep):
    html = client_as(manager).get(detail(signed_pep)).content.decode()

    assert "Signed off: this PEP can no longer be changed" in html
    assert "Add a target" not in html
    assert "Check and submit" not in html
    assert "/targets/" not in html


def test_the_key_person_of_another_child_is_refused(client_as, care_setting, key_person):
    other = PepFactory(child__care_setting=care_setting)

    assert client_as(key_person).get(detail(other)).status_code == 403


def test_another_setting_does_not_find_the_pep(client_as, other_manager, key_pep):
    url = reverse(
        "settings:pep:detail",
        args=[other_manager.memberships.first().care_setting.slug, key_pep.pk],
    )

    assert client_as(other_manager).get(url).status_code == 404


def test_the_cic_advisor_reads_the_pep_under_the_la(client_as, cic_advisor, key_pep, home_la):
    response = client_as(cic_advisor).get(detail(key_pep, la=home_la))

    assert response.status_code == 200
    assert f"/la/{home_la.slug}/pep/{key_pep.pk}/paperwork/views/" in response.content.decode()


# --- Sections -------------------------------------------------------------------------------


def post_section(client, pep, slug, data, *, la=None):
    return client.post(section(pep, slug, la=la), data)


def test_the_key_person_saves_more_about_me(client_as, key_person, key_pep):
    response = post_section(
        client_as(key_person),
        key_pep,
        "more-about-me",
        {"version": key_pep.version, "voice_likes": "I like the sand.", "voice_calm": "A song."},
    )

    assert response.status_code == 302
    key_pep.refresh_from_db()
    assert key_pep.voice_likes == "I like the sand."
    assert key_pep.version == 2
    assert AuditEvent.objects.filter(verb="pep.section_saved").count() == 1


def test_a_concurrent_edit_is_explained_and_what_was_typed_is_kept(client_as, key_person, key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(carer_views="Saved by the advisor.", version=5)

    response = post_section(
        client_as(key_person),
        key_pep,
        "views",
        {"version": 1, "carer_views": "Typed by the key person."},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert "Typed by the key person." in html
    assert "Saved by the advisor." in html
    key_pep.refresh_from_db()
    assert key_pep.carer_views == "Saved by the advisor."


def test_the_organiser_may_type_the_views_but_not_the_childs_voice(
    client_as, cic_advisor, key_pep, home_la
):
    client = client_as(cic_advisor)

    views = post_section(
        client,
        key_pep,
        "views",
        {"version": 1, "carer_views": "From a call.", "carer_views_source": "Phone call"},
        la=home_la,
    )
    voice = post_section(
        client, key_pep, "more-about-me", {"version": 2, "voice_likes": "x"}, la=home_la
    )

    assert views.status_code == 302
    assert voice.status_code == 403
    key_pep.refresh_from_db()
    assert key_pep.carer_views == "From a call."
    assert key_pep.voice_likes == ""


def test_sen_support_is_prefilled_from_the_childs_record(client_as, key_person, key_pep):
    key_pep.child.sen_status = "sen_support"
    key_pep.child.save(update_fields=["sen_status"])

    html = client_as(key_person).get(section(key_pep, "attendance-health")).content.decode()

    assert "\nSEN support</textarea>" in html


def test_attended_cannot_exceed_offered(client_as, key_person, key_pep):
    response = post_section(
        client_as(key_person),
        key_pep,
        "attendance-health",
        {"version": 1, "sessions_offered": "10", "sessions_attended": "12"},
    )

    assert response.status_code == 200
    assert "must be no more than the sessions offered" in response.content.decode()


def test_digits_of_other_scripts_are_not_numbers(client_as, key_person, key_pep):
    response = post_section(
        client_as(key_person),
        key_pep,
        "attendance-health",
        {"version": 1, "sessions_offered": "٣"},
    )

    assert response.status_code == 200
    assert "must be a whole number" in response.content.decode()


def test_the_eypp_section_says_the_plan_is_not_on_the_portal(client_as, key_person, key_pep):
    html = client_as(key_person).get(section(key_pep, "eypp")).content.decode()

    assert "The EYPP plan is not on the portal yet" in html


def test_an_unknown_section_is_not_found(client_as, key_person, key_pep):
    assert client_as(key_person).get(section(key_pep, "nothing-here")).status_code == 404


def test_a_reader_sees_the_sections_answers_without_a_form(client_as, dsl, key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(carer_views="Settled well.")

    response = client_as(dsl).get(section(key_pep, "views"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Settled well." in html
    assert "<textarea" not in html
    assert post_section(client_as(dsl), key_pep, "views", {"version": 1}).status_code == 403


def test_a_submitted_pep_refuses_section_changes(client_as, key_person, key_pep):
    Pep.objects.filter(pk=key_pep.pk).update(
        status=Pep.Status.SUBMITTED, submitted_at=timezone.now() - timedelta(hours=1)
    )

    response = post_section(
        client_as(key_person), key_pep, "views", {"version": 1, "carer_views": "Late"}
    )

    assert response.status_code == 409
    assert "can be changed again only if" in response.content.decode()
    key_pep.refresh_from_db()
    assert key_pep.carer_views == ""
