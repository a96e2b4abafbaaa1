"""Delete accounts with everything that is theirs, as the profile's "Delete account" does.

    manage.py account_delete picard               # delete, or finish a deletion cut short
    manage.py account_delete picard kirk --dry-run

A deletion that failed part-way (DynamoDB down) leaves the account closed:
nobody can sign in or use it, and its name and email stay held. Running this
for its name finishes the job; a name with no account is reported and skipped.
The log's "Deleting the account <name>" without a "Deleted the account" names
such accounts.
"""

from django.core.management.base import BaseCommand

from apps.accounts.models import User
from apps.accounts.selectors import user_record_get
from apps.accounts.services import account_delete


class Command(BaseCommand):
    help = (
        "Delete accounts by username with their sessions and every app's data of theirs "
        "(short links and bills stay); finishes a deletion that was cut short."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+", metavar="USERNAME")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be deleted.")

    def handle(self, *args, usernames, dry_run, verbosity, **options):
        for name in usernames:
            record = user_record_get(username=name)
            if record is None:
                self._say(verbosity, f"{name}: no such account, nothing to do.")
                continue
            state = "closed, deletion unfinished" if record.closed_at else "open"
            if dry_run:
                self._say(verbosity, f"{record.username} ({state}): would be deleted.")
                continue
            account_delete(User(username=record.username))
            self._say(verbosity, f"{record.username} ({state}): deleted.")

    def _say(self, verbosity, text):
        if verbosity >= 1:
            self.stdout.write(text)
