"""The pages of forms that record something new or change a record: one shape for every app."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import (
    CONFLICT_MESSAGE,
    Difference,
    StaleRecord,
    conflicted_form,
    differences,
)


def create_page(
    request: HttpRequest,
    *,
    form: Form,
    create: Callable[..., Any],
    done: Callable[[Any], str],
    back: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Record what a valid POST of the form describes, once however often it is sent.

    ``create`` takes ``by`` and the form's cleaned data (bind the rest with ``partial``); a
    ValidationError it raises goes on the form, shown again with ``context``; ``done`` words
    the success message from what it returns. A repeated post says it was already saved.
    Either way the answer is a redirect to ``back``.
    """
    if request.method == "POST" and form.is_valid():
        try:
            created = create(by=request.user, **form.cleaned_data)
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(back)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done(created))
            return redirect(back)
    return render(request, template, {"form": form, **context})


def add_service_error(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has that field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def edit_page(
    request: HttpRequest,
    *,
    form_class: type[Form],
    form_kwargs: Callable[[Any], dict[str, Any]],
    record: Any,
    save: Callable[..., Any],
    reload: Callable[[], Any],
    done: Callable[[Any], HttpResponse],
    template: str,
    context: dict[str, Any],
    conflict_of: Callable[[Form, Any, dict[str, Any]], list[Difference]] | None = None,
    message: str = CONFLICT_MESSAGE,
) -> HttpResponse:
    """Change a versioned record with the form, never overwriting someone else's change.

    ``form_kwargs(record)`` gives the form's keyword arguments for the record as loaded (or
    as saved now, after a conflict): its instance (a copy: the form writes onto it) or its
    initial values, and its version. ``save`` takes ``by``, ``version`` and the rest of the
    cleaned data; ``done`` answers what it returns (a message and a redirect). If someone
    saved in between (StaleRecord), the form comes back as typed with ``message``, based on
    the version ``reload()`` reads, and ``conflict`` lists (question, saved now, typed)
    where the two differ (``conflict_of``, by default the model fields that differ). A
    ValidationError from ``save`` goes on the form.
    """
    form = form_class(request.POST or None, **form_kwargs(record))
    conflict: list[Difference] = []
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            result = save(by=request.user, version=version, **fields)
        except StaleRecord:
            saved = reload()
            conflict = (conflict_of or _model_differences)(form, saved, fields)
            form = conflicted_form(
                form_class,
                request.POST,
                version=saved.version,
                message=message,
                **form_kwargs(saved),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return done(result)
    return render(request, template, {"form": form, "conflict": conflict, **context})


def _model_differences(form: Form, saved: Any, typed: dict[str, Any]) -> list[Difference]:
    return differences(saved, typed)
