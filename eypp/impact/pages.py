"""Links from the impact review and the plan's PDF to the plan page."""

from django.urls import NoReverseMatch

from accounts.permissions import Access
from eypp.pages import eypp_url


def plan_page_url(access: Access | None, plan_id: int) -> str:
    """Return the plan page on the reader's side, or "" (no reader, or no page to link)."""
    if access is None:
        return ""
    try:
        return eypp_url(access, "plan", plan_id)
    except NoReverseMatch:
        return ""
