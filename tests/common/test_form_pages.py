"""The shared pages of forms: record once and go back; a service's refusal shown on the form."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from common.form_pages import add_service_error, create_page
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved


class NameForm(forms.Form):
    name = forms.CharField()


def posted(data):
    request = RequestFactory().post("/somewhere/", data)
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def page(request, create):
    return create_page(
        request,
        form=NameForm(request.POST),
        create=create,
        done=lambda created: f"{created} has been added.",
        back="/back/",
        template="unused.html",
        context={},
    )


def test_a_valid_post_creates_once_says_so_and_goes_back():
    calls = []
    request = posted({"name": "Owls"})

    response = page(request, lambda *, by, name: calls.append((by, name)) or name)

    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert calls == [(request.user, "Owls")]
    assert [str(m) for m in get_messages(request)] == ["Owls has been added."]


def test_a_repeated_post_goes_back_saying_it_was_already_saved():
    request = posted({"name": "Owls"})

    def create(**_fields):
        raise AlreadySaved(None)

    response = page(request, create)

    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert [str(m) for m in get_messages(request)] == [ALREADY_SAVED_MESSAGE]


def test_a_services_refusal_goes_on_its_field_or_on_the_whole_form():
    form = NameForm({"name": "Owls"})
    form.is_valid()

    add_service_error(form, ValidationError({"name": "Taken", "other": "Not a field here"}))
    add_service_error(form, ValidationError("Closed today"))

    assert form.errors["name"] == ["Taken"]
    assert form.non_field_errors() == ["Not a field here", "Closed today"]
