"""The shared GOV.UK fields: dates and ids that hostile input answers with a message, not a 500."""

from datetime import date

import pytest
from django import forms
from django.urls import Resolver404, resolve, reverse

from accounts.models import User
from common.forms import (
    MAX_ID,
    GdsDateField,
    IdChoiceField,
    IdField,
    IdMultipleChoiceField,
    parse_id,
    text_field,
    valid_values,
)

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("42", 42),
        (42, 42),
        (str(MAX_ID), MAX_ID),
    ],
)
def test_a_plain_id_in_range_is_read(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        None,
        True,
        "0",
        "-1",
        "+1",
        " 1",
        "1.0",
        "1e3",
        "²",  # "²".isdigit() is True
        "٣",  # int("٣") is 3
        "a\x00",
        HUGE,
        str(MAX_ID + 1),
        MAX_ID + 1,
        "1" * 100_000,
    ],
)
def test_anything_but_a_plain_id_in_range_is_none(value):
    assert parse_id(value) is None


class DateForm(forms.Form):
    day = GdsDateField(label="Date of birth")
    optional = GdsDateField(label="Ends on (optional)", what="the end date", required=False)


def date_errors(day: tuple[str, str, str], optional=("", "", "")) -> list[str]:
    data = {f"day_{i}": part for i, part in enumerate(day)}
    data |= {f"optional_{i}": part for i, part in enumerate(optional)}
    form = DateForm(data)
    form.is_valid()
    return form.errors.get("day", [])


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ((HUGE, "3", "2024"), "Date of birth must be a real date"),
        (("1", HUGE, "2024"), "Date of birth must be a real date"),
        (("1", "3", HUGE), "Date of birth must include a year of 4 numbers"),
        (("-1", "3", "2024"), "Date of birth must be a real date"),
        (("²", "3", "2024"), "Date of birth must be a real date"),
        (("٣", "3", "2024"), "Date of birth must be a real date"),
        (("1", "3", "٢٠٢٤"), "Date of birth must be a real date"),
        (("a\x00", "3", "2024"), "Date of birth must be a real date"),
        (("1" * 100_000, "3", "2024"), "Date of birth must be a real date"),
        (("001", "3", "2024"), "Date of birth must be a real date"),
        (("31", "2", "2024"), "Date of birth must be a real date"),
        (("1", "3", "0001"), "Date of birth must be in a year from 1900 to 2100"),
        (("1", "3", "9999"), "Date of birth must be in a year from 1900 to 2100"),
        (("1", "3\n", "2024"), None),
    ],
)
def test_a_date_refuses_what_is_not_a_real_date_in_words(parts, message):
    errors = date_errors(parts)

    if message is None:
        assert errors == []
    else:
        assert message in errors


def test_a_date_reads_plain_numbers_with_spaces_around_them():
    form = DateForm({"day_0": " 29", "day_1": "02 ", "day_2": "2024"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"day": date(2024, 2, 29), "optional": None}


def test_a_date_named_in_other_words_uses_them_in_its_messages():
    form = DateForm({"day_0": "1", "day_1": "3", "day_2": "2024", "optional_0": HUGE})

    assert not form.is_valid()
    assert form.errors["optional"] == [
        "The end date must include a month",
        "The end date must include a year",
    ]


class ChooseForm(forms.Form):
    person = IdChoiceField(
        queryset=User.objects.all(),
        error_messages={"invalid_choice": "Choose a member of staff at this setting"},
    )
    people = IdMultipleChoiceField(queryset=User.objects.all(), required=False)
    seen = IdField(required=False)


@pytest.mark.parametrize("value", [HUGE, "-1", "²", "٣", "a\x00b", "1" * 100_000, "<b>1</b>"])
def test_choosing_a_record_by_anything_but_its_id_is_not_a_choice(db, value):
    form = ChooseForm({"person": value, "people": [value], "seen": value})

    assert not form.is_valid()
    assert form.errors["person"] == ["Choose a member of staff at this setting"]
    assert form.errors["people"] == ["Select only the choices shown"]
    assert form.errors["seen"] == ["This page is out of date: open it again and try again"]


def test_choosing_records_by_their_ids_still_works(manager, key_person):
    form = ChooseForm(
        {"person": str(manager.pk), "people": [str(manager.pk), str(key_person.pk)], "seen": "7"}
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == manager
    assert set(form.cleaned_data["people"]) == {manager, key_person}
    assert form.cleaned_data["seen"] == 7


def test_an_id_in_range_that_is_not_offered_is_still_not_a_choice(manager):
    form = ChooseForm({"person": str(MAX_ID), "people": [str(MAX_ID)]})

    assert not form.is_valid()
    assert form.errors["person"] == ["Choose a member of staff at this setting"]
    assert "people" in form.errors


@pytest.mark.parametrize("record_id", [str(MAX_ID + 1), "99999999999999999999", "0"])
def test_an_id_in_the_address_that_no_record_can_have_matches_no_page(record_id):
    with pytest.raises(Resolver404):
        resolve(f"/settings/acorn-day-nursery/key-persons/staff/{record_id}/")


def test_an_id_in_the_address_reaches_the_view_as_a_number():
    match = resolve(f"/settings/acorn-day-nursery/key-persons/staff/{MAX_ID}/")

    assert match.kwargs["user_id"] == MAX_ID
    assert reverse("settings:keypersons:caseload", args=["acorn", 7]).endswith("/staff/7/")


def test_a_text_field_names_what_it_asks_for_in_its_errors():
    class Form(forms.Form):
        concern = text_field("What is the concern?", what="the concern", max_length=5)

    assert Form({"concern": ""}).errors["concern"] == ["Enter the concern"]
    assert Form({"concern": "Too long"}).errors["concern"] == [
        "The concern must be 5 characters or fewer"
    ]


def test_valid_values_drops_a_filter_that_makes_no_sense_and_keeps_the_others():
    class Filters(forms.Form):
        status = forms.ChoiceField(required=False, choices=[("", "Any"), ("open", "Open")])
        number = forms.IntegerField(required=False)

    assert valid_values(Filters({"status": "open", "number": "abc"})) == {"status": "open"}
    assert valid_values(Filters()) == {}
