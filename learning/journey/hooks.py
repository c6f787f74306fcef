"""Moments of the learning journey that higher apps act on, without learning naming them."""

from typing import Any

from common.hooks import Hook

# (observation, child, text, by): once per child of the observation, inside its transaction.
on_concern_noted = Hook(
    "a practitioner noted a safeguarding concern while recording an observation"
)


class ConcernNotHeard(RuntimeError):
    """A concern was noted but no app listens for it: it must never be dropped."""


def concern_noted(**kwargs: Any) -> None:
    """Fire ``on_concern_noted``; ``ConcernNotHeard`` (nothing saved) if no one listens."""
    if not on_concern_noted.listeners:
        raise ConcernNotHeard(
            "A safeguarding concern was noted but nothing is registered to receive it"
        )
    on_concern_noted.fire(**kwargs)
