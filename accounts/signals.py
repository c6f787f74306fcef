"""Put sign-ins, sign-outs and failed sign-ins in the audit trail."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from common.audit import audit_record


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, verb="user.signed_in", target=user)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, verb="user.signed_out", target=user)


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Record the address typed, never the password.
    audit_record(
        actor=None,
        verb="user.sign_in_failed",
        changes={"email": str(credentials.get("username", ""))[:254]},
    )
