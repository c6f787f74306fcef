"""Sign-in throttling: django-axes, with a limit per account and address and one per address.

Axes counts failed sign-ins for each combination in ``AXES_LOCKOUT_PARAMETERS`` and compares
the largest count with one limit. Two limits are needed here: a few failures on one account
from one address (someone guessing a password, ``AXES_FAILURE_LIMIT``) and more failures
across any accounts from one address (someone trying one password on many accounts,
``EYFS_LOGIN_ADDRESS_FAILURE_LIMIT``, higher because colleagues share an office's address).
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

ADDRESS_ONLY = ("ip_address", ["ip_address"])


class SignInThrottleHandler(AxesDatabaseHandler):
    """Lock out an account at one address after a few failures, an address after more."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """Return the failures counting against this sign-in, measured against AXES_FAILURE_LIMIT.

        An address that reached its own limit counts as having reached the account limit;
        below it, only the account's failures from that address count.
        """
        account_limit = get_failure_limit(request, credentials)
        counted = 0
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter in ADDRESS_ONLY:
                reached = failures >= settings.EYFS_LOGIN_ADDRESS_FAILURE_LIMIT
                failures = account_limit if reached else 0
            counted = max(counted, failures)
        return counted

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """Forget this account's failures from this address, not the address's other ones.

        Axes would forget every failure from the address, so whoever holds one account could
        wipe the count of a password spray by signing in between tries.
        """
        deleted, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return deleted
