"""What a setting records on day one: allergies, medical needs, the GP and who to call.

The first parent or carer is added with the child, in the same form and transaction, so
they can give the consents at once.
"""

from datetime import date

import pytest
from django.urls import reverse

from children.forms import ChildAddForm, TeamMemberForm
from children.models import Child, TeamMember
from children.selectors import consent_givers
from common.models import AuditEvent
from tests.children.helpers import TODAY, child_data
from tests.factories.accounts import ChildFactory
from tests.factories.children import TeamMemberFactory


def add_url(care_setting) -> str:
    return reverse("settings:children:add", args=[care_setting.slug])


def hub_url(child: Child) -> str:
    return reverse("settings:children:detail", args=[child.care_setting.slug, child.pk])


CARER = {
    "carer_name": "  Joanne   Holt ",
    "carer_role": "parent",
    "carer_relationship": "Mother",
    "carer_phone": "01632 960123",
    "carer_email": "Joanne.Holt@example.test",
    "carer_parental_responsibility": "on",
    "carer_emergency_contact": "on",
}
HEALTH = {
    "allergies": "Peanuts: anaphylaxis. Adrenaline pen in the office.",
    "dietary_needs": "Vegetarian",
    "medical_conditions": "Asthma",
    "medication": "Blue inhaler before outdoor play",
    "gp_name": "Dr Aisha Rahman",
    "gp_practice": "Brook Lane Surgery",
    "gp_phone": "01632 960555",
}


# --- Adding a child with their health and their first carer ----------------------------------


def test_a_child_is_added_with_allergies_medical_needs_and_gp(client_as, manager, care_setting):
    response = client_as(manager).post(add_url(care_setting), child_data(**HEALTH))

    assert response.status_code == 302
    child = Child.objects.get(first_name="Amara")
    assert {name: getattr(child, name) for name in HEALTH} == HEALTH
    event = AuditEvent.objects.get(verb="child.added")
    assert event.changes["allergies"] == [None, HEALTH["allergies"]]


def test_the_first_carer_is_added_with_the_child_and_may_then_give_consents(
    client_as, manager, care_setting
):
    response = client_as(manager).post(add_url(care_setting), child_data(**CARER))

    child = Child.objects.get(first_name="Amara")
    assert response.status_code == 302
    carer = TeamMember.objects.get(child=child)
    assert (carer.name, carer.role, carer.relationship, carer.phone, carer.email) == (
        "Joanne Holt",
        TeamMember.Role.PARENT,
        "Mother",
        "01632 960123",
        "joanne.holt@example.test",
    )
    assert carer.has_parental_responsibility
    assert (carer.is_emergency_contact, carer.emergency_order) == (True, 1)
    assert list(consent_givers(child)) == [carer]
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="child.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["child.added", "child.team_member_added"]


def test_no_carer_is_added_when_the_section_is_left_empty(client_as, manager, care_setting):
    client_as(manager).post(add_url(care_setting), child_data())

    assert Child.objects.filter(first_name="Amara").exists()
    assert not TeamMember.objects.exists()


def test_carer_details_without_a_name_are_refused_and_kept(client_as, manager, care_setting):
    data = child_data(**{**CARER, "carer_name": ""}, **HEALTH)

    response = client_as(manager).post(add_url(care_setting), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter the parent or carer&#x27;s full name, or clear their details" in html
    assert 'value="01632 960123"' in html and 'value="Mother"' in html
    assert "Peanuts: anaphylaxis. Adrenaline pen in the office." in html
    assert not Child.objects.exists() and not TeamMember.objects.exists()


def test_an_emergency_contact_needs_a_phone_number(care_setting):
    form = ChildAddForm(
        child_data(**{**CARER, "carer_phone": ""}), care_setting=care_setting, today=TODAY
    )

    assert not form.is_valid()
    assert form.errors["carer_phone"] == ["Enter a phone number for the emergency contact"]


def test_a_carer_email_must_look_like_one(care_setting):
    form = ChildAddForm(
        child_data(**{**CARER, "carer_email": "joanne at home"}),
        care_setting=care_setting,
        today=TODAY,
    )

    assert not form.is_valid()
    assert form.errors["carer_email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]


# --- The team: emergency contacts and the order to call them ---------------------------------


def team_form(**overrides) -> TeamMemberForm:
    data = {"role": "parent", "name": "Dev Malik", "phone": "01632 960001", **overrides}
    return TeamMemberForm({name: value for name, value in data.items() if value is not None})


def test_a_team_member_is_made_an_emergency_contact_with_an_order_to_call(key_child):
    form = team_form(is_emergency_contact="on", emergency_order="2")

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["is_emergency_contact"], form.cleaned_data["emergency_order"]) == (
        True,
        2,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"is_emergency_contact": "on", "phone": ""},
            "phone",
            "Enter a phone number for the emergency contact",
        ),
        (
            {"emergency_order": "1"},
            "emergency_order",
            "Tick emergency contact, or remove the order to call",
        ),
        (
            {"is_emergency_contact": "on", "emergency_order": "first"},
            "emergency_order",
            "The order to call must be a whole number, like 1",
        ),
        (
            {"is_emergency_contact": "on", "emergency_order": "0"},
            "emergency_order",
            "The order to call must be between 1 and 9",
        ),
    ],
)
def test_emergency_contact_details_that_do_not_fit_are_refused(db, overrides, field, message):
    form = team_form(**overrides)

    assert not form.is_valid()
    assert form.errors[field] == [message]


