"""make deploy-rehearsal: the README's "Deploying" section, run end to end on moto's AWS emulator.

    .venv/bin/python -m tests.deploy.rehearsal

Starts moto's server (emulator.py) on a free loopback port, writes a filled-in
copy of zappa_settings.json into a temporary folder (the repository's file is
never edited), and runs every command of the README's "Deploying" section in
order, as an operator would, with nothing but credentials, a region and
AWS_ENDPOINT_URL pointing at moto: `make deploy` from nothing, again, `make
update`, `make status`, `make rollback`, the restore drill, adoption of a
stage made by hand, `make undeploy`. After each command it asserts what exists
(checks.py), from moto or, where moto keeps nothing, from the templates and the
requests sent. It prints every check and ends with "N passed, N failed"; the
exit status is 0 only when every command ran and every check passed.

Moto's DynamoDB holds the stages' tables (what the stack declares) and one
marker item the rehearsal writes to show that adoption and restores keep
items; the site itself never runs against it. Everything the rehearsal started
is stopped, and its temporary folder removed, however it ends.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

from tests.deploy.rehearsal import checks
from tests.deploy.rehearsal.emulator import Emulator
from tests.deploy.rehearsal.readme import deploying_commands

PROJECT_DIR = Path(__file__).resolve().parents[3]
COMMAND_TIMEOUT = 600  # seconds; the first `make deploy` builds the package
# Every prompt answered yes (production's change sets); the refusal is rehearsed apart.
YES = "yes\n" * 10


OPERATOR_SECRETS = {
    "STRIPE_SECRET_KEY": "sk_test_rehearsal",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_rehearsal",
    "STRIPE_WEBHOOK_SECRET": "whsec_rehearsal",
}


def operator_environment(tmp: Path, emulator: Emulator) -> dict[str, str]:
    """What an operator's shell holds: credentials, a region, and the settings copy."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DYNAMODB_", "DJANGO_"))
    }
    environment.update(
        PATH=f"{PROJECT_DIR / '.venv' / 'bin'}:{os.environ['PATH']}",
        AWS_ENDPOINT_URL=emulator.url,
        AWS_ACCESS_KEY_ID="rehearsal",
        AWS_SECRET_ACCESS_KEY="rehearsal",
        AWS_DEFAULT_REGION=checks.REGION,
        AWS_CONFIG_FILE=str(tmp / "aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp / "aws-credentials"),
        AWS_PAGER="",
        ZAPPA_SETTINGS=str(tmp / "zappa_settings.json"),
        # The operator's Stripe keys (deploy/stage_secrets.py), which the deploy never makes.
        **OPERATOR_SECRETS,
    )
    return environment


class Timings:
    """Where the rehearsal's time goes: each command, and the checks around them."""

    def __init__(self):
        self.spent: list[tuple[str, float]] = []

    @contextmanager
    def step(self, label: str):
        started = time.monotonic()
        try:
            yield
        finally:
            self.spent.append((label, time.monotonic() - started))

    def report(self) -> None:
        print("\nwhere the time went (seconds)")
        for label, seconds in self.spent:
            print(f"  {seconds:6.1f}  {label}")


def run(
    command: str, environment: dict, log: Path, answer: str = YES
) -> subprocess.CompletedProcess:
    print(f"\n$ {command}", flush=True)
    started = time.monotonic()
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=PROJECT_DIR,
        env=environment,
        input=answer,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    with log.open("a") as out:
        out.write(f"$ {command}\n{result.stdout}\n{result.stderr}\n")
    print(f"  exit {result.returncode} after {time.monotonic() - started:.0f} s", flush=True)
    return result


def rehearse(tmp: Path, emulator: Emulator, timings: Timings) -> checks.Checks:
    environment = operator_environment(tmp, emulator)
    results = checks.Checks(emulator, Path(environment["ZAPPA_SETTINGS"]))
    with timings.step("checks before the commands (the generated templates)"):
        results.before_commands(tmp)
    log = tmp / "commands.log"
    try:
        # all() stops at the first command that fails: the ones after it would only fail too.
        if all(
            rehearse_command(command, environment, log, results, timings)
            for command in deploying_commands()
        ):
            results.after_all(log.read_text())
        with timings.step("waiting for cfn-lint"):
            results.templates_linted()
    finally:
        results.stop_lint()  # if a failure left it running
    if os.environ.get("REHEARSAL_LOG"):  # keep every command's output for a look afterwards
        Path(os.environ["REHEARSAL_LOG"]).write_text(log.read_text())
    return results


def rehearse_command(
    command: str, environment: dict, log: Path, results: checks.Checks, timings: Timings
) -> bool:
    """Run one README command and check what it left; False if it failed."""
    if command.startswith("make adopt"):
        with timings.step("a stage made by hand, and its adoption refused"):
            results.stage_made_by_hand(checks.ADOPTED)
            refused = run(command, environment, log, answer="no\n")
            results.adoption_refused(refused.returncode, refused.stdout + refused.stderr)
    try:
        with timings.step(command):
            result = run(command, environment, log)
    except subprocess.TimeoutExpired:
        results.fail(f"command still running after {COMMAND_TIMEOUT} s: {command}")
        return False
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n")
        results.fail(f"command exited {result.returncode}: {command}")
        return False
    with timings.step("  its checks"):
        results.after(command, result.stdout + result.stderr)
    return True


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up in CI's log as it happens
    warnings.filterwarnings("ignore")  # moto warns for every resource type it skips
    # Moto's tracebacks (e.g. DescribeStackResource of a resource not yet made, which
    # the deploy catches) would bury the checks; a failed call still fails its command.
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
    logging.getLogger("moto").setLevel(logging.ERROR)  # a warning for every type it skips
    started = time.monotonic()
    timings = Timings()
    with tempfile.TemporaryDirectory(prefix="deploy-rehearsal-") as name:
        with timings.step("moto's server started"):
            emulator = Emulator().start()
        try:
            results = rehearse(Path(name), emulator, timings)
        finally:
            emulator.stop()
    timings.report()
    print(f"\ndeploy rehearsal: {time.monotonic() - started:.0f} s")
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings")
    sys.exit(main())
