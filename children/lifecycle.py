"""Moments in a child's time at a setting that apps above children act on.

children declares them, fires them from ``children.services`` inside the transaction that
records the change, and knows no listener: higher apps register in ``AppConfig.ready``
(the key-person app ends allocations when a child leaves or moves; learning queues the
leaving summary). A listener that sends anything out of the process (a task, an e-mail)
does it through ``transaction.on_commit``.
"""

from common.hooks import Hook

# child, by
on_joined = Hook("a child joined a setting")
# child, by (the record now says looked after by a local authority)
on_entered_care = Hook("a child became looked after")
# child, by (the record no longer says looked after)
on_left_care = Hook("a child stopped being looked after")
# child, by, from_setting, to_setting, moved_on
on_moved = Hook("a child moved to another setting on the portal")
# child, by, left_on, recorded (False when the same leave was saved before)
on_left = Hook("a child left their setting")
