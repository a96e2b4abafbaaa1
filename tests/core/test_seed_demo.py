"""manage.py seed_demo: the tutorial's captains and every app's demo data for them, so a
newcomer can sign in straight away and find something in every app."""

import json
import re
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from apps.accounts.records import UserRecord
from apps.accounts.selectors import user_get, username_key
from apps.captains_log.models import LogEntry
from apps.dwipper.demo import DWIPPS
from apps.dwipper.models import Dwipp
from apps.todos.models import Record
from tests.support.accounts import PASSWORD, account_create
from tests.support.dynamodb import PROJECT_DIR, item_count

CREATED = re.compile(r"^Accounts: created (\w+)\. Password: (\S+)", re.MULTILINE)


@pytest.fixture(autouse=True)
def local_home(settings, tmp_path):
    """Generated passwords go to a DYNAMODB_LOCAL_HOME of the test's own."""
    settings.DYNAMODB_LOCAL_HOME = tmp_path
    return tmp_path


def seed(*args, verbosity: int = 1) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, verbosity=verbosity)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    return dict(CREATED.findall(output))


def demo_items() -> dict[str, int]:
    return {
        "users": item_count(UserRecord),
        "log entries": item_count(LogEntry),
        "todo records": item_count(Record),
        "dwipps": item_count(Dwipp),
    }


def test_creates_picard_and_kirk_with_entries_and_prints_generated_passwords(client):
    output = seed()
    passwords = printed_passwords(output)
    assert set(passwords) == {"picard", "kirk"}
    assert len(list(LogEntry.query(username_key("picard")))) == 3
    assert len(list(LogEntry.query(username_key("kirk")))) == 2
    assert client.login(username="picard", password=passwords["picard"])
    assert "Farpoint Station" in client.get("/log/").content.decode()


def test_prints_what_it_made_for_every_app_that_has_demo_data():
    output = seed("--password", "picard=Make it so 1701").splitlines()
    assert output[0] == "Accounts: created picard. Password: (as given)"
    assert output[1].startswith("Accounts: created kirk. Password: ")
    assert output[2:] == [
        "Captain's log: made 3 log entries for picard.",
        "Captain's log: made 2 log entries for kirk.",
        "Todos: made an Inbox with 3 todos for picard.",
        "Todos: made an Inbox with 2 todos for kirk.",
        "Dwipper: made 3 dwipps for picard.",
        "Dwipper: made 2 dwipps, follows, upvotes and talks with picard for kirk.",
    ]


def test_verbosity_two_also_names_the_apps_without_demo_data_and_zero_prints_nothing():
    assert seed(verbosity=0) == ""
    output = seed(verbosity=2).splitlines()
    for app in ("Core", "URL shortener", "Signed bills"):
        assert f"{app}: no demo data." in output
    for app in ("Captain's log", "Todos", "Dwipper"):
        assert f"{app}: nothing new." in output


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


def test_running_again_changes_nothing_in_any_app():
    seed("--password", "picard=First password 1")
    made = demo_items()
    output = seed("--password", "picard=Second password 2")
    assert "picard exists: left alone" in output
    for app in ("Captain's log", "Todos", "Dwipper"):
        assert f"{app}: nothing new." in output
    assert user_get(username="picard").check_password("First password 1")
    assert demo_items() == made
    assert made["users"] == 2
    assert made["log entries"] == 5


def test_a_captain_who_exists_is_left_alone_and_the_other_befriends_them(client):
    account_create("Picard")
    output = seed()
    assert "Accounts: picard exists: left alone." in output
    assert "Captain's log: made 2 log entries for kirk." in output
    assert "Dwipper: made 2 dwipps, follows, upvotes and talks with picard for kirk." in output
    assert "for picard" not in output
    assert item_count(LogEntry) == 2
    assert client.login(username="picard", password=PASSWORD)
    profile = client.get("/dwipper/u/picard/").content.decode()
    assert "<strong>1</strong> follower" in profile
    assert "<strong>1</strong> following" in profile
    assert DWIPPS["kirk"][0] in client.get("/dwipper/following/").content.decode()


def test_dry_run_says_what_each_app_would_make_and_writes_nothing():
    output = seed("--dry-run")
    assert "Accounts: would create picard." in output
    assert "Captain's log: would make 3 log entries for picard." in output
    assert "Todos: would make an Inbox with 2 todos for kirk." in output
    assert "Dwipper: would make 3 dwipps for picard." in output
    assert demo_items() == {"users": 0, "log entries": 0, "todo records": 0, "dwipps": 0}


@pytest.mark.parametrize("pair", ["picard", "spock=x", "picard=", "=x"])
def test_malformed_password_options_are_refused_before_anything_is_written(pair):
    with pytest.raises(CommandError, match="CAPTAIN=PASSWORD"):
        seed("--password", pair)
    assert demo_items()["users"] == 0


@override_settings(DYNAMODB_ENDPOINT_URL=None)
def test_refuses_a_dynamodb_that_is_not_local_without_force():
    with pytest.raises(CommandError, match="not a local DynamoDB"):
        seed()
    assert item_count(UserRecord) == 0
