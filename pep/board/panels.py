"""What the board part puts on other pages: the key person's PEPs on "My key children", the
PEP section of a child's hub and the out-of-county section of the PEP page.

Each builder loads its rows in a fixed number of queries and makes no access decision of
its own beyond asking the door (the page that shows it asked for the panel's right).
"""

from typing import Any

from accounts.permissions import Access, Action, can
from common import dates
from pep.board import selectors
from pep.board.pages import detail_url, pack_url
from pep.clock.rules import read_clock
from pep.models import Pep
from pep.pages import pep_url


def key_children_panel(access: Access) -> dict[str, Any]:
    """The current PEPs of the reader's own key children (one query)."""
    today = dates.today()
    return {
        "rows": [
            {
                "pep": pep,
                "child": pep.child,
                "reading": read_clock(pep.due_on, on=today),
                "meeting_at": pep.meeting_at,
                "url": detail_url(access, pep.pk),
            }
            for pep in selectors.key_children_peps(access)
        ]
    }


def hub_panel(access: Access, child: Any, on_setting_side: bool) -> dict[str, Any] | None:
    """The child's current PEP cycle and signed PEPs (one query); None if not in care."""
    if not child.is_looked_after:
        return None
    today = dates.today()
    current = None
    signed = []
    for pep in selectors.child_peps(child):
        if pep.is_current:
            current = {
                "pep": pep,
                "reading": read_clock(pep.due_on, on=today),
                "meeting_at": pep.meeting_at,
                "url": detail_url(access, pep.pk),
            }
        else:
            signed.append(
                {
                    "pep": pep,
                    "url": detail_url(access, pep.pk),
                    "pack_url": pack_url(access, pep.pk) if pep.has_pack else "",
                }
            )
    return {"current": current, "signed": signed, "out_of_county": child.is_out_of_county}


def external_panel(access: Access, pep: Pep) -> dict[str, Any] | None:
    """The out-of-county section of the PEP page: the documents and the recording links.

    Shown only for an out-of-county PEP whose responsible LA is not on the platform (two
    queries: that LA's advisors, the documents).
    """
    if not selectors.setting_keeps_record(pep):
        return None
    may_record = (
        access.care_setting is not None
        and not pep.is_locked
        and can(access, Action.EDIT_PEP, child=pep.child)
    )
    return {
        "pep": pep,
        "documents": [
            (document, pep_url(access, "external_document", pep.pk, document.pk))
            for document in selectors.external_documents([pep.pk])
        ],
        "upload_url": pep_url(access, "external_upload", pep.pk) if may_record else "",
        "record_url": pep_url(access, "external_record", pep.pk) if may_record else "",
    }
