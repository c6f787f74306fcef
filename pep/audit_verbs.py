"""What the PEP app's audit verbs say to people (registered in PepConfig.ready).

Each sub-package declares its own; every read of a PEP is audited too. PEP events are shown
only to readers who may see PEPs.
"""

from pep.board.audit_verbs import LABELS as BOARD
from pep.clock.audit_verbs import LABELS as CLOCK
from pep.meetings.audit_verbs import LABELS as MEETINGS
from pep.pack.audit_verbs import LABELS as PACK
from pep.paperwork.audit_verbs import LABELS as PAPERWORK
from pep.qa.audit_verbs import LABELS as QA

LABELS = {
    "pep.viewed": "PEP read",
    **CLOCK,
    **MEETINGS,
    **PAPERWORK,
    **QA,
    **PACK,
    **BOARD,
}
RESTRICTED = dict.fromkeys(LABELS, "view_pep")
