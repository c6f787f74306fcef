"""Find the caller's address and keep it for the audit trail; keep answers out of caches.

``client_address`` is the one reading of the address: the audit trail and sign-in throttling
(django-axes, through ``AXES_CLIENT_IP_CALLABLE``) both use it, so a client cannot give the
audit trail one address and the throttle another.
"""

from collections.abc import Callable
from contextvars import ContextVar
from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_request_address: ContextVar[str | None] = ContextVar("request_address", default=None)


def _valid(address: str) -> str | None:
    try:
        return str(ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """Return the client's address, trusting only what the portal's own proxies wrote.

    With no reverse proxy (``EYFS_PROXY_COUNT=0``) it is the connection's peer,
    ``REMOTE_ADDR``; ``X-Forwarded-For`` is ignored, as the client writes what it likes
    there. Behind N proxies, each appending the address it was connected from, the client
    is the N-th address from the right of ``X-Forwarded-For``; what lies to its left came
    from the client. A shorter or malformed header (a request that went around the proxies)
    falls back to ``REMOTE_ADDR``.
    """
    peer = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.EYFS_PROXY_COUNT
    if proxies <= 0:
        return peer
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return peer
    return _valid(hops[-proxies]) or peer


def current_address() -> str | None:
    """Return the address of the request being answered, if any."""
    return _request_address.get()


class RequestAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _request_address.reset(token)


NO_STORE = "private, no-store"


class NoStoreMiddleware:
    """Send ``Cache-Control: private, no-store`` on every answer whose view chose no policy.

    Pages, exports and files are about children and staff, so no browser or proxy keeps a
    copy. A view that knows better sets its own header (a photo may stay in the browser's
    private cache a while). Static files never get here: WhiteNoise, placed before this in
    ``MIDDLEWARE``, answers them with their own long-lived public caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = NO_STORE
        return response
