"""Moments inside the PEP app that its other parts act on.

Declared here so the part that fires one (quality assurance signs a PEP off) does not name
the part that listens (the clock opens the next cycle). Listeners register in their part's
``register.py`` and run inside the caller's transaction.
"""

from common.hooks import Hook

# pep, by, on (the date it was signed off); not fired for a correction of a signed PEP.
on_signed_off = Hook("a PEP cycle was signed off")
