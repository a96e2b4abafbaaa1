"""Build the Lambda package as an operator does, and call Zappa's handler in it.

``invoke`` runs a fresh ``python -I -S`` whose only import path is the unpacked
package (no virtualenv, no site-packages), as on AWS Lambda, and passes it
events: API Gateway's, a stream's event source mapping's, a schedule's.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.support.dynamodb import tables_written_elsewhere

PROJECT_DIR = Path(__file__).resolve().parents[2]
HOST = "site.example.test"
CDN = "cdn.example.test"

# Runs inside the package folder: Lambda's /var/task.
RUNNER = """
import json, os, sys
sys.path.insert(0, os.getcwd())
import handler
events = json.load(sys.stdin)
print(json.dumps([handler.lambda_handler(event, None) for event in events]))
"""


def package_build(destination: Path) -> Path:
    """`make package` for the dev stage; the zip's path (in ``destination`` when built alone).

    One build at a time in a checkout, and one per test run: `make test`'s
    pytest-xdist workers share the run's id (PYTEST_XDIST_TESTRUNUID), so the first
    worker to take the lock builds into .build/test-package-<run>/ and the others
    reuse that zip. Two builds at once would share .build/lambda-env and staticfiles/.
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    build_dir = PROJECT_DIR / ".build"
    folder = build_dir / f"test-package-{run}" if run else destination
    archive = folder / "package.zip"
    build_dir.mkdir(exist_ok=True)
    with (build_dir / "package.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if archive.exists():
            return archive
        for earlier in build_dir.glob("test-package-*"):
            shutil.rmtree(earlier, ignore_errors=True)
        archive.parent.mkdir(exist_ok=True)
        built = subprocess.run(
            ["make", "--no-print-directory", "package", "STAGE=dev", f"PACKAGE={archive}"],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
        )
        if built.returncode != 0:
            archive.unlink(missing_ok=True)
    assert built.returncode == 0, f"make package failed:\n{built.stdout}\n{built.stderr}"
    return archive


def package_unpack(archive: Path, destination: Path) -> Path:
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(destination)
    return destination


def stage_environment(stage: str = "dev") -> dict[str, str]:
    """The ``aws_environment_variables`` that zappa_settings.json gives a stage."""
    stages = json.loads((PROJECT_DIR / "zappa_settings.json").read_text())
    return stages[stage]["aws_environment_variables"]


def lambda_environment(dynamodb_url: str, table_prefix: str) -> dict[str, str]:
    """What the Lambda function gets: the dev stage's variables with the test's values.

    The stage's own values come first, so the package runs as configured (Django
    set up during init, as SnapStart needs); SSM is left out (no server here).
    """
    stage = {k: v for k, v in stage_environment().items() if k != "SSM_PARAMETER_PATH"}
    return {
        **stage,
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "AWS_REGION": "eu-central-1",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "lambda-package-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": f"{HOST},.execute-api.eu-central-1.amazonaws.com",
        "DJANGO_DEFAULT_FROM_EMAIL": "Site <noreply@example.test>",
        "BILLING_SIGNING_KEYS": "lambda:" + "s" * 40,
        "STRIPE_SECRET_KEY": "sk_test_lambda",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_lambda",
        "STRIPE_WEBHOOK_SECRET": "whsec_lambda",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DYNAMODB_ENDPOINT_URL": dynamodb_url,
        "DYNAMODB_TABLE_PREFIX": table_prefix,
        "STATIC_BUCKET": "static-bucket-test",
        "STATIC_CDN_DOMAIN": CDN,
    }


def invoke(package_dir: Path, events: list[dict], environment: dict[str, str]) -> list[dict]:
    return run_in_package(package_dir, RUNNER, environment, events)


def invoke_failing(package_dir: Path, event: dict, environment: dict[str, str]) -> str:
    """Invoke with ``event``, which must fail the invocation (raise); the error output."""
    result = _run(package_dir, RUNNER, environment, [event])
    assert result.returncode != 0, result.stdout
    return result.stderr


def run_in_package(package_dir: Path, code: str, environment: dict[str, str], data=None):
    """Run ``code`` in a fresh interpreter that sees only the package; its last line, as JSON.

    The interpreter is the one running the tests, which is the Python version
    the package was built for (``make package`` uses the venv's version).
    """
    result = _run(package_dir, code, environment, data)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _run(package_dir: Path, code: str, environment: dict[str, str], data):
    tables_written_elsewhere()
    return subprocess.run(
        [sys.executable, "-I", "-S", "-c", code],
        cwd=package_dir,
        env=environment,
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=60,
    )


def rest_event(path: str, host: str = HOST, headers: dict | None = None) -> dict:
    """An API Gateway REST API (payload v1) proxy event."""
    all_headers = {
        "Host": host,
        "X-Forwarded-Proto": "https",
        "Accept": "text/html",
        **(headers or {}),
    }
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": "GET",
        "headers": all_headers,
        "multiValueHeaders": {key: [value] for key, value in all_headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": "GET",
            "path": f"/dev{path}",
            "stage": "dev",
            "requestId": "test-request",
            "identity": {"sourceIp": "203.0.113.9", "userAgent": "pytest"},
        },
        "body": None,
        "isBase64Encoded": False,
    }


def http_api_event(
    path: str, host: str = HOST, method: str = "GET", body: str = "", stage: str = "$default"
) -> dict:
    """An API Gateway HTTP API (payload v2) event.

    On a named stage's execute-api URL (what Zappa deploys) the raw path starts
    with the stage; on the $default stage it does not.
    """
    raw_path = path if stage == "$default" else f"/{stage}{path}"
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": raw_path,
        "rawQueryString": "",
        "headers": {"host": host, "x-forwarded-proto": "https", "accept": "text/html"},
        "requestContext": {
            "http": {
                "method": method,
                "path": raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.9",
                "userAgent": "pytest",
            },
            "domainName": host,
            "stage": stage,
            "requestId": "test-request",
        },
        "body": body,
        "isBase64Encoded": False,
    }


def scheduled_event(function: str) -> dict:
    """An EventBridge schedule rule's event; Zappa calls the function the rule's name ends with."""
    rule = f"arn:aws:events:eu-central-1:123456789012:rule/serverless-django-dev-{function}"
    return {
        "version": "0",
        "id": "test-schedule",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": "2026-12-06T22:00:00Z",
        "region": "eu-central-1",
        "resources": [rule],
        "detail": {},
    }
