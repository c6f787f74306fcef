"""PEP reminder rules, found at start-up (notifications autodiscovers ``<app>.reminders``).

Each part keeps its rules in ``pep/<part>/reminders.py``: the clock's review and initial-PEP
deadlines, the meetings' invitations and paperwork, quality assurance's returned PEPs.
Recipients are chosen through the permission door; e-mails carry the child's first name and
setting only.
"""

from importlib import import_module
from importlib.util import find_spec

from pep.apps import PARTS

for _part in PARTS:
    if find_spec(f"pep.{_part}.reminders") is not None:
        import_module(f"pep.{_part}.reminders")
