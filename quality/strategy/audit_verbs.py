"""Audit verbs of the strategy action plan: for readers of the plan (VIEW_STRATEGY)."""

from accounts.permissions import Action

LABELS: dict[str, str] = {
    "quality.strategy_chapter_added": "Strategy chapter added",
    "quality.strategy_chapter_changed": "Strategy chapter changed",
    "quality.commitment_added": "Strategy commitment added",
    "quality.commitment_changed": "Strategy commitment changed",
    "quality.commitment_updated": "Progress update on a strategy commitment",
}
RESTRICTED: dict[str, str] = dict.fromkeys(LABELS, Action.VIEW_STRATEGY)
