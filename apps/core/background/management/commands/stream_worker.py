"""Read the tables' DynamoDB Streams on DynamoDB Local: run their handlers and the scheduled sweeps.

    manage.py stream_worker               # in the foreground, until Ctrl-C (or SIGTERM)
    manage.py stream_worker --until-idle  # stop once every stream is read to its end
    manage.py stream_worker start         # in the background, as `make run` does
    manage.py stream_worker status
    manage.py stream_worker stop          # as `make stop` does

In the background its pid is in DYNAMODB_LOCAL_HOME/stream-worker.pid and
its log in DYNAMODB_LOCAL_HOME/stream-worker.log: one line per batch, per
dead letter and per sweep. On AWS, Lambda's event source mappings read the
streams instead (apps/core/background/aws.py), so this refuses any endpoint
that is not a DynamoDB Local on this machine.
"""

import logging
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.background.registry import stream_models
from apps.core.background.sweeps import SweepsFailed, sweeps_run
from apps.core.background.worker import StreamWorker
from apps.core.dynamodb import local as dynamodb_local
from apps.core.dynamodb.tables import is_local_endpoint

NOT_LOCAL = (
    "DYNAMODB_ENDPOINT_URL ({endpoint}) is not a DynamoDB Local on this machine: on AWS the "
    "event source mappings read the streams."
)
STARTED_WITHIN = 5.0  # seconds for a started worker's command line to show


def log_path():
    """Where the worker that `make run` started in the background writes its lines."""
    return settings.DYNAMODB_LOCAL_HOME / "stream-worker.log"


class Command(BaseCommand):
    help = (
        "Read the DynamoDB Local tables' streams and run their handlers and the scheduled "
        "sweeps: in the foreground, or start/stop/status of the one `make run` starts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action", nargs="?", default="run", choices=["run", "start", "stop", "status"]
        )
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="Stop once every stream is read to its end (after running the due sweeps).",
        )

    def handle(self, *args, action, until_idle, **options):
        self.verbosity = options["verbosity"]
        if not is_local_endpoint():
            raise CommandError(
                NOT_LOCAL.format(endpoint=settings.DYNAMODB_ENDPOINT_URL or "unset: AWS")
            )
        getattr(self, f"_{action}")(until_idle)

    @property
    def _pid_file(self):
        return settings.DYNAMODB_LOCAL_HOME / "stream-worker.pid"

    @property
    def _log_file(self):
        return log_path()

    def _run(self, until_idle):
        logging.getLogger("apps.core.background").setLevel(
            logging.INFO if self.verbosity else logging.WARNING
        )
        tables = ", ".join(model.Meta.table_name for model in stream_models())
        self._say(f"Stream worker reading the streams of {tables}.")
        worker = StreamWorker()
        if until_idle:
            handled = worker.drain(timeout=None)
            self._sweeps()
            self._say(f"Stream worker idle after {handled} records.")
            return
        stopping = threading.Event()
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signal_number, lambda *_: stopping.set())
        worker.run(stopping=stopping.is_set, pause=stopping.wait)
        self._say("Stream worker stopped.")

    def _start(self, until_idle):
        pid = self._running_pid()
        if pid is not None:
            self._say(f"The stream worker is running already (pid {pid}).")
            return
        settings.DYNAMODB_LOCAL_HOME.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "stream_worker"]
        with open(self._log_file, "ab") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # outlives `make run`, like DynamoDB Local
            )
        self._pid_file.write_text(str(process.pid))
        # Started means seen: Popen may return (vfork) before the kernel has given the new
        # program its command line, and until then the next `start` or `status` would not
        # know the process for a worker.
        deadline = time.monotonic() + STARTED_WITHIN
        while self._running_pid() is None and process.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        self._say(f"Stream worker started (pid {process.pid}); its log: {self._log_file}")

    def _stop(self, until_idle):
        pid = self._running_pid()
        self._pid_file.unlink(missing_ok=True)
        if pid is None:
            self._say("No stream worker started by `make run` is running.")
            return
        dynamodb_local.stop_pid(pid)
        self._say("Stream worker stopped.")

    def _status(self, until_idle):
        pid = self._running_pid()
        state = f"runs (pid {pid})" if pid else "does not run"
        self.stdout.write(f"The stream worker {state}; its log: {self._log_file}")

    def _running_pid(self) -> int | None:
        """The recorded worker's pid, if that process is still a stream worker."""
        text = self._pid_file.read_text().strip() if self._pid_file.exists() else ""
        if not text.isdigit():
            return None
        args = dynamodb_local.process_args(int(text)) or ""
        return int(text) if "stream_worker" in args else None

    def _sweeps(self):
        try:
            sweeps_run()
        except SweepsFailed as error:
            raise CommandError(str(error)) from error

    def _say(self, text):
        if self.verbosity >= 1:
            self.stdout.write(text)
            self.stdout.flush()
