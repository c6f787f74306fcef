# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the PEP lists and out-of-county PEPs.

The LA's PEP board and its CSV are the children in care advisor's (VIEW_PEP_BOARD); other
LA people get 403, setting staff 404 (no role at the LA). The setting's PEPs are for those
who read every PEP of the setting (VIEW_PEP without a child: manager, DSL, the advisors at
the setting); a practitioner or key person gets 403, the LA administrator too (no PEPs).

Out of county: a looked-after child at the manager's setting, the key person's key child,
for whom another LA that is not on the portal (it has no children in care advisor) is
responsible. Uploading its PEP document and recording the meeting are the manager's and the
key person's (EDIT_PEP); the DSL and the advisors who follow the child get 403; the document
is read by everyone who reads the PEP, on both sides.
"""

from typing import Any

from django.core.files.base import ContentFile

from accounts.models import LocalAuthority
from pep.models import ExternalPepDocument, Pep
from tests.factories.accounts import ChildFactory, LocalAuthorityFactory
from tests.factories.pep import PepFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, ago, at_la, at_setting, day_parts

PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
OFF_PLATFORM_SLUG = "eastmoor"


def off_platform_la() -> LocalAuthority:
    """Return an LA with no one on the portal (no children in care advisor)."""
    la = LocalAuthority.objects.filter(slug=OFF_PLATFORM_SLUG).first()
    return la or LocalAuthorityFactory(name="Eastmoor City Council", slug=OFF_PLATFORM_SLUG)


def out_of_county_pep(places: Places) -> Pep:
    """The current PEP of a child placed at the manager's setting by an LA not on the portal."""
    pep = Pep.objects.filter(child__first_name="Ozzie", is_current=True).first()
    if pep is not None:
        return pep
    child = ChildFactory(
        care_setting=places.care_setting,
        looked_after=True,
        responsible_la=off_platform_la(),
        key_person=places.fixture("key_person"),
        first_name="Ozzie",
    )
    return PepFactory(child=child)


def at_external(places: Places) -> dict[str, Any]:
    return {"setting_slug": places.care_setting.slug, "pep_id": out_of_county_pep(places).pk}


def with_document(places: Places) -> ExternalPepDocument:
    pep = out_of_county_pep(places)
    document = pep.external_documents.first()
    if document is None:
        document = ExternalPepDocument(
            pep=pep,
            original_name="Eastmoor PEP.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
            sha256="0" * 64,
            uploaded_by=places.fixture("manager"),
        )
        document.file.save("document.pdf", ContentFile(PDF_BYTES), save=False)
        document.save()
    return document


def at_document(places: Places) -> dict[str, Any]:
    document = with_document(places)
    return {
        "setting_slug": places.care_setting.slug,
        "pep_id": document.pep_id,
        "document_id": document.pk,
    }


def at_la_document(places: Places) -> dict[str, Any]:
    document = with_document(places)
    return {"la_slug": places.home_la.slug, "pep_id": document.pep_id, "document_id": document.pk}


def at_external_with_document(places: Places) -> dict[str, Any]:
    with_document(places)
    return at_external(places)


_L = LOGIN

# fmt: off
ROWS = {
    #                                                         anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:pep:setting_peps":      (at_setting,        (_L, 200, 403, 403, 200, 200, 404, 200, 403, 404, 404)),
    "la_pep:board":                   (at_la,             (_L, 404, 404, 404, 404, 403, 403, 200, 403, 404, 404)),
    "la_pep:board_csv":               (at_la,             (_L, 404, 404, 404, 404, 403, 403, 200, 403, 404, 404)),
    "settings:pep:external_upload":   (at_external,       (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:pep:external_record":   (at_external,       (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:pep:external_document": (at_document,       (_L, 200, 200, 403, 200, 200, 404, 200, 404, 404, 404)),
    "la_pep:external_document":       (at_la_document,    (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
}
# fmt: on


# --- The write matrix ------------------------------------------------------------------


class UploadedPdf(str):
    """A PDF to post as a file: the forms' data turns every value into a string, so this
    one stays a string that the test client still sends as a file (it has ``read``)."""

    name = "pep-from-eastmoor.pdf"
    content_type = "application/pdf"

    def __new__(cls) -> "UploadedPdf":
        return super().__new__(cls, cls.name)

    def __str__(self) -> "UploadedPdf":
        return self

    def read(self, *args: Any) -> bytes:
        return PDF_BYTES


def a_document(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"document": UploadedPdf()}


def an_outcome(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("held_on", ago(3)),
        "outcome": "Targets agreed for speech and language; review in six months.",
        **day_parts("next_pep_on", ago(-170)),
    }


# fmt: off
WRITES = {
    #                                                                                 anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:pep:external_upload": (at_external,               a_document,  (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:pep:external_record": (at_external_with_document, an_outcome,  (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
}
# fmt: on
