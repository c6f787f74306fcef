"""The learning app's reminder rules, found at start-up by notifications (importing registers).

Each part keeps its rules beside its subject: the progress check at age two, the learning
journey (drafts) and the tracker (early assessment, judgements).
"""

from learning.check import reminders as check_reminders
from learning.journey import reminders as journey_reminders
from learning.tracker import reminders as tracker_reminders

__all__ = ["check_reminders", "journey_reminders", "tracker_reminders"]
