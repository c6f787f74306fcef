"""The PEP app's Celery tasks, found by the worker here: each part keeps its own."""

from importlib import import_module
from importlib.util import find_spec

from pep.apps import PARTS

for _part in PARTS:
    if find_spec(f"pep.{_part}.tasks") is not None:
        import_module(f"pep.{_part}.tasks")
