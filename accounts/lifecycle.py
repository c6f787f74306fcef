"""Moments in a person's working life that apps above accounts act on.

accounts declares them and knows no listener: the key-person app, for one, ends the
allocations of a member of staff who leaves (``keypersons.apps``).
"""

from common.hooks import Hook

# membership (now inactive), by (who deactivated them), reason
on_staff_left = Hook("a member of staff left a setting")
