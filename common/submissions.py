"""A form that creates a record saves it once, however often the same render is sent.

Each render of such a form carries a fresh ``submission_token`` (``SubmissionTokenMixin``).
The service claims the token first thing in the transaction that saves the record
(``claim_submission``) and names what it saved (``Claim.saved``). The same render sent again
(a double click, a browser retrying, the back button) hits the token's unique index: it
waits for the first to commit, then gets ``AlreadySaved`` and nothing is written twice. The
view answers it as the success it already was: the same place, with a note.

A post without a usable token (not sent by our form) is saved without this protection.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction

from common.models import SubmissionToken

ALREADY_SAVED_MESSAGE = "This form was sent more than once: it has been saved once."
TOKEN_FIELD = "submission_token"


class AlreadySaved(Exception):
    """This render of the form was sent before and saved; ``target`` is what it saved."""

    def __init__(self, target: models.Model | None) -> None:
        super().__init__("This form was already saved")
        self.target = target


class SubmissionTokenField(forms.UUIDField):
    """A hidden token, fresh for each render; anything that is not a token reads as none."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)

    def to_python(self, value: Any) -> uuid.UUID | None:
        if isinstance(value, uuid.UUID):
            return value
        try:
            return uuid.UUID(str(value).strip())
        except (ValueError, AttributeError):
            return None


class SubmissionTokenMixin:
    """Give a form that creates a record its ``submission_token``; name it in the layout.

    The cleaned data carries it, so ``services.x(**form.cleaned_data)`` passes it on. A
    check that the first submission makes fail for its repeat (the e-mail is now taken, a
    reason is now needed) is skipped when ``is_repeat()``: the service answers the repeat.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = SubmissionTokenField()  # type: ignore[attr-defined]

    def is_repeat(self) -> bool:
        """Return whether this render of the form was sent and saved before."""
        form: Any = self
        if not form.is_bound:
            return False
        token = form.fields[TOKEN_FIELD].to_python(form.data.get(form.add_prefix(TOKEN_FIELD)))
        return token is not None and SubmissionToken.objects.filter(token=token).exists()


@dataclass
class Claim:
    """A claimed token; ``saved`` names the record the submission created."""

    row: SubmissionToken | None

    def saved(self, target: models.Model) -> None:
        """Remember what this submission saved, so a repeat is sent to the same place."""
        if self.row is None:
            return
        SubmissionToken.objects.filter(pk=self.row.pk).update(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )


def claim_submission(*, token: uuid.UUID | None, by: Any) -> Claim:
    """Claim the form render's token in the caller's transaction; AlreadySaved if used.

    Call it first in the service: a second post of the same render waits here for the first
    to commit (then ``AlreadySaved``) or roll back (then it goes ahead).
    """
    if token is None:
        return Claim(row=None)
    if not connection.in_atomic_block:
        raise RuntimeError("Claim a submission inside the transaction that saves the record")
    used_by = by if getattr(by, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            row = SubmissionToken.objects.create(token=token, used_by=used_by)
    except IntegrityError:
        earlier = SubmissionToken.objects.filter(token=token).first()
        raise AlreadySaved(earlier.target if earlier is not None else None) from None
    return Claim(row=row)


def submissions_forget(*, before: datetime) -> int:
    """Forget the form submissions saved before the moment; return how many.

    Nobody sends again a form rendered weeks ago; the table stays small.
    """
    deleted, _ = SubmissionToken.objects.filter(used_at__lt=before).delete()
    return deleted
