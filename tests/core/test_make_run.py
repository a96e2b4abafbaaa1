"""`make run`: the ports it is given, what it installs, and the block it prints when the site
is up."""

import http.server
import json
import os
import subprocess
import threading

import pytest
from django.core.management import CommandError, call_command

from apps.core.mail import HEADING
from tests.support.dynamodb import PROJECT_DIR


def make_dry_run(*args) -> list[str]:
    # Run under `make test` too: without the outer make's variables and directory notes.
    outer = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "PORT", "DYNAMODB_PORT")
    env = {k: v for k, v in os.environ.items() if k not in outer}
    result = subprocess.run(
        ["make", "--no-print-directory", "--dry-run", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_make_run_serves_on_the_ports_it_is_given():
    lines = make_dry_run("run", "PORT=8010", "DYNAMODB_PORT=8011", "STRIPE_PORT=8012")
    local = (
        "DYNAMODB_ENDPOINT_URL=http://127.0.0.1:8011 STRIPE_API_BASE=http://127.0.0.1:8012 "
        ".venv/bin/python manage.py"
    )
    assert f"{local} dynamodb_local start" in lines
    assert f"{local} localstripe start --site http://127.0.0.1:8010" in lines
    assert f"{local} dynamodb_tables create" in lines
    assert f"{local} seed_demo" in lines
    assert f"{local} stream_worker start" in lines
    assert lines[-1] == (
        f"{local} site_ready http://127.0.0.1:8010/ & {local} runserver 127.0.0.1:8010"
    )


def test_make_run_defaults_to_8000_and_8001_and_stop_follows_the_port():
    lines = make_dry_run("run")
    assert lines[-1].endswith("manage.py runserver 127.0.0.1:8000")
    assert "DYNAMODB_ENDPOINT_URL=http://127.0.0.1:8001" in lines[-1]
    assert "STRIPE_API_BASE=http://127.0.0.1:8002" in lines[-1]
    stop = make_dry_run("stop", "DYNAMODB_PORT=8011", "STRIPE_PORT=8012")
    assert stop[-3].endswith("manage.py stream_worker stop")
    assert "STRIPE_API_BASE=http://127.0.0.1:8012 " in stop[-2]
    assert stop[-2].endswith("manage.py localstripe stop")
    assert stop[-1].startswith("DYNAMODB_ENDPOINT_URL=http://127.0.0.1:8011 ")
    assert stop[-1].endswith("manage.py dynamodb_local stop")


def test_make_run_installs_with_uv_what_the_site_runs_on_and_localstripe(tmp_path):
    fresh = f"VENV={tmp_path / 'venv'}"
    run = "\n".join(make_dry_run("run", fresh))
    assert f"-m venv --without-pip {tmp_path / 'venv'}" in run
    assert f"--target {tmp_path / 'venv'}/uv uv==" in run
    assert f"{tmp_path / 'venv'}/uv/bin/uv pip install --quiet --python" in run
    assert "--no-deps -r requirements.txt" in run
    # localstripe, which `make run` starts, is a development tool (requirements-dev.txt).
    assert "-r requirements-dev.txt" in run
    test = "\n".join(make_dry_run("test", fresh))
    assert "uv pip install --quiet --python" in test
    assert "-r requirements-dev.txt" in test


@pytest.fixture
def site():
    """A stand-in for runserver: any page answers."""
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_when_the_site_answers_make_run_says_where_everything_is(site, settings, tmp_path, capsys):
    settings.DYNAMODB_LOCAL_HOME = tmp_path
    settings.DYNAMODB_ENDPOINT_URL = "http://127.0.0.1:8011"
    settings.EMAIL_BACKEND = "apps.core.mail.TerminalEmailBackend"
    (tmp_path / "demo-accounts.json").write_text(json.dumps({"picard": "p1", "kirk": "k2"}))
    call_command("site_ready", site)
    printed = capsys.readouterr().out.splitlines()
    assert printed[1:-1] == [
        f"The site is up: {site}",
        "Demo accounts (also on the sign-in page):",
        "  picard  p1",
        "  kirk    k2",
        f'Email is not sent: each message is printed here, headed "{HEADING}".',
        f"The background worker's lines: tail -f {tmp_path / 'stream-worker.log'}",
        "Stop: Ctrl+C, then `make stop DYNAMODB_PORT=8011` "
        "for the worker, localstripe and DynamoDB Local.",
    ]
    assert printed[0] == printed[-1] == "-" * 72


def test_if_the_site_never_answers_make_run_prints_no_block(capsys):
    from apps.core.dynamodb.local import free_port

    with pytest.raises(CommandError, match=r"did not answer within 0\.5 s"):
        call_command("site_ready", f"http://127.0.0.1:{free_port()}/", timeout=0.5)
    assert "The site is up" not in capsys.readouterr().out
