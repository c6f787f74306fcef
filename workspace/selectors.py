"""Reads the workspace's pages combine; each app's own reads stay in that app."""

from typing import Any

from accounts import selectors as account_selectors
from accounts.permissions import Access


def settings_with_grades(access: Access) -> list[tuple[Any, str]]:
    """Return the LA's settings the access sees, each with its latest inspection grade."""
    return [
        (
            care_setting,
            account_selectors.grade_label(
                care_setting.latest_scheme,
                care_setting.latest_grade,
                care_setting.latest_safeguarding_met,
            ),
        )
        for care_setting in account_selectors.la_settings(access)
    ]
