"""manage.py seed_demo: the tutorial's captains, so a newcomer can sign in straight away."""

import json
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from apps.accounts.records import UserRecord
from apps.accounts.selectors import user_get, username_key
from apps.captains_log.models import LogEntry
from tests.support.dynamodb import PROJECT_DIR, item_count


@pytest.fixture(autouse=True)
def local_home(settings, tmp_path):
    """Generated passwords go to a DYNAMODB_LOCAL_HOME of the test's own."""
    settings.DYNAMODB_LOCAL_HOME = tmp_path
    return tmp_path


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    return {
        line.split()[2]: line.rsplit("Password: ", 1)[1].split()[0] for line in output.splitlines()
    }


def test_creates_picard_and_kirk_with_entries_and_prints_generated_passwords(client):
    output = seed()
    passwords = printed_passwords(output)
    assert set(passwords) == {"picard", "kirk"}
    assert len(list(LogEntry.query(username_key("picard")))) == 3
    assert len(list(LogEntry.query(username_key("kirk")))) == 2
    assert client.login(username="picard", password=passwords["picard"])
    assert "Farpoint Station" in client.get("/log/").content.decode()


def test_passwords_can_be_given_and_are_not_printed(client):
    output = seed("--password", "picard=Make it so 1701", "--password", "kirk=Risk is our business")
    assert "Make it so 1701" not in output
    assert "(as given)" in output
    assert user_get(username="kirk").check_password("Risk is our business")


def test_generated_passwords_are_kept_out_of_the_repo_and_printed_on_every_run(client, local_home):
    first = seed()
    passwords = printed_passwords(first)
    kept = local_home / "demo-accounts.json"
    assert f"Password: {passwords['picard']} (kept in {kept})" in first
    assert json.loads(kept.read_text()) == passwords
    again = seed()
    assert f"picard exists: left alone. Generated password: {passwords['picard']}" in again
    assert f"kirk exists: left alone. Generated password: {passwords['kirk']}" in again
    assert client.login(username="kirk", password=passwords["kirk"])
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(PROJECT_DIR / ".dynamodb" / "demo-accounts.json")],
        cwd=PROJECT_DIR,
    )
    assert ignored.returncode == 0


def test_given_passwords_are_not_kept(local_home):
    seed("--password", "picard=Make it so 1701")
    kept = json.loads((local_home / "demo-accounts.json").read_text())
    assert "picard" not in kept
    assert "Make it so 1701" not in (local_home / "demo-accounts.json").read_text()
    assert "Reset its password with `manage.py changepassword picard`" in seed()


def test_running_again_changes_nothing():
    seed("--password", "picard=First password 1")
    output = seed("--password", "picard=Second password 2")
    assert "picard exists: left alone" in output
    assert user_get(username="picard").check_password("First password 1")
    assert item_count(LogEntry) == 5
    assert item_count(UserRecord) == 2


def test_dry_run_writes_nothing():
    output = seed("--dry-run")
    assert "Would create picard with 3 log entries." in output
    assert item_count(UserRecord) == 0


@pytest.mark.parametrize("pair", ["picard", "spock=x", "picard="])
def test_malformed_password_options_are_refused(pair):
    with pytest.raises(CommandError, match="CAPTAIN=PASSWORD"):
        seed("--password", pair)


@override_settings(DYNAMODB_ENDPOINT_URL=None)
def test_refuses_a_dynamodb_that_is_not_local_without_force():
    with pytest.raises(CommandError, match="not a local DynamoDB"):
        seed()
    assert item_count(UserRecord) == 0
