"""The version check every edit form of a shared record carries."""

import pytest
from django import forms

from accounts.models import LocalAuthority
from common.versioning import (
    CONFLICT_MESSAGE,
    StaleRecord,
    VersionField,
    conflicted_form,
    differences,
    versioned_update,
)
from tests.factories.accounts import LocalAuthorityFactory


def test_an_edit_from_the_current_version_is_written_and_raises_the_version(db):
    la = LocalAuthorityFactory()

    written = versioned_update(la, version=1, fields={"initial_pep_days": 15})

    assert written
    assert (la.initial_pep_days, la.version) == (15, 2)
    saved = LocalAuthority.objects.get(pk=la.pk)
    assert (saved.initial_pep_days, saved.version) == (15, 2)


def test_an_edit_from_an_older_version_is_refused_and_writes_nothing(db):
    la = LocalAuthorityFactory()
    LocalAuthority.objects.filter(pk=la.pk).update(initial_pep_days=30, version=2)

    with pytest.raises(StaleRecord):
        versioned_update(la, version=1, fields={"initial_pep_days": 15})

    saved = LocalAuthority.objects.get(pk=la.pk)
    assert (saved.initial_pep_days, saved.version) == (30, 2)


def test_an_edit_someone_already_made_is_not_a_conflict_and_writes_nothing(db):
    """The same form sent twice: the second finds the record already as typed."""
    la = LocalAuthorityFactory()
    LocalAuthority.objects.filter(pk=la.pk).update(initial_pep_days=15, version=2)

    written = versioned_update(la, version=1, fields={"initial_pep_days": 15})

    assert not written
    assert (la.initial_pep_days, la.version) == (15, 2)
    assert LocalAuthority.objects.get(pk=la.pk).version == 2


class DaysForm(forms.Form):
    version = VersionField()
    days = forms.IntegerField()


@pytest.mark.parametrize("sent", ["-1", "99999999999999999999", "²", "one"])
def test_a_version_that_our_form_never_sends_is_an_error_not_a_crash(sent):
    form = DaysForm({"version": sent, "days": "3"})

    assert not form.is_valid()
    assert "version" in form.errors


def test_the_conflicted_form_keeps_what_was_typed_on_the_saved_version():
    form = conflicted_form(DaysForm, {"version": "1", "days": "7"}, version=4, prefix=None)

    assert form["days"].value() == "7"
    assert form["version"].value() == "4"
    assert form.non_field_errors() == [CONFLICT_MESSAGE]


def test_a_prefixed_conflicted_form_moves_its_own_version_on():
    form = conflicted_form(
        DaysForm, {"policy-version": "1", "policy-days": "7"}, version=4, prefix="policy"
    )

    assert form["version"].value() == "4"
    assert form["days"].value() == "7"


def test_differences_name_the_question_and_show_both_answers_as_people_read_them(db):
    saved = LocalAuthorityFactory(pep_review_cycle="termly", initial_pep_days=15)

    rows = differences(saved, {"pep_review_cycle": "six_monthly", "initial_pep_days": 15})

    assert rows == [("PEP review cycle", "Termly, with fixed cut-off dates", "Six-monthly")]
