"""`make run` (scripts/run.sh): its start-up steps and its one health check."""

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
RUN_SH = SCRIPTS / "run.sh"
WAIT_FOR_WEB = SCRIPTS / "wait_for_web.py"


def step_lines(script: str) -> list[str]:
    """Return the script's lines that run a manage.py command or start a server."""
    return [
        line.strip()
        for line in script.splitlines()
        if re.search(r"manage\.py \w+|^start \w+|wait_for_web\.py", line.strip())
        and not line.strip().startswith("#")
    ]


def test_run_sweeps_reminders_after_the_demo_data_and_before_serving():
    steps = step_lines(RUN_SH.read_text())
    seed = next(i for i, line in enumerate(steps) if "manage.py seed_demo" in line)
    sweep = next(i for i, line in enumerate(steps) if "manage.py send_reminders" in line)
    serve = next(i for i, line in enumerate(steps) if line.startswith("start web"))

    assert seed < sweep < serve
    # Only the sweep: digests are e-mailed by the schedule, not at every start.
    assert "--no-email" in steps[sweep]


def test_run_waits_for_the_web_server_with_one_health_check():
    script = RUN_SH.read_text()

    asks = re.findall(r".*\$\{url\}healthz.*", script)
    assert len(asks) == 1
    assert 'wait_for_web.py "${url}healthz"' in asks[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SlowHealthCheck(BaseHTTPRequestHandler):
    """Answers like gunicorn while its workers load the portal: after a while."""

    requests: list[str] = []
    delay = 2.5

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def late_slow_server() -> Iterator[int]:
    """A server that starts listening a second from now, then answers slowly."""
    port = free_port()
    SlowHealthCheck.requests = []
    servers: list[ThreadingHTTPServer] = []

    def serve() -> None:
        time.sleep(1)
        server = ThreadingHTTPServer(("127.0.0.1", port), SlowHealthCheck)
        servers.append(server)
        server.serve_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield port
    while not servers and thread.is_alive():
        time.sleep(0.1)
    for server in servers:
        server.shutdown()
        server.server_close()


def test_waiting_for_the_web_server_asks_its_health_check_once(late_slow_server):
    url = f"http://127.0.0.1:{late_slow_server}/healthz"

    done = subprocess.run([sys.executable, str(WAIT_FOR_WEB), url], timeout=30)

    assert done.returncode == 0
    assert SlowHealthCheck.requests == ["/healthz"]


def test_waiting_gives_up_when_nothing_listens():
    url = f"http://127.0.0.1:{free_port()}/healthz"

    done = subprocess.run(
        [sys.executable, str(WAIT_FOR_WEB), url],
        env={"WAIT_FOR_WEB_TIMEOUT": "1", "PATH": "/usr/bin:/bin"},
        timeout=30,
    )

    assert done.returncode == 1


def test_waiting_stops_when_the_servers_have_stopped():
    finished = subprocess.Popen(["true"], start_new_session=True)
    finished.wait()
    url = f"http://127.0.0.1:{free_port()}/healthz"
    started = time.monotonic()

    done = subprocess.run([sys.executable, str(WAIT_FOR_WEB), url, str(finished.pid)], timeout=30)

    assert done.returncode == 1
    assert time.monotonic() - started < 10
