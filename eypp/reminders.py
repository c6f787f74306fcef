"""EYPP reminder rules, found at start-up (notifications autodiscovers ``<app>.reminders``).

Each part keeps its rules in ``eypp/<part>/reminders.py``: eligibility's "plan not written
within the LA's days of eligibility", the plans' returned plans, impact's "review due at
the end of the period". Recipients are chosen through the permission door; e-mails carry
the child's first name and setting only.
"""

from importlib import import_module
from importlib.util import find_spec

from eypp.apps import PARTS

for _part in PARTS:
    if find_spec(f"eypp.{_part}.reminders") is not None:
        import_module(f"eypp.{_part}.reminders")
