"""The LA's EYPP and DAF rates per financial year: the list, and changing or adding a year.

The list is for the LA's people who see the EYPP roll-up or set the rates; changing rates
is the LA administrator's (EDIT_FUNDING_RATES).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import AccessRequest, Action, can, la_required, require
from common import dates
from common.form_pages import edit_page
from common.versioning import differences
from eypp import rules
from eypp.funding import selectors, services
from eypp.funding.forms import RatesForm
from eypp.models import FundingYear

FIRST_YEAR, LAST_YEAR = 2015, 2100


def _row(year: int, own: FundingYear | None, national: FundingYear | None) -> dict[str, Any]:
    rates = own or national
    assert rates is not None
    return {
        "starts_in": year,
        "label": rules.financial_year_label(year),
        "rates": rates,
        "own": own is not None,
        "hourly": rules.money(rates.hourly_rate),
        "maximum": rules.money(rates.annual_maximum),
        "daf": rules.money(rates.daf_amount) if rates.daf_amount is not None else "",
        "unconfirmed": not rates.rate_confirmed
        or (rates.daf_amount is not None and not rates.daf_confirmed),
    }


@la_required
def rates_view(request: AccessRequest) -> HttpResponse:
    """List every financial year known to the LA, its own rates winning (one query)."""
    access = request.access
    if not (can(access, Action.VIEW_EYPP_ROLLUP) or can(access, Action.EDIT_FUNDING_RATES)):
        raise PermissionDenied
    la = access.local_authority
    assert la is not None
    own: dict[int, FundingYear] = {}
    national: dict[int, FundingYear] = {}
    for row in selectors.funding_years_for(la.pk):
        (national if row.local_authority_id is None else own)[row.starts_in] = row
    years = sorted(set(own) | set(national), reverse=True)
    may_edit = can(access, Action.EDIT_FUNDING_RATES)
    rows = [_row(year, own.get(year), national.get(year)) for year in years]
    for row in rows:
        row["change_url"] = (
            reverse("la_eypp:rate_change", args=[la.slug, row["starts_in"]]) if may_edit else ""
        )
    next_year = (years[0] + 1) if years else rules.financial_year_of(dates.today())
    return render(
        request,
        "eypp/funding/rates.html",
        {
            "rows": rows,
            "can_edit": may_edit,
            "add_url": reverse("la_eypp:rate_change", args=[la.slug, next_year])
            if may_edit
            else "",
            "add_label": rules.financial_year_label(next_year),
        },
    )


@la_required
def rate_change_view(request: AccessRequest, starts_in: int) -> HttpResponse:
    """Change the year's rates for the LA (its own row), or add a year not known yet."""
    access = request.access
    require(access, Action.EDIT_FUNDING_RATES)
    if not FIRST_YEAR <= starts_in <= LAST_YEAR:
        raise Http404
    la = access.local_authority
    assert la is not None
    rows = {
        row.local_authority_id: row
        for row in selectors.funding_years_for(la.pk).filter(starts_in=starts_in)
    }
    own, national = rows.get(la.pk), rows.get(None)
    back = reverse("la_eypp:rates", args=[la.slug])
    label = rules.financial_year_label(starts_in)

    def form_kwargs(record: FundingYear | None) -> dict[str, Any]:
        shown = record or national
        initial: dict[str, Any] = {
            "version": record.version if record is not None else services.NO_OWN_ROW,
            "annual_hours": 570,
            "weekly_hours": 15,
        }
        if shown is not None:
            initial.update({name: getattr(shown, name) for name in services.FIELDS})
        return {"initial": initial}

    def reload() -> Any:
        saved = FundingYear.objects.filter(local_authority=la, starts_in=starts_in).first()
        return saved if saved is not None else FundingYear(version=services.NO_OWN_ROW)

    def done(saved: FundingYear) -> HttpResponse:
        messages.success(request, f"The rates for {label} have been saved.")
        return redirect(back)

    return edit_page(
        request,
        form_class=RatesForm,
        form_kwargs=lambda record: form_kwargs(record if getattr(record, "pk", None) else None),
        record=own,
        save=lambda **fields: services.rate_save(
            local_authority=la, starts_in=starts_in, **fields
        ),
        reload=reload,
        done=done,
        template="eypp/funding/rate_change.html",
        context={
            "label": label,
            "back_url": back,
            "own": own,
            "national": national,
            "is_new": own is None and national is None,
        },
        conflict_of=lambda form, saved, typed: differences(saved, typed) if saved.pk else [],
    )
