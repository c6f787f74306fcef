"""The locked PDF pack of a signed PEP: rendered once, stored with its checksum, then verified.

The stored file is the pack: a download serves those bytes only after checking them
against the SHA-256 recorded when they were stored, and never renders afresh.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from common.audit import audit_record
from common.pdf import PDF_UA, render_pdf
from pep.models import Pep, PepPack
from pep.pack.builder import pack_context

logger = logging.getLogger(__name__)
TEMPLATE = "pdf/pep_pack.html"


class PackDamaged(Exception):
    """The stored pack is missing or its bytes no longer match its checksum."""


def pack_render(pep: Pep) -> bytes:
    """Return the pack of the signed PEP as a tagged (PDF/UA-1) A4 PDF.

    The same signed version gives the same bytes: the document's dates are the sign-off's.
    """
    return render_pdf(template=TEMPLATE, context=pack_context(pep), variant=PDF_UA)


def pack_make(*, pep_id: int) -> PepPack | None:
    """Render and store the signed PEP's pack, once; return it (None if the PEP is not signed).

    A rerun for a PEP that has its pack changes nothing. The PEP's row is locked while the
    pack is made, so two workers never store two.
    """
    with transaction.atomic():
        pep = Pep.objects.select_for_update().filter(pk=pep_id).first()
        if pep is None or pep.status != Pep.Status.SIGNED_OFF:
            return None
        existing = PepPack.objects.filter(pep=pep).first()
        if existing is not None:
            return existing
        pdf = pack_render(pep)
        pack = PepPack(pep=pep, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf))
        pack.pdf.save("pack.pdf", ContentFile(pdf), save=False)
        pack.save()
        audit_record(
            actor=None,
            verb="pep.pack_made",
            target=pep,
            subject=pep.child,
            care_setting=pep.care_setting,
            local_authority=pep.responsible_la,
            changes={"sha256": pack.sha256, "size": pack.size},
            restricted_to="view_pep",
        )
    return pack


def pack_read(pack: PepPack) -> bytes:
    """Return the stored pack's bytes; PackDamaged (logged) if missing or not as stored."""
    try:
        with pack.pdf.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        logger.error("The PEP pack %s of PEP %s is missing from storage", pack.pk, pack.pep_id)
        raise PackDamaged from None
    if hashlib.sha256(data).hexdigest() != pack.sha256:
        logger.error(
            "The PEP pack %s of PEP %s does not match its checksum: refused", pack.pk, pack.pep_id
        )
        raise PackDamaged
    return data
