"""Keep the caller's address where the audit trail can find it."""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from ipware import get_client_ip

_request_address: ContextVar[str | None] = ContextVar("request_address", default=None)


def current_address() -> str | None:
    """Return the address of the request being answered, if any."""
    return _request_address.get()


class RequestAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address, _routable = get_client_ip(request)
        token = _request_address.set(address)
        try:
            return self.get_response(request)
        finally:
            _request_address.reset(token)
