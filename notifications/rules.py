"""Reminder rules: small declared units saying which records are due, who is told and what.

A rule is a ``kind`` and a ``due(today)`` function returning ``Due`` rows. The function must
be *set-based*: a fixed handful of queries whatever the number of children or records, and it
must return everything due *up to and including* today (never only "due today"), so a sweep
that did not run for a while (Redis down, worker stopped) catches up on its next run.

``services.sweep`` turns each ``Due`` into a ``Notification`` whose de-duplication key is
(kind, subject key, due date, recipient): writing the same reminder twice is impossible, so
rules need not remember what they have already said.

Each app keeps its rules in ``<app>/reminders.py``; this module keeps only the machinery and
finds them at start-up (``NotificationsConfig.ready``). A rule imports nothing but what this
module offers::

    @rule("pep.due_soon", description="A PEP is due within the LA's reminder lead time")
    def pep_due_soon(today: date) -> Iterable[Due]:
        ...  # one or two queries, then yield Due(...) rows

**One source for reminders and dashboards.** A rule about children is declared
``per_child=True``: its function then takes ``children`` (a queryset of children, or None for
all) and names the child of each row. Dashboards ask ``to_dos`` what every such rule finds for
the children they list, so a dashboard's "what needs doing" and the reminders are the same
rows from the same queries, and cannot disagree; no dashboard names the apps whose rules it
shows.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.dateformat import format as format_date

from accounts.permissions import Action, memberships_that_can


@dataclass(frozen=True)
class Due:
    """One reminder for one person, as a rule states it."""

    recipient_id: int
    # Identifies the record the reminder is about, e.g. "child-12"; part of the dedup key.
    subject_key: str
    subject: str
    # The one date the reminder is about: the date its text names, shown as "Due".
    due_on: date
    url: str = ""
    care_setting_id: int | None = None
    body: str = ""
    # Rules about children: the child, and what to do in a few words without the child's
    # name, as a dashboard lists it on the child's row.
    child_id: int | None = None
    todo: str = ""

    def dedup_key(self, kind: str) -> str:
        """Return the key that makes this reminder unique: kind, subject, due date, recipient."""
        return f"{kind}:{self.subject_key}:{self.due_on.isoformat()}:{self.recipient_id}"


# due(today) or, for a rule about children, due(today, children=None).
DueFunction = Callable[..., Iterable[Due]]


@dataclass(frozen=True)
class Rule:
    """A kind of reminder and the set-based function that finds what is due on a day."""

    kind: str
    due: DueFunction
    description: str = ""
    # due(today, children=…) keeps to those children, and every row names its child.
    per_child: bool = False
    # Its reminders to a child's key person are the child's own to-dos: a buddy key person,
    # who covers for them, sees them too. False where the recipient is told as the author of
    # a draft or as the DSL, which a colleague covering the child must not see.
    buddy_sees: bool = False
    # Sent at once by ``services.notify_now``: an e-mail with no detail about any child, just
    # this sentence ("{setting}" becomes the setting's name) and a link to sign in.
    alert: str = ""
    # The URL names its reminders link to (``first_url``'s candidates): a name the URLconf
    # does not know is an error at start-up (``notifications.checks``), not a silent "".
    links: tuple[str, ...] = ()


RULES: dict[str, Rule] = {}


def register(rule_: Rule) -> Rule:
    """Add the rule to the registry the sweep runs; a kind may be registered only once."""
    if rule_.kind in RULES and RULES[rule_.kind].due is not rule_.due:
        raise ValueError(f"A reminder rule of kind {rule_.kind!r} is already registered")
    RULES[rule_.kind] = rule_
    return rule_


def rule(
    kind: str,
    *,
    description: str = "",
    per_child: bool = False,
    buddy_sees: bool = False,
    alert: str = "",
    links: tuple[str, ...] = (),
) -> Callable[[DueFunction], DueFunction]:
    """Register the decorated ``due(today)`` function as the rule of this kind."""

    def decorate(due: DueFunction) -> DueFunction:
        register(
            Rule(
                kind=kind,
                due=due,
                description=description,
                per_child=per_child,
                buddy_sees=buddy_sees,
                alert=alert,
                links=links,
            )
        )
        return due

    return decorate


def first_url(*candidates: tuple[str, dict[str, object]]) -> str:
    """Return the path of the first URL name that reverses, or "" when none does.

    Rules link to pages other apps own; a page that does not exist (yet) must not stop the
    sweep, so each rule names its preferred page first and a safe fallback after it.
    """
    for name, kwargs in candidates:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


def long_date(day: date) -> str:
    """Return the date as GOV.UK writes it: 3 January 2027."""
    return format_date(day, "j F Y")


def child_name(row: dict[str, Any], prefix: str = "") -> str:
    """Return "known-as last-name" from a ``values()`` row with the child's name fields."""
    known_as = row[f"{prefix}preferred_name"] or row[f"{prefix}first_name"]
    return f"{known_as} {row[f'{prefix}last_name']}"


