# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the signed PEP's PDF pack, both sides (VIEW_PEP).

The pack is the key child's signed PEP's (as ``signed_pep``), stored in a temporary folder
with its checksum. The manager, the key person, the DSL and the advisors who follow the
looked-after child download it; a practitioner who is not the key person is refused (403).
Setting staff have no LA role (404 under the LA); the outsider advisor and the LA
administrator do not reach the child (404); another setting or LA is 404 throughout.
"""

import hashlib
from typing import Any

from django.core.files.base import ContentFile

from pep.models import Pep, PepPack
from tests.factories.pep import PepFactory
from tests.matrix.base import LOGIN, Places, at_la, at_setting

PDF = b"%PDF-1.7 a stored pack"


def _with_pack(places: Places) -> int:
    places.fixture("settings").MEDIA_ROOT = str(places.fixture("tmp_path"))
    # Found or made here, not asked of the ``signed_pep`` fixture: the matrices run builders in
    # savepoints they roll back, and a fixture first made in one would vanish.
    child = places.fixture("key_child")
    pep = Pep.objects.filter(child=child, status=Pep.Status.SIGNED_OFF).first()
    if pep is None:
        pep = PepFactory(child=child, signed=True, signed_off_by=places.fixture("cic_advisor"))
    pack = PepPack.objects.filter(pep=pep).first()
    if pack is None:
        pack = PepPack(pep=pep, sha256=hashlib.sha256(PDF).hexdigest(), size=len(PDF))
        pack.pdf.save("pack.pdf", ContentFile(PDF), save=True)
    return pep.pk


def a_pack(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "pep_id": _with_pack(places)}


def la_pack(places: Places) -> dict[str, Any]:
    return {**at_la(places), "pep_id": _with_pack(places)}


_L = LOGIN

# fmt: off
ROWS = {
    #                                             anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:pep:pack_pdf":  (a_pack,   (_L, 200, 200, 403, 200, 200, 404, 200, 404, 404, 404)),
    "la_pep:pack_pdf":        (la_pack,  (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
}
# fmt: on
