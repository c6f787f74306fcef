"""The page of a form that records something new: one shape for every app's views."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved


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
