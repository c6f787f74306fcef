"""Pages of safeguarding file transfers, at the sending and the receiving setting.

Thin views: transfers come through ``safeguarding.transfer.selectors`` (the door's
``transfer_q``: 404 to anyone else), writes through ``services``. Every page showing a
transfer writes its read to the trail (``record_read``).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.permissions import AccessRequest, Action, can, setting_required
from common import dates
from common.pdf import download_name
from common.submissions import TOKEN_FIELD, AlreadySaved
from safeguarding.models import Transfer
from safeguarding.selectors import record_read
from safeguarding.transfer import selectors, services
from safeguarding.transfer.document import destination_of
from safeguarding.transfer.forms import HandoverForm, SendForm


def _detail(slug: str, transfer: Transfer) -> str:
    return reverse("settings:safeguarding:transfer_detail", args=[slug, transfer.pk])


@setting_required
def transfer_list_view(request: AccessRequest) -> HttpResponse:
    """Files to send, sent and waiting for receipt, received here, and the history."""
    access = request.access
    groups = selectors.transfer_lists(access, today=dates.today())
    record_read(access, page="Safeguarding file transfers")
    return render(
        request,
        "safeguarding/transfer_list.html",
        {"care_setting": access.care_setting, **groups},
    )


@setting_required
def transfer_detail_view(request: AccessRequest, transfer_id: int) -> HttpResponse:
    access = request.access
    transfer = selectors.transfer_get_for(access, transfer_id)
    here = access.care_setting
    outgoing = transfer.from_setting_id == here.pk
    downloads = list(transfer.downloads.select_related("by"))
    record_read(access, page="Safeguarding file transfer", child=transfer.child, target=transfer)
    may_edit = can(access, Action.EDIT_SAFEGUARDING)
    return render(
        request,
        "safeguarding/transfer_detail.html",
        {
            "care_setting": here,
            "transfer": transfer,
            "destination": destination_of(transfer),
            "outgoing": outgoing,
            "downloads": downloads,
            "may_send": may_edit and outgoing and transfer.sent_at is None,
            "may_acknowledge": (
                may_edit
                and not outgoing
                and transfer.sent_at is not None
                and transfer.acknowledged_at is None
            ),
            "may_download": transfer.sent_at is not None,
            "overdue": transfer.sent_at is None and transfer.due_on < dates.today(),
        },
    )


@setting_required
def transfer_send_view(request: AccessRequest, transfer_id: int) -> HttpResponse:
    """Send the file: GET the form, POST renders, encrypts and sends it (once)."""
    access = request.access
    transfer = selectors.outgoing_get_for(access, transfer_id, Action.EDIT_SAFEGUARDING)
    detail = _detail(access.care_setting.slug, transfer)
    if transfer.sent_at is not None:
        messages.info(request, "The safeguarding file has already been sent.")
        return redirect(detail)
    form_kwargs = {"on_portal": transfer.on_portal, "destination": transfer.destination}
    if request.method == "POST":
        form = SendForm(request.POST, **form_kwargs)
        if form.is_valid():
            services.transfer_send(
                transfer=transfer,
                by=request.user,
                note=form.cleaned_data["note"],
                destination=form.cleaned_data.get("destination"),
            )
            messages.success(request, "The safeguarding file has been sent.")
            return redirect(detail)
    else:
        form = SendForm(**form_kwargs)
    record_read(access, page="Send the safeguarding file", child=transfer.child, target=transfer)
    return render(
        request,
        "safeguarding/transfer_send.html",
        {
            "care_setting": access.care_setting,
            "transfer": transfer,
            "form": form,
            "detail_url": detail,
        },
    )


@setting_required
@require_POST
def transfer_acknowledge_view(request: AccessRequest, transfer_id: int) -> HttpResponse:
    """The receiving setting records receipt of the file (twice is once)."""
    access = request.access
    transfer = selectors.incoming_get_for(access, transfer_id, Action.EDIT_SAFEGUARDING)
    services.transfer_acknowledge(transfer=transfer, by=request.user)
    messages.success(request, "Receipt of the safeguarding file has been recorded.")
    return redirect(_detail(access.care_setting.slug, transfer))


def _attachment(transfer: Transfer, pdf: bytes) -> HttpResponse:
    name = download_name(
        "Safeguarding file",
        f"{transfer.child.first_name} {transfer.child.last_name}",
        on=timezone.localdate(transfer.sent_at),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@setting_required
def transfer_file_view(request: AccessRequest, transfer_id: int) -> HttpResponse:
    """Serve the stored file as a download, recording who took it.

    Off the portal, the file first asks who is taking it (the handover page), then serves
    the copy that handover recorded.
    """
    access = request.access
    transfer = selectors.transfer_get_for(access, transfer_id)
    if transfer.sent_at is None:
        raise Http404
    if not transfer.on_portal:
        handover = request.GET.get("handover")
        if not services.handover_to_serve(
            transfer=transfer, by=request.user, download_id=handover
        ):
            return redirect(
                "settings:safeguarding:transfer_handover", access.care_setting.slug, transfer.pk
            )
        pdf = services.transfer_pdf(transfer)
    else:
        pdf = services.transfer_pdf(transfer)
        services.transfer_download(
            transfer=transfer, by=request.user, care_setting=access.care_setting
        )
    record_read(access, page="Safeguarding file (download)", child=transfer.child, target=transfer)
    return _attachment(transfer, pdf)


@setting_required
def transfer_handover_view(request: AccessRequest, transfer_id: int) -> HttpResponse:
    """Record who takes an off-portal file and how, then download it."""
    access = request.access
    transfer = selectors.outgoing_get_for(access, transfer_id, Action.EDIT_SAFEGUARDING)
    if transfer.sent_at is None or transfer.on_portal:
        raise Http404
    if request.method == "POST":
        form = HandoverForm(request.POST)
        if form.is_valid():
            try:
                download = services.transfer_handover(
                    transfer=transfer,
                    by=request.user,
                    care_setting=access.care_setting,
                    handed_to=form.handed_to(),
                    submission_token=form.cleaned_data.get(TOKEN_FIELD),
                )
            except AlreadySaved as saved:
                # The same form sent twice: the first post recorded the handover.
                download = saved.target
                if download is None:
                    return redirect(_detail(access.care_setting.slug, transfer))
            url = reverse(
                "settings:safeguarding:transfer_file", args=[access.care_setting.slug, transfer.pk]
            )
            return redirect(f"{url}?{urlencode({'handover': download.pk})}")
    else:
        form = HandoverForm()
    record_read(
        access, page="Who is taking the safeguarding file", child=transfer.child, target=transfer
    )
    return render(
        request,
        "safeguarding/transfer_handover.html",
        {
            "care_setting": access.care_setting,
            "transfer": transfer,
            "destination": destination_of(transfer),
            "form": form,
            "detail_url": _detail(access.care_setting.slug, transfer),
        },
    )
