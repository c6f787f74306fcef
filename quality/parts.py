"""What each part of the quality app declares, gathered for the app's own modules."""

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from quality.apps import PARTS


def part_modules(name: str) -> list[ModuleType]:
    """Return each part's module ``name`` (e.g. "urls"), for the parts that have one."""
    return [
        import_module(f"quality.{part}.{name}")
        for part in PARTS
        if find_spec(f"quality.{part}.{name}") is not None
    ]
