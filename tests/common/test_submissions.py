"""The submission token: one render of a create form saves once, however often it is sent."""

import uuid
from datetime import timedelta

import pytest
from django import forms
from django.db import transaction
from django.utils import timezone

from common.models import SubmissionToken
from common.submissions import (
    TOKEN_FIELD,
    AlreadySaved,
    SubmissionTokenMixin,
    claim_submission,
    submissions_forget,
)
from tests.factories.accounts import LocalAuthorityFactory, UserFactory


class NoteForm(SubmissionTokenMixin, forms.Form):
    note = forms.CharField()


def test_each_render_of_a_form_carries_a_fresh_token():
    first, second = NoteForm(), NoteForm()

    tokens = {str(form[TOKEN_FIELD].value()) for form in (first, second)}

    assert len(tokens) == 2
    assert all(uuid.UUID(token) for token in tokens)
    assert 'type="hidden"' in str(first[TOKEN_FIELD])


@pytest.mark.parametrize(
    "sent", ["", "not-a-token", "²", "a\x00b", "x" * 100_000, "<b>1</b>", "-1", "9" * 40]
)
def test_anything_sent_that_is_not_a_token_reads_as_no_token(sent):
    form = NoteForm({"note": "Hello", TOKEN_FIELD: sent})

    assert form.is_valid()
    assert form.cleaned_data[TOKEN_FIELD] is None


def test_a_token_sent_back_is_kept_when_the_form_is_shown_again_with_an_error():
    token = uuid.uuid4()

    form = NoteForm({"note": "", TOKEN_FIELD: str(token)})

    assert not form.is_valid()
    assert f'value="{token}"' in str(form[TOKEN_FIELD])


def test_a_token_claimed_twice_is_answered_with_what_the_first_submission_saved(db):
    by = UserFactory()
    token = uuid.uuid4()
    saved = LocalAuthorityFactory()
    with transaction.atomic():
        claim_submission(token=token, by=by).saved(saved)

    with transaction.atomic(), pytest.raises(AlreadySaved) as repeat:
        claim_submission(token=token, by=by)

    assert repeat.value.target == saved
    assert SubmissionToken.objects.get().used_by == by


def test_a_form_sent_again_after_its_first_save_says_it_is_a_repeat(db):
    token = uuid.uuid4()
    with transaction.atomic():
        claim_submission(token=token, by=UserFactory())

    assert NoteForm({"note": "x", TOKEN_FIELD: str(token)}).is_repeat()
    assert not NoteForm({"note": "x", TOKEN_FIELD: str(uuid.uuid4())}).is_repeat()
    assert not NoteForm({"note": "x"}).is_repeat()


def test_without_a_token_nothing_is_claimed(db):
    with transaction.atomic():
        claim_submission(token=None, by=UserFactory()).saved(LocalAuthorityFactory())

    assert not SubmissionToken.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_claim_must_be_made_inside_the_saving_transaction():
    with pytest.raises(RuntimeError):
        claim_submission(token=uuid.uuid4(), by=None)

    assert not SubmissionToken.objects.exists()


def test_submissions_older_than_the_moment_are_forgotten(db):
    now = timezone.now()
    SubmissionToken.objects.create(token=uuid.uuid4(), used_at=now - timedelta(days=31))
    kept = SubmissionToken.objects.create(token=uuid.uuid4(), used_at=now - timedelta(days=1))

    assert submissions_forget(before=now - timedelta(days=30)) == 1
    assert list(SubmissionToken.objects.all()) == [kept]
