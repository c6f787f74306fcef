"""Pages of allegations against staff: for the manager and the DSL, never the person accused.

Allegations come through the door's ``allegation_q`` (``safeguarding.selectors``): 404
without MANAGE_ALLEGATIONS and 404 to the member of staff an allegation is about, even a
manager or DSL. Reading one goes to its own trail, never to the "who read what" page.
"""

from datetime import timedelta
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import AccessRequest, Action, require, setting_required
from common import dates
from common.audit import verb_label
from common.form_pages import create_page, edit_page
from common.versioning import differences
from safeguarding.allegations import selectors, services
from safeguarding.allegations.forms import AllegationChangeForm, AllegationForm
from safeguarding.allegations.reminders import OFSTED_DAYS
from safeguarding.models import Allegation
from safeguarding.selectors import allegation_get_for, record_read


def _url(name: str, slug: str, *args: Any) -> str:
    return reverse(f"settings:safeguarding:{name}", args=[slug, *args])


def _name(user: Any) -> str:
    return user.full_name or user.email


@setting_required
def allegation_list_view(request: AccessRequest) -> HttpResponse:
    """The setting's allegations against staff the reader may see, newest first."""
    access = request.access
    allegations = selectors.allegation_list(access)
    slug = access.care_setting.slug
    page = Paginator(allegations, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "safeguarding/allegations/allegation_list.html",
        {
            "care_setting": access.care_setting,
            "page": page,
            "rows": [
                {
                    "allegation": allegation,
                    "staff": _name(allegation.staff_member),
                    "url": _url("allegation_detail", slug, allegation.pk),
                }
                for allegation in page
            ],
            "add_url": _url("allegation_add", slug),
            "query": "",
        },
    )


@setting_required
def allegation_add_view(request: AccessRequest) -> HttpResponse:
    """Record an allegation against a member of staff (never oneself)."""
    access = request.access
    staff = selectors.staff_choices(access)
    slug = access.care_setting.slug
    form = AllegationForm(request.POST or None, staff=staff)
    return create_page(
        request,
        form=form,
        create=partial(services.allegation_record, care_setting=access.care_setting),
        done=lambda allegation: f"{allegation} has been recorded.",
        back=_url("allegation_list", slug),
        template="safeguarding/allegations/allegation_form.html",
        context={"care_setting": access.care_setting, "back_url": _url("allegation_list", slug)},
    )


def deadlines(allegation: Allegation) -> dict[str, Any]:
    """Return when the LADO and Ofsted should be told, and whether that is late."""
    today = dates.today()
    lado_by = dates.add_working_days(allegation.received_on, 1)
    ofsted_by = allegation.received_on + timedelta(days=OFSTED_DAYS)
    return {
        "lado_by": lado_by,
        "lado_late": allegation.lado_referred_on is None and lado_by < today,
        "ofsted_by": ofsted_by if allegation.serious_harm else None,
        "ofsted_late": allegation.serious_harm
        and allegation.ofsted_notified_on is None
        and ofsted_by < today,
    }


@setting_required
def allegation_detail_view(request: AccessRequest, allegation_id: int) -> HttpResponse:
    """One allegation: what was alleged, the LADO, Ofsted, the outcome, and its own trail."""
    access = request.access
    allegation = allegation_get_for(access, allegation_id)
    slug = access.care_setting.slug
    record_read(access, page=str(allegation), target=allegation)
    trail = [
        {
            "event": event,
            "label": verb_label(event.verb),
            "who": _name(event.actor) if event.actor else event.actor_label,
            "changes": event.changes if event.verb == "allegation.changed" else {},
        }
        for event in selectors.allegation_trail(allegation)
    ]
    return render(
        request,
        "safeguarding/allegations/allegation_detail.html",
        {
            "care_setting": access.care_setting,
            "allegation": allegation,
            "staff": _name(allegation.staff_member),
            "recorded_by": _name(allegation.recorded_by) if allegation.recorded_by else "",
            "trail": trail,
            "edit_url": _url("allegation_edit", slug, allegation.pk),
            "list_url": _url("allegation_list", slug),
            **deadlines(allegation),
        },
    )


def _differences(form: Form, saved: Allegation, typed: dict[str, Any]) -> list:
    labels = {name: field.label for name, field in form.fields.items()}
    return differences(saved, typed, labels=labels)


@setting_required
def allegation_edit_view(request: AccessRequest, allegation_id: int) -> HttpResponse:
    """Record the LADO's referral and advice, Ofsted's notification and the outcome."""
    access = request.access
    require(access, Action.MANAGE_ALLEGATIONS)
    allegation = allegation_get_for(access, allegation_id)
    back = _url("allegation_detail", access.care_setting.slug, allegation.pk)
    record_read(access, page=str(allegation), target=allegation)

    def done(saved: Allegation) -> HttpResponse:
        messages.success(request, f"{saved} has been saved.")
        return redirect(back)

    return edit_page(
        request,
        form_class=AllegationChangeForm,
        form_kwargs=lambda record: {
            "initial": {
                "version": record.version,
                "lado_referred_on": record.lado_referred_on,
                "lado_reference": record.lado_reference,
                "lado_advice": record.lado_advice,
                "ofsted_notified_on": record.ofsted_notified_on,
                "ofsted_reference": record.ofsted_reference,
                "result": record.result,
                "result_on": record.result_on,
                "result_notes": record.result_notes,
            }
        },
        record=allegation,
        save=partial(services.allegation_change, allegation=allegation),
        reload=lambda: allegation_get_for(access, allegation.pk),
        done=done,
        template="safeguarding/allegations/allegation_edit.html",
        context={
            "care_setting": access.care_setting,
            "allegation": allegation,
            "staff": _name(allegation.staff_member),
            "back_url": back,
            **deadlines(allegation),
        },
        conflict_of=_differences,
    )
