"""What the learning app's audit verbs say to people (registered in LearningConfig.ready)."""

LABELS = {
    "observation.recorded": "Observation recorded",
    "observation.updated": "Observation changed",
    "observation.published": "Observation published",
    "tracker.periods_created": "This year's terms added",
    "tracker.period_added": "Assessment period added",
    "tracker.policy_set": "Tracker scale chosen",
    "tracker.judged": "Tracker judgements recorded",
    "early_assessment.recorded": "Early assessment recorded",
    "early_assessment.updated": "Early assessment changed",
    "learning.check_recorded": "Progress check at age two recorded",
    "learning.check_changed": "Progress check at age two changed",
    "learning.check_shared_with_health_visitor": "Progress check shared with the health visitor",
    "learning.check_pdf_downloaded": "Progress check PDF downloaded",
    "learning.check_not_done_recorded": "Progress check at age two: why not done recorded",
    "learning.check_not_done_changed": "Progress check at age two: why not done changed",
    "learning.leaving_summary_stored": "Leaving summary PDF made",
    "learning.leaving_summary_downloaded": "Leaving summary PDF downloaded",
}
