"""Validation a setting manager would want: dates that make sense, care details that fit."""

from datetime import date

import pytest
from crispy_forms.utils import render_crispy_form

from children.forms import (
    ChildAddForm,
    ChildLeaveForm,
    ConsentForm,
    ConsentWithdrawForm,
    MoveForm,
    TeamMemberForm,
)
from children.models import Child, TeamMember
from children.selectors import consent_givers
from tests.children.helpers import TODAY, child_data, date_parts
from tests.factories.accounts import CareSettingFactory, ChildFactory, LocalAuthorityFactory
from tests.factories.children import ConsentFactory, TeamMemberFactory


def add_form(care_setting, **overrides) -> ChildAddForm:
    return ChildAddForm(child_data(**overrides), care_setting=care_setting, today=TODAY)


def errors_of(form) -> dict[str, list[str]]:
    assert not form.is_valid()
    return form.errors


# --- The child's record ---------------------------------------------------------------


def test_a_complete_record_is_valid_and_the_preferred_name_is_optional(care_setting):
    form = add_form(care_setting)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == date(2022, 11, 14)
    assert form.cleaned_data["preferred_name"] == ""


def test_a_date_of_birth_in_the_future_is_refused(care_setting):
    form = add_form(care_setting, date_of_birth=date(2026, 3, 17))

    assert errors_of(form)["date_of_birth"] == ["Date of birth must be today or in the past"]


def test_a_child_of_six_on_the_start_date_is_past_the_early_years(care_setting):
    form = add_form(care_setting, date_of_birth=date(2019, 9, 2), start_date=date(2025, 9, 2))

    assert "under 6 on their start date" in errors_of(form)["date_of_birth"][0]


def test_a_child_one_day_short_of_six_may_start(care_setting):
    form = add_form(care_setting, date_of_birth=date(2019, 9, 3), start_date=date(2025, 9, 2))

    assert form.is_valid(), form.errors


def test_the_start_date_cannot_be_before_birth(care_setting):
    form = add_form(care_setting, date_of_birth=date(2024, 5, 1), start_date=date(2024, 4, 30))

    assert errors_of(form)["start_date"] == ["Start date must be on or after the date of birth"]


def test_the_start_date_is_at_most_a_year_ahead(care_setting):
    assert add_form(care_setting, start_date=date(2027, 3, 16)).is_valid()
    form = add_form(care_setting, start_date=date(2027, 3, 17))

    assert errors_of(form)["start_date"] == ["Start date must be no more than a year from today"]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("31", "2", "2023"), "Date of birth must be a real date"),
        (("14", "11", "22"), "Date of birth must include a year of 4 numbers"),
        (("14", "11", ""), "Date of birth must include a year"),
        (("", "11", "2022"), "Date of birth must include a day"),
        (("", "", ""), "Enter the date of birth"),
        (("14", "Nov", "2022"), "Date of birth must be a real date"),
    ],
)
def test_date_inputs_say_what_is_wrong(care_setting, parts, message):
    data = child_data()
    data.update(
        dict(zip(["date_of_birth_0", "date_of_birth_1", "date_of_birth_2"], parts, strict=True))
    )
    form = ChildAddForm(data, care_setting=care_setting, today=TODAY)

    assert message in errors_of(form)["date_of_birth"]


def test_date_inputs_forgive_spaces_around_numbers(care_setting):
    data = child_data()
    data.update({"date_of_birth_0": " 14 ", "date_of_birth_1": "11 ", "date_of_birth_2": "2022"})
    form = ChildAddForm(data, care_setting=care_setting, today=TODAY)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == date(2022, 11, 14)


def test_a_looked_after_child_needs_a_responsible_la(care_setting):
    form = add_form(care_setting, looked_after_status="looked_after", legal_status="C2")

    assert errors_of(form)["responsible_la"] == [
        "Select the local authority responsible for the child"
    ]


