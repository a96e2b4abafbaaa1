"""The sign-in page of a local run says how to sign in as a demo captain."""

import pytest
from django.core.management import call_command

from tests.support.accounts import PASSWORD


@pytest.fixture
def local_run(settings, tmp_path):
    """A local run: DJANGO_ENV=local, the tables in a DynamoDB Local of this machine."""
    settings.DYNAMODB_LOCAL_HOME = tmp_path
    settings.ENVIRONMENT = "local"


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


@pytest.mark.parametrize(
    ("environment", "endpoint"),
    [("production", None), ("local", None), ("local", "https://dynamodb.us-east-1.amazonaws.com")],
    ids=["production", "local settings on AWS's DynamoDB", "local settings on a remote endpoint"],
)
def test_no_hint_outside_a_local_run(client, local_run, settings, tmp_path, environment, endpoint):
    passwords = seeded_passwords(tmp_path)
    # Only where the settings say the tables are changes: the models keep the tests' tables.
    settings.ENVIRONMENT, settings.DYNAMODB_ENDPOINT_URL = environment, endpoint
    content = client.get("/login/").content.decode()
    assert "demo captains" not in content
    assert passwords["picard"] not in content
    assert PASSWORD not in content
