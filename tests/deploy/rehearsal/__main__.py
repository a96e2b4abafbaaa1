"""make deploy-rehearsal: the README's "Deploying" section, run end to end on moto's AWS emulator.

    .venv/bin/python -m tests.deploy.rehearsal

Starts moto's server (emulator.py) and an in-memory DynamoDB Local on free
loopback ports, writes a filled-in copy of zappa_settings.json into a temporary
folder (the repository's file is never edited), and runs every command of the
README's "Deploying" section in order, as an operator would, with
AWS_ENDPOINT_URL pointing at moto and AWS_ENDPOINT_URL_DYNAMODB at DynamoDB
Local. After each command it asserts what exists (checks.py). It prints every
check and ends with "N passed, N failed"; the exit status is 0 only when every
command ran and every check passed. Everything it started is stopped, and its
temporary folder removed, however it ends.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from tests.deploy.rehearsal import checks
from tests.deploy.rehearsal.emulator import Emulator
from tests.deploy.rehearsal.readme import deploying_commands
from tests.support.dynamodb import start_local_dynamodb

PROJECT_DIR = Path(__file__).resolve().parents[3]
REGION = "eu-central-1"
ACCOUNT_ID = "123456789012"  # moto's account
COMMAND_TIMEOUT = 600  # seconds; `make deploy` builds the package (about a minute here)


def operator_environment(tmp: Path, emulator: Emulator, dynamodb_url: str) -> dict[str, str]:
    """What an operator's shell holds: credentials, region, and the README's variables."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DYNAMODB_", "DJANGO_"))
    }
    environment.update(
        PATH=f"{PROJECT_DIR / '.venv' / 'bin'}:{os.environ['PATH']}",
        AWS_ENDPOINT_URL=emulator.url,
        # AWS_ENDPOINT_URL alone would send DynamoDB to moto as well.
        AWS_ENDPOINT_URL_DYNAMODB=dynamodb_url,
        AWS_ACCESS_KEY_ID="rehearsal",
        AWS_SECRET_ACCESS_KEY="rehearsal",
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE=str(tmp / "aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp / "aws-credentials"),
        AWS_PAGER="",
        ZAPPA_SETTINGS=str(tmp / "zappa_settings.json"),
        DEPLOY_BUCKET=checks.DEPLOY_BUCKET,
        ACCOUNT_ID=ACCOUNT_ID,
        SECRET_KEY=checks.SECRET_KEY,
        SIGNING_KEYS=checks.SIGNING_KEYS,
    )
    return environment


def run(command: str, environment: dict[str, str], log: Path) -> subprocess.CompletedProcess:
    print(f"\n$ {command}", flush=True)
    started = time.monotonic()
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=PROJECT_DIR,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    with log.open("a") as out:
        out.write(f"$ {command}\n{result.stdout}\n{result.stderr}\n")
    print(f"  exit {result.returncode} after {time.monotonic() - started:.0f} s", flush=True)
    return result


def rehearse(tmp: Path, emulator: Emulator, dynamodb_url: str) -> checks.Checks:
    results = checks.Checks(emulator, dynamodb_url)
    environment = operator_environment(tmp, emulator, dynamodb_url)
    results.before_commands()
    log = tmp / "commands.log"
    for command in deploying_commands():
        # The operator fills in the settings once the static stack exists (README step 2).
        if command.startswith("aws s3 mb"):
            results.write_settings(Path(environment["ZAPPA_SETTINGS"]))
        if "custom-domain.yaml" in command:
            # Moto 5.2.5's CloudFormation creates none of AWS::ApiGatewayV2::*, and a
            # GetAtt of a resource it skipped fails the change set ("instance of
            # Fn::GetAtt references undefined resource Domain"): the template is
            # linted and asserted before the commands run, and this one is not run.
            print(f"\n$ {command}\n  skip  not run on moto: {checks.NOT_EMULATED}")
            results.ran.add("custom domain")
            continue
        try:
            result = run(command, environment, log)
        except subprocess.TimeoutExpired:
            results.fail(f"command still running after {COMMAND_TIMEOUT} s: {command}")
            break
        if result.returncode != 0:
            print(result.stdout[-4000:], result.stderr[-4000:], sep="\n")
            results.fail(f"command exited {result.returncode}: {command}")
            break
        results.after(command, result.stdout + result.stderr)
    else:
        results.after_all()
    return results


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up in CI's log as it happens
    warnings.filterwarnings("ignore")  # moto warns for every resource type it skips
    # Moto's tracebacks (e.g. DescribeStackResource of a resource it skipped,
    # which Zappa catches) would bury the checks; a failed call still fails the
    # command that made it.
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="deploy-rehearsal-") as name:
        tmp = Path(name)
        emulator = Emulator().start()
        try:
            # Java starts slowly on a busy CI machine; the deploy steps take minutes anyway.
            dynamodb = start_local_dynamodb(timeout=120)
            try:
                results = rehearse(tmp, emulator, dynamodb.url)
            finally:
                dynamodb.stop()
        finally:
            emulator.stop()
    print(f"\ndeploy rehearsal: {time.monotonic() - started:.0f} s")
    print(f"{results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings")
    sys.exit(main())
