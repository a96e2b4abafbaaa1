"""Start, stop or check the localstripe that `make run` pays against (apps/billing/local_stripe.py).

    manage.py localstripe start --site http://127.0.0.1:8000   # start (or reuse this
                                     # checkout's), and send its webhooks to that site
    manage.py localstripe status
    manage.py localstripe stop

The port comes from STRIPE_API_BASE (`make run STRIPE_PORT=...`); `start` records
it in DYNAMODB_LOCAL_HOME/data/localstripe.port, where the settings of every later
command look when STRIPE_API_BASE is unset. Its state (customers, payments) is
kept in DYNAMODB_LOCAL_HOME/data/localstripe.pickle, beside DynamoDB Local's data,
so that payments and bills survive restarts together; its log in localstripe.log.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from apps.billing import local_stripe
from apps.core.dynamodb import local as dynamodb_local


class Command(BaseCommand):
    help = "Start (or reuse), stop or check the localstripe behind STRIPE_API_BASE."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "status"])
        parser.add_argument("--site", help="the site's address, for the webhook (start)")

    def handle(self, *args, action, site=None, **options):
        self.verbosity = options["verbosity"]
        base = settings.STRIPE_API_BASE or ""
        split = urlsplit(base)
        if split.hostname not in ("127.0.0.1", "localhost"):
            raise CommandError(
                f"STRIPE_API_BASE ({base or 'unset: Stripe'}) is not on this machine; "
                "there is no localstripe to manage."
            )
        port = split.port or 80
        if action == "start":
            self._start(port, site)
        elif action == "stop":
            self._stop()
        else:
            state = "answers" if local_stripe.answers(port) else "does not answer"
            self.stdout.write(f"localstripe on port {port} {state}.")

    @property
    def _data_dir(self):
        path = settings.DYNAMODB_LOCAL_HOME / "data"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def _pid_file(self):
        return self._data_dir / "localstripe.pid"

    def _start(self, port, site):
        if local_stripe.answers(port):
            if not self._ours(port):
                raise CommandError(
                    f"A localstripe that this checkout did not start answers on port {port}: "
                    f"stop it, or use another port: `make run STRIPE_PORT={port + 10}`."
                )
            self._say(f"This checkout's localstripe already answers on port {port}; reusing it.")
        elif not local_stripe.port_free(port):
            raise CommandError(
                f"Port {port} is taken by something that is not localstripe: stop it, or use "
                f"another port: `make run STRIPE_PORT={port + 10}`."
            )
        else:
            state = self._data_dir / "localstripe.pickle"
            log = self._data_dir / "localstripe.log"
            try:
                process = local_stripe.start(port, state=state, log=log, detached=True)
            except local_stripe.LauncherError as error:
                raise CommandError(str(error)) from error
            self._pid_file.write_text(str(process.pid))
            self._say(f"localstripe started on port {port} (state in {state}).")
        dynamodb_local.port_record(settings.DYNAMODB_LOCAL_HOME, port, local_stripe.PORT_RECORD)
        if site:
            url = site.rstrip("/") + reverse("billing:stripe_webhook")
            local_stripe.webhook_register(port, url=url, secret=settings.STRIPE_WEBHOOK_SECRET)
            self._say(f"Its webhooks go to {url}.")

    def _ours(self, port) -> bool:
        pid = dynamodb_local.listener_pid(port) or self._recorded_pid()
        args = (pid and dynamodb_local.process_args(pid)) or ""
        return "apps.billing.local_stripe" in args and str(self._data_dir) in args

    def _recorded_pid(self):
        text = self._pid_file.read_text().strip() if self._pid_file.exists() else ""
        return int(text) if text.isdigit() else None

    def _stop(self):
        pid = self._recorded_pid()
        if pid is None:
            self._say("No localstripe started by `make run` is running.")
            return
        stopped = dynamodb_local.stop_pid(pid)
        self._pid_file.unlink()
        self._say("localstripe stopped." if stopped else "localstripe was not running.")

    def _say(self, text, level=1):
        if self.verbosity >= level:
            self.stdout.write(text)
