"""What the EYPP app's audit verbs say to people (registered in EyppConfig.ready).

Each part declares its own. EYPP events are shown only to readers who may see EYPP records.
"""

from eypp.document.audit_verbs import LABELS as DOCUMENT
from eypp.eligibility.audit_verbs import LABELS as ELIGIBILITY
from eypp.funding.audit_verbs import LABELS as FUNDING
from eypp.impact.audit_verbs import LABELS as IMPACT
from eypp.plans.audit_verbs import LABELS as PLANS
from eypp.review.audit_verbs import LABELS as REVIEW

LABELS = {
    **ELIGIBILITY,
    **FUNDING,
    **PLANS,
    **IMPACT,
    **DOCUMENT,
    **REVIEW,
}
RESTRICTED = dict.fromkeys(LABELS, "view_eypp")
