"""Wait for the local site's first page, then say where everything is.

    manage.py site_ready http://127.0.0.1:8000/

`make run` starts it beside runserver (it lives in accounts, which knows the
demo users; core knows no app). Once the address answers, it prints
one short block: the address, the demo accounts with their passwords, where
email goes, where the background worker writes, and how to stop. If the site
does not answer within --timeout seconds it prints nothing and exits 1:
runserver's own lines say why.
"""

import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.demo import demo_passwords
from apps.core.background.management.commands.stream_worker import log_path
from apps.core.mail import HEADING, email_printed

RULE = "-" * 72


def answers(url: str) -> bool:
    """Any HTTP answer counts (a page that fails to render is runserver's to report)."""
    try:
        # The address is the one `make run` serves on, given on the command line.
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


class Command(BaseCommand):
    help = "Wait until the local site answers, then print its address, demo accounts and email."

    def add_arguments(self, parser):
        parser.add_argument("url", help="the site's address, e.g. http://127.0.0.1:8000/")
        parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait")

    def handle(self, *args, url, timeout, **options):
        deadline = time.monotonic() + timeout
        while not answers(url):
            if time.monotonic() > deadline:
                raise CommandError(f"{url} did not answer within {timeout:g} s.")
            time.sleep(0.2)
        self.stdout.write("\n".join(self.lines(url)))

    @staticmethod
    def shown(path: Path) -> str:
        """``path`` from the checkout when it is inside it (what a newcomer types), else whole."""
        try:
            return str(path.relative_to(settings.BASE_DIR))
        except ValueError:
            return str(path)

    def lines(self, url: str) -> list[str]:
        accounts = demo_passwords()
        width = max(map(len, accounts), default=0)
        dynamodb_port = urlsplit(settings.DYNAMODB_ENDPOINT_URL).port
        return [
            RULE,
            f"The site is up: {url}",
            "Demo accounts (also on the sign-in page):"
            if accounts
            else "Demo accounts: none saved (manage.py seed_demo makes them).",
            *(f"  {name:<{width}}  {password}" for name, password in accounts.items()),
            f'Email is not sent: each message is printed here, headed "{HEADING}".'
            if email_printed()
            else f"Email is sent through {settings.EMAIL_BACKEND}.",
            f"The background worker's lines: tail -f {self.shown(log_path())}",
            f"Stop: Ctrl+C, then `make stop DYNAMODB_PORT={dynamodb_port}` "
            "for the worker, localstripe and DynamoDB Local.",
            RULE,
        ]