# --- Shown where people look -------------------------------------------------------------------


def test_the_hub_warns_about_allergies_and_medical_needs_and_lists_who_to_call(
    client_as, practitioner, key_child
):
    Child.objects.filter(pk=key_child.pk).update(**HEALTH)
    TeamMemberFactory(
        child=key_child,
        name="Colin Barnard",
        relationship="Grandfather",
        phone="01632 960777",
        is_emergency_contact=True,
        emergency_order=2,
    )
    TeamMemberFactory(
        child=key_child,
        name="Ada Lee",
        relationship="Mother",
        phone="01632 960111",
        is_emergency_contact=True,
        emergency_order=1,
    )
    TeamMemberFactory(child=key_child, name="Sam Okoro", social_worker=True)

    html = client_as(practitioner).get(hub_url(key_child)).content.decode()

    warning = html[html.index('class="govuk-warning-text"') :][:800]
    assert "Allergies: Peanuts: anaphylaxis. Adrenaline pen in the office." in warning
    assert "Medical needs: Asthma. Medication: Blue inhaler before outdoor play" in warning
    assert html.index("govuk-warning-text") < html.index("About ")
    assert "Dr Aisha Rahman, Brook Lane Surgery, 01632 960555" in html
    assert html.index("Ada Lee (Mother): 01632 960111") < html.index(
        "Colin Barnard (Grandfather): 01632 960777"
    )
    assert "Emergency contact 1" in html
    assert "Sam Okoro (" not in html[html.index("Emergency contacts") :][:600]


def test_the_hub_has_no_warning_without_allergies_or_medical_needs(client_as, manager, key_child):
    html = client_as(manager).get(hub_url(key_child)).content.decode()

    assert "govuk-warning-text" not in html
    assert "No allergies recorded" in html


def test_the_key_persons_list_and_the_child_list_tag_allergies_and_medical_needs(
    client_as, key_person, care_setting, key_child
):
    Child.objects.filter(pk=key_child.pk).update(allergies="Sesame")
    ChildFactory(care_setting=care_setting, key_person=key_person, medical_conditions="Epilepsy")
    ChildFactory(care_setting=care_setting, key_person=key_person, dietary_needs="Halal")
    client = client_as(key_person)

    mine = client.get(reverse("settings:my_key_children", args=[care_setting.slug]))
    listed = client.get(reverse("settings:children:list", args=[care_setting.slug]))

    for page in (mine.content.decode(), listed.content.decode()):
        assert page.count('<strong class="govuk-tag govuk-tag--red">Allergies</strong>') == 1
        assert page.count('<strong class="govuk-tag govuk-tag--red">Medical needs</strong>') == 1


def test_a_childs_health_is_changed_on_the_record(client_as, manager, key_child):
    data = child_data(
        first_name=key_child.first_name,
        last_name=key_child.last_name,
        date_of_birth=key_child.date_of_birth,
        start_date=key_child.start_date,
        looked_after_status="looked_after",
        legal_status="C2",
        responsible_la=key_child.responsible_la_id,
        version=1,
        allergies="Egg",
        gp_practice="Oakfield Medical Centre",
    )

    response = client_as(manager).post(
        reverse("settings:children:edit", args=[key_child.care_setting.slug, key_child.pk]),
        data,
    )

    assert response.status_code == 302
    key_child.refresh_from_db()
    assert (key_child.allergies, key_child.gp_practice) == ("Egg", "Oakfield Medical Centre")
    assert key_child.date_of_birth != date(2000, 1, 1)