def test_a_looked_after_child_placed_out_of_county_is_valid(care_setting):
    placing_la = LocalAuthorityFactory(name="Eastmoor City Council")
    form = add_form(
        care_setting,
        looked_after_status="looked_after",
        legal_status="C1",
        entered_care_on=date(2025, 12, 1),
        emergency_placement="on",
        responsible_la=placing_la.pk,
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["responsible_la"] == placing_la
    assert form.cleaned_data["emergency_placement"] is True


def test_care_details_are_only_for_a_looked_after_child(care_setting, home_la):
    form = add_form(
        care_setting,
        looked_after_status="previously",
        legal_status="C2",
        entered_care_on=date(2024, 1, 5),
        emergency_placement="on",
        responsible_la=home_la.pk,
    )

    errors = errors_of(form)
    assert errors["legal_status"] == ["Remove the legal status: the child is not looked after"]
    assert errors["entered_care_on"] == [
        "Remove the date entered care: the child is not looked after"
    ]
    assert errors["emergency_placement"] == [
        "Untick emergency placement: the child is not looked after"
    ]
    assert errors["responsible_la"] == [
        "Remove the responsible local authority: the child is not looked after"
    ]


def test_entering_care_cannot_be_before_birth_or_in_the_future(care_setting, home_la):
    looked_after = {
        "looked_after_status": "looked_after",
        "responsible_la": home_la.pk,
    }
    before_birth = add_form(care_setting, entered_care_on=date(2022, 11, 13), **looked_after)
    future = add_form(care_setting, entered_care_on=date(2026, 3, 17), **looked_after)

    assert errors_of(before_birth)["entered_care_on"] == [
        "Date entered care must be on or after the date of birth"
    ]
    assert errors_of(future)["entered_care_on"] == [
        "Date entered care must be today or in the past"
    ]


def test_the_form_no_longer_asks_for_eypp(care_setting):
    form = add_form(care_setting, eypp_basis="economic", funded_entitlement="none")

    assert form.is_valid(), form.errors
    assert "eypp_basis" not in form.fields
    assert "EYPP is recorded on the child" in render_crispy_form(form)


def test_names_are_required_with_messages_that_name_them(care_setting):
    form = add_form(care_setting, first_name="", last_name="")

    assert errors_of(form)["first_name"] == ["Enter the child's first name"]
    assert form.errors["last_name"] == ["Enter the child's last name"]


# --- Leaving and moving ------------------------------------------------------------------


def leave_form(child, leave_date, destination="Reception at Oakfield Primary") -> ChildLeaveForm:
    data = {"version": child.version, "leaving_destination": destination}
    data.update(date_parts("leave_date", leave_date))
    return ChildLeaveForm(data, child=child, today=TODAY)


def test_the_leave_date_is_on_or_after_the_start_date(care_setting):
    child = ChildFactory.build(care_setting=care_setting, start_date=date(2025, 9, 2))

    assert leave_form(child, date(2025, 9, 2)).is_valid()
    form = leave_form(child, date(2025, 9, 1))
    assert errors_of(form)["leave_date"] == [
        "Leave date must be on or after the start date, 2 September 2025"
    ]


def test_leaving_needs_a_destination(care_setting):
    child = ChildFactory.build(care_setting=care_setting, start_date=date(2025, 9, 2))

    form = leave_form(child, date(2026, 7, 17), destination="")

    assert errors_of(form)["leaving_destination"] == ["Enter where the child is going"]


def move_form(child, new_setting: str, moved_on=TODAY) -> MoveForm:
    data = {"version": child.version, "new_setting": new_setting, "reason": ""}
    data.update(date_parts("moved_on", moved_on))
    return MoveForm(data, child=child, today=TODAY)


def test_a_move_finds_a_setting_of_any_la_by_ofsted_urn(care_setting, other_setting):
    child = ChildFactory(care_setting=care_setting, start_date=date(2025, 9, 2))

    form = move_form(child, other_setting.ofsted_urn.lower())

    assert form.is_valid(), form.errors
    assert form.cleaned_data["new_setting"] == other_setting


def test_a_move_finds_a_setting_by_part_of_its_name(care_setting, other_setting):
    child = ChildFactory(care_setting=care_setting, start_date=date(2025, 9, 2))

    form = move_form(child, "riverside")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["new_setting"] == other_setting


def test_a_move_asks_for_the_urn_when_several_settings_match(care_setting, home_la):
    CareSettingFactory(name="Oak Tree Nursery", local_authority=home_la)
    CareSettingFactory(name="Oak Lane Nursery", local_authority=home_la)
    child = ChildFactory(care_setting=care_setting, start_date=date(2025, 9, 2))

    message = errors_of(move_form(child, "oak"))["new_setting"][0]

    assert message.startswith("More than one setting matches: enter the Ofsted URN")
    assert "Oak Lane Nursery, Northshire County Council" in message


def test_a_move_refuses_unknown_closed_and_the_current_setting(care_setting, home_la):
    CareSettingFactory(name="Closed Nursery", ofsted_urn="EY999999", is_active=False)
    child = ChildFactory(care_setting=care_setting, start_date=date(2025, 9, 2))

    assert "No setting on the portal" in errors_of(move_form(child, "EY999999"))["new_setting"][0]
    assert "No setting on the portal" in errors_of(move_form(child, "Nowhere"))["new_setting"][0]
    assert errors_of(move_form(child, care_setting.ofsted_urn))["new_setting"] == [
        "The child is already at this setting"
    ]


def test_a_move_is_dated_between_the_start_and_today(care_setting, other_setting):
    child = ChildFactory(care_setting=care_setting, start_date=date(2025, 9, 2))

    future = errors_of(move_form(child, other_setting.ofsted_urn, date(2026, 3, 17)))
    early = errors_of(move_form(child, other_setting.ofsted_urn, date(2025, 9, 1)))

    assert future["moved_on"][0].startswith("Date of the move must be today or in the past")
    assert early["moved_on"] == [
        "Date of the move must be on or after the start date here, 2 September 2025"
    ]


# --- Team and consents ---------------------------------------------------------------------


def team_data(**overrides: object) -> dict[str, object]:
    return {
        "role": "social_worker",
        "name": "Sam  Okoro",
        "relationship": "",
        "organisation": "Northshire Children's Services",
        "email": "",
        "phone": "",
        "address": "",
        "notes": "",
        **overrides,
    }


def test_inviting_to_pep_meetings_needs_an_email_address(db):
    form = TeamMemberForm(team_data(invite_to_pep="on"))

    assert errors_of(form)["email"] == [
        "Enter an email address to invite this person to PEP meetings"
    ]


def test_a_professional_does_not_hold_parental_responsibility(db):
    form = TeamMemberForm(team_data(has_parental_responsibility="on"))

    assert "parental responsibility" in errors_of(form)["has_parental_responsibility"][0]


def test_a_team_member_name_is_tidied_and_email_lowercased(db):
    form = TeamMemberForm(team_data(email="Sam.Okoro@Northshire.GOV.UK", invite_to_pep="on"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Sam Okoro"
    assert form.cleaned_data["email"] == "sam.okoro@northshire.gov.uk"


def consent_form(child, **overrides) -> ConsentForm:
    data = {"kind": "photographs", "granted": "yes", "notes": "", **overrides}
    data.update(date_parts("given_on", overrides.pop("given_on", TODAY)))
    return ConsentForm(data, child=child, givers=consent_givers(child), today=TODAY)


def test_consent_is_answered_by_a_carer_of_this_child(key_child, other_child):
    mother = TeamMemberFactory(child=key_child)
    stranger = TeamMemberFactory(child=other_child)

    assert consent_form(key_child, given_by=mother.pk).is_valid()
    form = consent_form(key_child, given_by=stranger.pk)
    assert errors_of(form)["given_by"] == ["Select someone from the list"]


def test_the_social_worker_answers_for_a_looked_after_child_only(care_setting, key_child):
    social_worker = TeamMemberFactory(child=key_child, social_worker=True)
    not_in_care = ChildFactory(care_setting=care_setting)
    their_social_worker = TeamMemberFactory(child=not_in_care, social_worker=True)

    assert list(consent_givers(key_child)) == [social_worker]
    assert list(consent_givers(not_in_care)) == []
    assert their_social_worker.role == TeamMember.Role.SOCIAL_WORKER


def test_a_consent_cannot_be_dated_in_the_future(key_child):
    mother = TeamMemberFactory(child=key_child)

    form = consent_form(key_child, given_by=mother.pk, given_on=date(2026, 3, 17))

    assert errors_of(form)["given_on"] == ["Date of the answer must be today or in the past"]


def test_consent_is_withdrawn_on_or_after_the_day_it_was_given(key_child):
    consent = ConsentFactory(child=key_child, given_on=date(2026, 1, 10))

    def withdraw_on(day: date) -> ConsentWithdrawForm:
        return ConsentWithdrawForm(date_parts("withdrawn_on", day), consent=consent, today=TODAY)

    assert withdraw_on(date(2026, 1, 10)).is_valid()
    assert errors_of(withdraw_on(date(2026, 1, 9)))["withdrawn_on"] == [
        "Date consent was withdrawn must be on or after the day it was given, 10 January 2026"
    ]
    assert errors_of(withdraw_on(date(2026, 3, 17)))["withdrawn_on"] == [
        "Date consent was withdrawn must be today or in the past"
    ]


def test_the_model_refuses_a_looked_after_child_without_a_responsible_la(care_setting):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(
            care_setting=care_setting,
            looked_after_status=Child.LookedAfter.LOOKED_AFTER,
            responsible_la=None,
        )
