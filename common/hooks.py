"""Moments a lower app declares and higher apps listen to, so the lower never names them.

A lower app declares a ``Hook`` and fires it; a higher app registers a listener in its
``AppConfig.ready``. Listeners run in the order registered, inside the caller's
transaction: anything leaving the process (a task, an e-mail) goes through
``transaction.on_commit``.
"""

from collections.abc import Callable
from typing import Any

Listener = Callable[..., object]


class Hook:
    """A moment in one app that others may act on."""

    def __init__(self, description: str) -> None:
        self.description = description
        self._listeners: list[Listener] = []

    def __repr__(self) -> str:
        return f"<Hook: {self.description}>"

    @property
    def listeners(self) -> tuple[Listener, ...]:
        return tuple(self._listeners)

    def register(self, listener: Listener) -> None:
        """Add a listener; registering the same one again changes nothing."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def fire(self, **kwargs: Any) -> None:
        """Call every listener with the keyword arguments the hook's declaration names."""
        for listener in self._listeners:
            listener(**kwargs)
