"""Wait until the web server answers, asking it once: scripts/run.sh prints the address then.

    python scripts/wait_for_web.py URL [PID ...]

First waits, without a request, until the URL's port accepts connections (gunicorn listens
before its workers have loaded the portal); then asks the URL once and waits for the answer.
Asking again on a timeout would put a line in the access log for every try. Any HTTP answer
means the server is serving. Gives up after TIMEOUT seconds, or as soon as none of the
given process groups (the servers run.sh started) is left.

Exit status: 0 once the server answered, 1 if it did not.
"""

import os
import socket
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

TIMEOUT = 60.0
POLL = 0.25


def accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def wait_for_web(url: str, groups: list[int], timeout: float = TIMEOUT) -> bool:
    """Return whether the server at the URL answered within the timeout."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    deadline = time.monotonic() + timeout
    while not accepts(host, port):
        if time.monotonic() >= deadline or (groups and not any(map(alive, groups))):
            return False
        time.sleep(POLL)
    try:
        urllib.request.urlopen(url, timeout=max(deadline - time.monotonic(), 1.0)).close()
    except urllib.error.HTTPError:
        pass
    except OSError:
        return False
    return True


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python scripts/wait_for_web.py URL [PID ...]", file=sys.stderr)
        return 2
    timeout = float(os.environ.get("WAIT_FOR_WEB_TIMEOUT", TIMEOUT))
    return 0 if wait_for_web(argv[0], [int(pid) for pid in argv[1:]], timeout) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
