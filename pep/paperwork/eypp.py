"""The child's EYPP plan as the PEP reads it: one seam the EYPP app plugs into.

The PEP's "EYPP plan" section, the submission check and the PDF pack all ask
``eypp_plan_for(pep)``; none of them knows where plans are kept. The EYPP app (a higher
app than this module's readers need to know about) registers one provider at start-up::

    from pep.paperwork.eypp import EyppPlan, register_eypp_plan
    register_eypp_plan(plan_for_pep)   # (pep, access) -> EyppPlan | None

A provider returns the plan for the PEP's child and period, or None when the child has none
yet (then the section is not started and blocks submission). A child who needs no plan is
answered with a plan that ``is_ready`` and says why (``status_label``). With no provider
registered the portal does not keep EYPP plans yet: the section says so and does not block
submission. ``access`` is None when no reader is involved (the PDF pack's worker); the
provider then gives no ``url``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class EyppLine:
    """One row of a costed plan: need, action, cost and the intended impact."""

    need: str
    action: str
    cost: Decimal | None = None
    area: str = ""
    impact: str = ""


@dataclass(frozen=True)
class EyppPlan:
    """What the PEP shows of the child's EYPP plan."""

    status_label: str  # "Approved", "Draft", "Not needed: no funded hours"...
    is_ready: bool  # complete enough for the PEP's paperwork to be submitted
    summary: str = ""
    total_cost: Decimal | None = None
    url: str = ""  # where the reader sees or changes the plan, on their side
    lines: tuple[EyppLine, ...] = field(default_factory=tuple)


Provider = Callable[[Any, Any], EyppPlan | None]

_PROVIDERS: list[Provider] = []


def register_eypp_plan(provider: Provider) -> None:
    """Make ``provider(pep, access)`` the source of PEPs' EYPP plans (the last one wins)."""
    _PROVIDERS[:] = [provider]


def unregister_eypp_plan() -> None:
    """Forget the provider (tests)."""
    _PROVIDERS.clear()


def eypp_on_portal() -> bool:
    """Return whether the portal keeps EYPP plans (a provider is registered)."""
    return bool(_PROVIDERS)


def eypp_plan_for(pep: Any, *, access: Any = None) -> EyppPlan | None:
    """Return the child's EYPP plan for the PEP, or None (no plan, or none kept here)."""
    if not _PROVIDERS:
        return None
    return _PROVIDERS[0](pep, access)
