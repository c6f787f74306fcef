"""Links from the PEP lists to pages other parts of the PEP app own.

The PEP page (``detail``, the paperwork part's) and the signed PEP's PDF pack (``pack_pdf``,
the pack part's) are linked through ``pep.pages.pep_url`` on the reader's side. A list
still renders, without the link, where that part's page is not mounted.
"""

from typing import Any

from django.urls import NoReverseMatch

from accounts.permissions import Access
from pep.pages import pep_url


def part_url(access: Access, name: str, *args: Any) -> str:
    """Return the URL of another part's PEP page on the access's side, or "" if not mounted."""
    try:
        return pep_url(access, name, *args)
    except NoReverseMatch:
        return ""


def detail_url(access: Access, pep_id: int) -> str:
    """Return the PEP page's URL on the access's side ("" where the page is not mounted)."""
    return part_url(access, "detail", pep_id)


def pack_url(access: Access, pep_id: int) -> str:
    """Return the signed PEP's PDF pack URL on the access's side ("" where not mounted)."""
    return part_url(access, "pack_pdf", pep_id)
