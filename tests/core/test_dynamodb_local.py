"""manage.py dynamodb_local: what `make run` and `make stop` use."""

import http.server
import os
import socket
import subprocess
import sys
import threading

import pytest

from apps.core.dynamodb import local as dynamodb_local
from tests.support.dynamodb import LOCAL_HOME, PROJECT_DIR

pytestmark = pytest.mark.slow


def manage(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "dynamodb_local", *args],
        cwd=PROJECT_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def local_home(tmp_path):
    """A DYNAMODB_LOCAL_HOME of its own that shares the already fetched jar."""
    (tmp_path / "dist").symlink_to(LOCAL_HOME / "dist")
    return tmp_path


def test_missing_java_is_one_clear_line():
    result = manage("install", PATH="/nowhere")
    assert result.returncode == 1
    assert result.stderr.strip() == f"CommandError: {dynamodb_local.JAVA_MISSING}"


def test_start_refuses_a_dynamodb_it_did_not_start_and_says_whose(dynamodb, local_home):
    result = manage(
        "start", DYNAMODB_ENDPOINT_URL=dynamodb.url, DYNAMODB_LOCAL_HOME=str(local_home)
    )
    assert result.returncode == 1
    assert f"A DynamoDB that this checkout did not start answers on port {dynamodb.port}" in (
        result.stderr
    )
    assert f"(pid {dynamodb.process.pid}, in memory)" in result.stderr
    assert f"this checkout's data is in {local_home / 'data'}" in result.stderr
    assert f"make run DYNAMODB_PORT={dynamodb.port + 10}" in result.stderr


def test_dynamodb_local_listens_on_the_loopback_address_only(dynamodb):
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    assert dynamodb_local.answers(dynamodb.port)
    with socket.socket() as sock:
        sock.settimeout(2)
        assert sock.connect_ex((address, dynamodb.port)) != 0


def non_loopback_address() -> str | None:
    """This machine's address on its outgoing interface (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = sock.getsockname()[0]
    return None if address.startswith("127.") else address


def test_start_refuses_a_port_held_by_something_else(local_home):
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        result = manage(
            "start",
            DYNAMODB_ENDPOINT_URL=f"http://127.0.0.1:{port}",
            DYNAMODB_LOCAL_HOME=str(local_home),
        )
    finally:
        server.shutdown()
    assert result.returncode == 1
    assert f"Port {port} is taken by something that is not DynamoDB" in result.stderr


def test_start_keeps_running_in_the_background_until_stop(local_home):
    port = dynamodb_local.free_port()
    env = {
        "DYNAMODB_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "DYNAMODB_LOCAL_HOME": str(local_home),
    }
    try:
        started = manage("start", **env)
        assert started.returncode == 0, started.stderr
        assert "DynamoDB Local started" in started.stdout
        assert dynamodb_local.answers(port)
        assert "answers" in manage("status", **env).stdout
        assert (local_home / "data" / "dynamodb-local.pid").exists()
        again = manage("start", **env)
        assert again.returncode == 0, again.stderr
        assert f"This checkout's DynamoDB Local (pid {pid_of(local_home)}, data in " in again.stdout
        assert f"already answers on port {port}; reusing it" in again.stdout
        # Commands run without make (no DYNAMODB_ENDPOINT_URL) reach the port start recorded.
        tables = subprocess.run(
            [sys.executable, "manage.py", "dynamodb_tables", "status"],
            cwd=PROJECT_DIR,
            env={**without_endpoint(), "DYNAMODB_LOCAL_HOME": str(local_home)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert f"at http://127.0.0.1:{port}:" in tables.stdout, tables.stderr
    finally:
        stopped = manage("stop", **env)
    assert "DynamoDB Local stopped." in stopped.stdout
    assert not dynamodb_local.answers(port)
    assert "does not answer" in manage("status", **env).stdout


def test_commands_refuse_an_endpoint_that_is_not_local():
    result = manage("start", DYNAMODB_ENDPOINT_URL="https://dynamodb.eu-central-1.amazonaws.com")
    assert result.returncode == 1
    assert "is not on this machine" in result.stderr


def pid_of(local_home) -> int:
    return int((local_home / "data" / "dynamodb-local.pid").read_text())


def without_endpoint() -> dict:
    return {k: v for k, v in os.environ.items() if k != "DYNAMODB_ENDPOINT_URL"}
