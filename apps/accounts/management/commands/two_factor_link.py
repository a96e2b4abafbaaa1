"""Make a one-time link that sets up two-factor sign-in for an account.

    manage.py two_factor_link admiral          # prints the link
    manage.py two_factor_link admiral --dry-run

For the first superuser (after ``createsuperuser``, nobody can make one in the
admin yet) and for anyone a superuser cannot reach in the admin. The link,
with the account's password, sets up an authenticator app once, within
``TWO_FACTOR_LINK_DAYS``; a newer link replaces an older one. Give it to the
account's holder yourself. The address is ``SITE_URL`` and the link's path.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from apps.accounts.factors import link_create
from apps.accounts.selectors import user_get


class Command(BaseCommand):
    help = "Print a one-time link that sets up two-factor sign-in for USERNAME."

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="USERNAME")
        parser.add_argument("--dry-run", action="store_true", help="Check the name, make nothing.")

    def handle(self, *args, username, dry_run, verbosity, **options):
        user = user_get(username=username)
        if user is None:
            raise CommandError(f"{username}: no such account.")
        if dry_run:
            self.stdout.write(f"{user.username}: would make an enrolment link.")
            return
        path = reverse("accounts:two_factor_link", args=[link_create(user)])
        if verbosity >= 1:
            days = settings.TWO_FACTOR_LINK_DAYS
            self.stdout.write(f"Enrolment link for {user.username}, once, within {days} days:")
        self.stdout.write(settings.SITE_URL.rstrip("/") + path)
