"""Fill a local site with demo data: the tutorial's captains, and every app's demo items for them.

    manage.py seed_demo                                  # generated passwords, printed
    manage.py seed_demo --password picard='Make it so 1701'
    manage.py seed_demo --dry-run
    manage.py seed_demo --verbosity 2                    # also names the apps without demo data

Every app whose AppConfig names a ``demo_seed`` (the app contract,
apps/core/apps.py) gets it called, in INSTALLED_APPS order: accounts creates
the demo users picard and kirk, then each app gives the users created in this
run its demo data (log entries, todos, dwipps), and the command prints what
each app made. A demo user who already exists is left alone, with everything
of theirs, so running it again changes nothing (`make run` runs it every time).

Generated passwords are kept in DYNAMODB_LOCAL_HOME/demo-accounts.json
(git-ignored, never in the repository), printed again on every run and shown on
the sign-in page of a local run; passwords given with --password are neither
kept nor printed. A lost one is reset with `manage.py changepassword picard`. It
refuses to write to a DynamoDB that is not DynamoDB Local on this machine unless
given --force.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.apps import DemoRun, site_app_configs
from apps.core.dynamodb.tables import is_local_endpoint

PAIR_MALFORMED = "--password takes CAPTAIN=PASSWORD: a demo user's name and a password."


class Command(BaseCommand):
    help = (
        "Create the demo captains picard and kirk and every app's demo data for them; "
        "existing captains are left alone. Passwords come from --password or are generated "
        "and printed."
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
        if not (force or is_local_endpoint()):
            raise CommandError(
                f"Refusing to seed demo captains into tables '{settings.DYNAMODB_TABLE_PREFIX}*' "
                f"on {settings.DYNAMODB_ENDPOINT_URL or 'AWS'}: not a local DynamoDB. "
                "Add --force if you mean it."
            )
        run = DemoRun(dry_run=dry_run, passwords=_passwords(password))
        for config in site_app_configs():
            demo_seed = config.hook("demo_seed")
            if demo_seed is None:
                self._say(verbosity, 2, f"{config.verbose_name}: no demo data.")
                continue
            for sentence in demo_seed(run) or ["nothing new."]:
                self._say(verbosity, 1, f"{config.verbose_name}: {sentence}")

    def _say(self, verbosity: int, level: int, text: str) -> None:
        if verbosity >= level:
            self.stdout.write(text)


def _passwords(pairs: list[str]) -> dict[str, str]:
    passwords = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not (name and separator and value):
            raise CommandError(PAIR_MALFORMED)
        passwords[name] = value
    return passwords
