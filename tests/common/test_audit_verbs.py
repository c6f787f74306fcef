"""Audit verbs in human words: each app declares the labels of the verbs it writes.

The audit trail shows "Safeguarding concern passed to the DSL", not "Dsl referral raised". The
test reads the source of every app: each verb written (``verb="..."`` in a call, a ``verb = ...``
assignment, or a ``for verb, ... in`` loop over literals) must have a registered label.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from common.audit import register_verbs, registered_verbs, verb_label
from common.models import AuditEvent

# An audit verb is "<record>.<what happened>": a local ``verb = "has"`` is English, not one.
AUDIT_VERB = re.compile(r"[a-z_]+\.[a-z_]+")


def _literals(node: ast.expr) -> set[str] | None:
    """Return the strings an expression can take, or None if it is not made of literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return None if body is None or orelse is None else body | orelse
    return None


def _loop_verbs(node: ast.For) -> list[ast.expr] | None:
    """Return the values a ``for verb, ... in ((..., ...), ...)`` loop gives ``verb``."""
    target = node.target
    names = target.elts if isinstance(target, ast.Tuple) else [target]
    index = next(
        (i for i, name in enumerate(names) if isinstance(name, ast.Name) and name.id == "verb"),
        None,
    )
    if index is None:
        return None
    if not isinstance(node.iter, ast.Tuple | ast.List):
        return None  # a loop over something else (a registry's items) writes no verb
    values = []
    for item in node.iter.elts:
        if isinstance(target, ast.Tuple):
            values.append(item.elts[index] if isinstance(item, ast.Tuple) else item)
        else:
            values.append(item)
    return values


def written_verbs() -> tuple[set[str], list[str]]:
    """Return the verbs the apps' code writes, and the places whose verb is not a literal."""
    base = Path(settings.BASE_DIR).resolve()
    verbs: set[str] = set()
    unresolved: list[str] = []
    for config in apps.get_app_configs():
        root = Path(config.path).resolve()
        # common holds the audit mechanism itself and writes no verb of its own.
        if base not in root.parents or config.name == "common":
            continue
        for path in root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.keyword) and node.arg == "verb":
                    exprs, local = [node.value], False
                elif isinstance(node, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == "verb" for target in node.targets
                ):
                    exprs, local = [node.value], True
                elif isinstance(node, ast.For):
                    exprs, local = _loop_verbs(node) or [], True
                else:
                    continue
                for expr in exprs:
                    if isinstance(expr, ast.Name):
                        continue  # passed on from a parameter: its callers write the literal
                    found = _literals(expr)
                    if found is None:
                        unresolved.append(f"{path.relative_to(base)}:{expr.lineno}")
                    elif not local or all(AUDIT_VERB.fullmatch(verb) for verb in found):
                        verbs |= found
    return verbs, unresolved


def test_every_verb_the_apps_write_has_a_human_label():
    verbs, unresolved = written_verbs()

    assert not unresolved, f"Write these audit verbs as literals: {unresolved}"
    assert len(verbs) > 30, "The scan found too few verbs: has the code moved?"
    missing = sorted(verbs - set(registered_verbs()))
    assert not missing, f"Audit verbs with no label in the app's audit_verbs.py: {missing}"


@pytest.mark.parametrize(
    ("verb", "label"),
    [
        ("concern.raised", "Safeguarding concern passed to the DSL"),
        ("learning.check_pdf_downloaded", "Progress check PDF downloaded"),
        ("child.updated", "Record changed"),
        ("key_person.allocated", "Key person allocated"),
        ("staff.invited", "Member of staff invited"),
    ],
)
def test_the_trail_says_what_happened_in_words(verb, label):
    assert AuditEvent(verb=verb).verb_label == label


def test_an_unregistered_verb_still_reads_as_words():
    assert verb_label("made.up_thing") == "Made up thing"


def test_every_label_starts_with_a_capital_and_has_no_code():
    for verb, label in registered_verbs().items():
        assert label[:1].isupper(), verb
        assert "_" not in label and "." not in label, verb


def test_a_verb_cannot_be_given_two_different_labels():
    with pytest.raises(ImproperlyConfigured):
        register_verbs("Children", {"child.added": "Something else"})
