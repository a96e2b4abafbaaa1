"""Demo accounts' generated passwords, kept for local runs only.

`manage.py seed_demo` generates the demo captains' passwords. So that they do not
scroll away once, it keeps them in DYNAMODB_LOCAL_HOME/demo-accounts.json, which
is git-ignored and sits beside the local tables they belong to; the sign-in page
shows them on a local run (DJANGO_ENV=local, the tables in a DynamoDB Local on
this machine). Nothing here is read on AWS.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

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
