"""The learning app's reminder rules, found at start-up by notifications (importing registers).

Each part keeps its rules beside its subject: the progress check at age two, the learning
journey (worries for the DSL, drafts) and the tracker (early assessment, judgements).
"""

from learning import check_reminders, journey_reminders, tracker_reminders

__all__ = ["check_reminders", "journey_reminders", "tracker_reminders"]
