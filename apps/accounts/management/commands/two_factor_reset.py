"""Remove an account's second factor, e.g. a staff member who lost their phone and codes.

    manage.py two_factor_reset riker
    manage.py two_factor_reset riker --dry-run

The account is signed out everywhere and told by email. Staff cannot sign in
again until they enrol anew: make them a link (``two_factor_link``, or the
admin's "Two-factor sign-in" page of the user).
"""

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.factors import factor_reset, factor_state
from apps.accounts.selectors import user_get


class Command(BaseCommand):
    help = "Remove USERNAME's second factor and sign them out everywhere."

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="USERNAME")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done.")

    def handle(self, *args, username, dry_run, verbosity, **options):
        user = user_get(username=username)
        if user is None:
            raise CommandError(f"{username}: no such account.")
        if not factor_state(user).enrolled:
            self._say(verbosity, f"{user.username}: has no second factor, nothing to do.")
            return
        if dry_run:
            self._say(verbosity, f"{user.username}: would reset the second factor.")
            return
        factor_reset(user, by="an operator (manage.py two_factor_reset)")
        self._say(
            verbosity,
            f"{user.username}: second factor reset, signed out everywhere. "
            f"Make a new link: manage.py two_factor_link {user.username}",
        )

    def _say(self, verbosity, text):
        if verbosity >= 1:
            self.stdout.write(text)