# --- Who is told ----------------------------------------------------------------------


# While ``to_dos`` asks every rule about the same few children, the people of a setting are
# read once, not once per rule: each setting's managers and DSLs are kept here until it ends.
_people_read: ContextVar[dict[tuple[str, int], list[int]] | None] = ContextVar(
    "people_read", default=None
)


def _people_by_setting(
    role: str, setting_ids: Iterable[int], members: Callable[[set[int]], Any]
) -> dict[int, list[int]]:
    people: dict[int, list[int]] = defaultdict(list)
    ids = set(setting_ids)
    read = _people_read.get()
    if read is not None:
        for setting_id in list(ids):
            if (role, setting_id) in read:
                people[setting_id] = list(read[(role, setting_id)])
                ids.discard(setting_id)
    if not ids:
        return people
    for setting_id, user_id in members(ids).values_list("care_setting_id", "user_id"):
        people[setting_id].append(user_id)
    if read is not None:
        for setting_id in ids:
            read[(role, setting_id)] = list(people.get(setting_id, []))
    return people


def managers_by_setting(setting_ids: Iterable[int]) -> dict[int, list[int]]:
    """Return the active managers' user ids of each care setting, in one query (none if no ids).

    The managers are whoever may manage the setting's staff: the permission door decides
    (``accounts.permissions.memberships_that_can``).
    """
    return _people_by_setting(
        "manager",
        setting_ids,
        lambda ids: memberships_that_can(Action.MANAGE_STAFF, ids),
    )


def dsls_by_setting(setting_ids: Iterable[int]) -> dict[int, list[int]]:
    """Return the designated safeguarding leads' user ids of each setting, in one query.

    They are whoever may triage safeguarding concerns: the permission door decides.
    """
    return _people_by_setting(
        "dsl", setting_ids, lambda ids: memberships_that_can(Action.TRIAGE_CONCERNS, ids)
    )


def key_person_or_managers(rows: list[dict[str, Any]]) -> Callable[[dict[str, Any]], list[int]]:
    """Return who is told about each child row: its key person, or without one the managers.

    The rows need ``key_person_id`` and ``care_setting_id``; the managers are read in one
    query, and only for the settings of children without a key person.
    """
    managers = managers_by_setting(
        row["care_setting_id"] for row in rows if not row["key_person_id"]
    )

    def recipients(row: dict[str, Any]) -> list[int]:
        if row["key_person_id"]:
            return [row["key_person_id"]]
        return managers.get(row["care_setting_id"], [])

    return recipients


def key_person_and_managers(
    rows: list[dict[str, Any]],
) -> Callable[[dict[str, Any]], list[int]]:
    """Return who is told about each child row: its key person first, and the managers."""
    managers = managers_by_setting(row["care_setting_id"] for row in rows)

    def recipients(row: dict[str, Any]) -> list[int]:
        people = list(managers.get(row["care_setting_id"], []))
        if row["key_person_id"] and row["key_person_id"] not in people:
            people.insert(0, row["key_person_id"])
        return people

    return recipients


def in_children(children: Any, field: str = "pk") -> dict[str, Any]:
    """Return the filter keeping a rule to ``children`` (a queryset of children), or none."""
    if children is None:
        return {}
    return {f"{field}__in": children.values("pk")}


# --- What dashboards ask ----------------------------------------------------------------


@dataclass(frozen=True)
class ToDo:
    """Something a per-child rule finds: the child's row on a dashboard shows it."""

    kind: str
    due: Due
    buddy_sees: bool

    @property
    def child_id(self) -> int | None:
        return self.due.child_id

    @property
    def recipient_id(self) -> int:
        return self.due.recipient_id

    @property
    def text(self) -> str:
        return self.due.todo or self.due.subject

    @property
    def url(self) -> str:
        return self.due.url

    @property
    def due_on(self) -> date:
        return self.due.due_on


def to_dos(*, today: date, children: Any) -> list[ToDo]:
    """Return what every per-child rule finds for these children, for every recipient.

    ``children`` is a queryset of children. Each rule runs its own set-based queries, kept
    to those children, so the count depends on the number of rules, never of children. Rows
    come in the order the rules were registered, each rule's in its own order. The
    settings' managers and DSLs are read once for all the rules.
    """
    found: list[ToDo] = []
    token = _people_read.set({})
    try:
        for rule_ in RULES.values():
            if not rule_.per_child:
                continue
            found.extend(
                ToDo(kind=rule_.kind, due=due, buddy_sees=rule_.buddy_sees)
                for due in rule_.due(today, children=children)
            )
    finally:
        _people_read.reset(token)
    return found
