"""`make run` on other ports, for a second checkout or a port already in use."""

import os
import subprocess

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
    lines = make_dry_run("run", "PORT=8010", "DYNAMODB_PORT=8011")
    local = "DYNAMODB_ENDPOINT_URL=http://127.0.0.1:8011 .venv/bin/python manage.py"
    assert f"{local} dynamodb_local start" in lines
    assert f"{local} dynamodb_tables create" in lines
    assert f"{local} seed_demo" in lines
    assert f"{local} stream_worker start" in lines
    assert f"{local} runserver 127.0.0.1:8010" in lines


def test_make_run_defaults_to_8000_and_8001_and_stop_follows_the_port():
    lines = make_dry_run("run")
    assert lines[-1].endswith("manage.py runserver 127.0.0.1:8000")
    assert "DYNAMODB_ENDPOINT_URL=http://127.0.0.1:8001" in lines[-1]
    stop = make_dry_run("stop", "DYNAMODB_PORT=8011")
    assert stop[-2].endswith("manage.py stream_worker stop")
    assert stop[-1].startswith("DYNAMODB_ENDPOINT_URL=http://127.0.0.1:8011 ")
    assert stop[-1].endswith("manage.py dynamodb_local stop")
