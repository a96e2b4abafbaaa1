"""manage.py dynamodb_local: what `make run` and `make stop` use."""

import http.server
import os
import subprocess
import sys
import threading

import pytest

from apps.core import dynamodb_local
from tests.support.dynamodb import LOCAL_HOME, PROJECT_DIR


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


def test_start_reuses_a_dynamodb_local_that_already_answers(dynamodb):
    result = manage("start", DYNAMODB_ENDPOINT_URL=dynamodb.url)
    assert result.returncode == 0, result.stderr
    assert f"already answers on port {dynamodb.port}; reusing it" in result.stdout


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
    finally:
        stopped = manage("stop", **env)
    assert "DynamoDB Local stopped." in stopped.stdout
    assert not dynamodb_local.answers(port)
    assert "does not answer" in manage("status", **env).stdout


def test_commands_refuse_an_endpoint_that_is_not_local():
    result = manage("start", DYNAMODB_ENDPOINT_URL="https://dynamodb.eu-central-1.amazonaws.com")
    assert result.returncode == 1
    assert "is not on this machine" in result.stderr
