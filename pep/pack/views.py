"""The signed PEP's PDF pack, served only through this permission-checked view.

Whoever may read the PEP may download its pack (``VIEW_PEP``), on either side; the download
is audited as a read. The stored file is served only if it matches its checksum: a
mismatch is logged and refused, never served.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.permissions import AccessRequest, Action, setting_or_la_required
from common.audit import audit_record
from common.pdf import download_name, pdf_response
from pep.models import PepPack
from pep.pack.services import PackDamaged, pack_read
from pep.selectors import audit_read, pep_get_for


@setting_or_la_required
def pack_pdf_view(request: AccessRequest, pep_id: int) -> HttpResponse:
    pep = pep_get_for(request.access, pep_id, Action.VIEW_PEP)
    pack = PepPack.objects.filter(pep=pep).first()
    if pack is None:
        raise Http404("This PEP has no pack yet")
    try:
        data = pack_read(pack)
    except PackDamaged:
        audit_record(
            actor=request.user,
            verb="pep.pack_refused",
            target=pep,
            subject=pep.child,
            care_setting=pep.care_setting,
            local_authority=pep.responsible_la,
            restricted_to=Action.VIEW_PEP.value,
        )
        response = render(request, "pep/pack/pack_damaged.html", {"pep": pep}, status=500)
        response["Cache-Control"] = "private, no-store"
        return response
    audit_read(request.access, pep, ip_address=None)
    signed_on = timezone.localdate(pep.signed_off_at) if pep.signed_off_at else pep.due_on
    parts = ["pep", pep.child.known_as]
    if pep.document_version > 1:
        parts.append(f"version {pep.document_version}")
    return pdf_response(data, filename=download_name(*parts, on=signed_on))
