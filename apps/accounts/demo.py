"""The demo users, picard and kirk, and their generated passwords, for local runs only.

``manage.py seed_demo`` calls ``demo_seed`` (AccountsConfig.demo_seed, the app
contract) before any app's, so that the apps can give the users it creates
their demo data. A demo user who exists is left alone, password and all.

So that generated passwords do not scroll away once, they are kept in
DYNAMODB_LOCAL_HOME/demo-accounts.json, which is git-ignored and sits beside
the local tables they belong to; the sign-in page shows them on a local run
(DJANGO_ENV=local, the tables in a DynamoDB Local on this machine). Nothing here is read on AWS.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from apps.accounts.selectors import user_get
from apps.accounts.services import user_create
from apps.core.apps import DemoRun

DEMO_USERS = {
    "picard": {
        "email": "picard@enterprise.example",
        "first_name": "Jean-Luc",
        "last_name": "Picard",
    },
    "kirk": {"email": "kirk@enterprise.example", "first_name": "James T.", "last_name": "Kirk"},
}
PASSWORD_OPTION = f"--password takes CAPTAIN=PASSWORD for {' or '.join(DEMO_USERS)}."
FILE_NAME = "demo-accounts.json"


def demo_accounts_path() -> Path:
    return Path(settings.DYNAMODB_LOCAL_HOME) / FILE_NAME


def demo_accounts_shown() -> bool:
    """Demo passwords may be shown: a local run on a DynamoDB Local of this machine."""
    from apps.core.dynamodb.tables import is_local_endpoint

    return settings.ENVIRONMENT == "local" and is_local_endpoint()


def demo_passwords() -> dict[str, str]:
    """Username -> generated password, as seed_demo saved them (empty if none)."""
    try:
        saved = json.loads(demo_accounts_path().read_text())
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in saved.items()} if isinstance(saved, dict) else {}


def demo_password_save(username: str, password: str | None) -> None:
    """Keep a generated password, or forget it (None: the password was chosen, not generated)."""
    saved = demo_passwords()
    if password is None:
        saved.pop(username, None)
    else:
        saved[username] = password
    path = demo_accounts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=2) + "\n")
    path.chmod(0o600)


def demo_seed(run: DemoRun) -> list[str]:
    """Create the demo users who do not exist yet (``run.new_users``); say who and how."""
    if set(run.passwords) - set(DEMO_USERS):
        raise CommandError(PASSWORD_OPTION)
    said = []
    for name, profile in DEMO_USERS.items():
        if user_get(username=name) is not None:
            said.append(f"{name} exists: left alone. {_password_note(name)}")
            continue
        run.new_users.append(name)
        if run.dry_run:
            said.append(f"would create {name}.")
        else:
            said.append(_demo_user_create(name, profile, run.passwords.get(name)))
    return said


def _demo_user_create(name: str, profile: dict, password: str | None) -> str:
    chosen = password or secrets.token_urlsafe(12)
    user_create(username=name, password=chosen, **profile)
    # Only a generated password is kept: a chosen one is the user's to remember.
    demo_password_save(name, None if password else chosen)
    shown = "(as given)" if password else f"{chosen} (kept in {demo_accounts_path()})"
    return f"created {name}. Password: {shown}"


def _password_note(name: str) -> str:
    saved = demo_passwords().get(name)
    if saved:
        return f"Generated password: {saved}"
    return f"Reset its password with `manage.py changepassword {name}`."
