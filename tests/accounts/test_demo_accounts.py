"""The sign-in page of a local run says how to sign in as a demo captain."""

import pytest
from django.core.management import call_command

from tests.support.accounts import PASSWORD


@pytest.fixture
def local_run(settings, tmp_path):
    settings.DYNAMODB_LOCAL_HOME = tmp_path
    settings.ENVIRONMENT = "local"
    settings.DEBUG = True


def seeded_passwords(tmp_path) -> dict[str, str]:
    call_command("seed_demo", verbosity=0)
    import json

    return json.loads((tmp_path / "demo-accounts.json").read_text())


def test_a_local_run_shows_the_demo_captains_and_their_passwords(client, local_run, tmp_path):
    passwords = seeded_passwords(tmp_path)
    page = client.get("/login/")
    assert page.status_code == 200
    assert "Local run: demo captains" in page.content.decode()
    for username, password in passwords.items():
        assert f"<dt>{username}</dt><dd><code>{password}</code></dd>" in page.content.decode()
    signed_in = client.post("/login/", {"username": "picard", "password": passwords["picard"]})
    assert signed_in.status_code == 302


def test_before_seeding_the_hint_says_what_creates_the_captains(client, local_run):
    page = client.get("/login/")
    assert "<code>make run</code> creates the captains" in page.content.decode()
    assert "manage.py changepassword picard" in page.content.decode()


@pytest.mark.parametrize(("environment", "debug"), [("local", False), ("production", False)])
def test_no_hint_outside_a_local_debug_run(
    client, local_run, settings, tmp_path, environment, debug
):
    passwords = seeded_passwords(tmp_path)
    settings.ENVIRONMENT, settings.DEBUG = environment, debug
    content = client.get("/login/").content.decode()
    assert "demo captains" not in content
    assert passwords["picard"] not in content
    assert PASSWORD not in content
