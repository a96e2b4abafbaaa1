"""Create the tutorial's captains, picard and kirk, with a few log entries each.

    manage.py seed_demo                                  # generated passwords, printed
    manage.py seed_demo --password picard='Make it so 1701'
    manage.py seed_demo --dry-run

Other apps add their own demo data for each captain created: an AppConfig
naming a ``demo_seed`` function (called with ``username=``) gets it called.

A captain who already exists is left alone, with their password and log, so
running it again changes nothing (`make run` runs it every time). Generated
passwords are kept in DYNAMODB_LOCAL_HOME/demo-accounts.json (git-ignored, never
in the repository), printed again on every run and shown on the sign-in page of
a local run; passwords given with --password are neither kept nor printed. A
lost one is reset with `manage.py changepassword picard`. It refuses to write to
a DynamoDB that is not DynamoDB Local on this machine unless given --force.
"""

import secrets
from datetime import UTC, datetime

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from apps.accounts.demo import demo_accounts_path, demo_password_save, demo_passwords
from apps.accounts.selectors import user_get, username_key
from apps.accounts.services import user_create
from apps.captains_log.services import entry_create
from apps.core.dynamodb.tables import is_local_endpoint

CAPTAINS = {
    "picard": {
        "email": "picard@enterprise.example",
        "first_name": "Jean-Luc",
        "last_name": "Picard",
        "entries": [
            (
                datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
                "Farpoint Station",
                "We have arrived at Farpoint Station. The Bandi are eager to have Starfleet "
                "use their base, but something about their generosity troubles me.",
            ),
            (
                datetime(2026, 4, 2, 16, 5, tzinfo=UTC),
                "An old friend",
                "Q has appeared on the bridge again. He insists humanity is on trial. "
                "I have asked Counselor Troi to join me in the ready room.",
            ),
            (
                datetime(2026, 5, 21, 22, 40, tzinfo=UTC),
                "Tea, Earl Grey, hot",
                "A quiet evening at last. The replicator got it right on the first try.",
            ),
        ],
    },
    "kirk": {
        "email": "kirk@enterprise.example",
        "first_name": "James T.",
        "last_name": "Kirk",
        "entries": [
            (
                datetime(2026, 2, 8, 11, 0, tzinfo=UTC),
                "Shore leave",
                "The crew is beaming down for shore leave. Mr. Spock reports that the planet "
                "shows no signs of intelligent life. I am not so sure.",
            ),
            (
                datetime(2026, 6, 30, 7, 45, tzinfo=UTC),
                "The Kobayashi Maru",
                "I don't believe in the no-win scenario.",
            ),
        ],
    },
}


class Command(BaseCommand):
    help = (
        "Create the demo captains picard and kirk with a few log entries each; existing "
        "captains are left alone. Passwords come from --password or are generated and printed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            action="append",
            default=[],
            metavar="CAPTAIN=PASSWORD",
            help="A captain's password, e.g. --password picard='Make it so 1701' (repeatable).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be created.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow writing to a DynamoDB that is not DynamoDB Local on this machine.",
        )

    def handle(self, *args, password, dry_run, force, verbosity, **options):
        self.verbosity = verbosity
        if not (force or is_local_endpoint()):
            raise CommandError(
                f"Refusing to seed demo captains into tables '{settings.DYNAMODB_TABLE_PREFIX}*' "
                f"on {settings.DYNAMODB_ENDPOINT_URL or 'AWS'}: not a local DynamoDB. "
                "Add --force if you mean it."
            )
        given = _passwords(password)
        for name, captain in CAPTAINS.items():
            if user_get(username=name) is not None:
                self._say(1, f"{name} exists: left alone. {_password_note(name)}")
                continue
            if dry_run:
                self._say(1, f"Would create {name} with {len(captain['entries'])} log entries.")
                continue
            self._create(name, captain, given.get(name))

    def _create(self, name, captain, password):
        chosen = password or secrets.token_urlsafe(12)
        user_create(
            username=name,
            email=captain["email"],
            password=chosen,
            first_name=captain["first_name"],
            last_name=captain["last_name"],
        )
        for created, title, text in captain["entries"]:
            entry_create(captain=username_key(name), title=title, text=text, at=created)
        for config in apps.get_app_configs():
            if getattr(config, "demo_seed", None):
                made = import_string(config.demo_seed)(username=name)
                self._say(2, f"{config.verbose_name}: {made} demo items for {name}.")
        # Only a generated password is kept: a chosen one is the user's to remember.
        demo_password_save(name, None if password else chosen)
        shown = "(as given)" if password else f"{chosen} (kept in {demo_accounts_path()})"
        self._say(
            1,
            f"Created captain {name} with {len(captain['entries'])} log entries. Password: {shown}",
        )

    def _say(self, level, text):
        if self.verbosity >= level:
            self.stdout.write(text)


def _password_note(name: str) -> str:
    saved = demo_passwords().get(name)
    if saved:
        return f"Generated password: {saved}"
    return f"Reset its password with `manage.py changepassword {name}`."


def _passwords(pairs: list[str]) -> dict[str, str]:
    passwords = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or name not in CAPTAINS or not value:
            raise CommandError(f"--password takes CAPTAIN=PASSWORD for {' or '.join(CAPTAINS)}.")
        passwords[name] = value
    return passwords
