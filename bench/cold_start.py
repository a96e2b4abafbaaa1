"""Cold start of the Lambda package, side by side with a bare boto3 GetItem.

Builds the package with `make package`, unpacks it as Lambda does, starts an
in-memory DynamoDB Local, and then, alternating so that both see the same
machine load, runs fresh processes of two kinds:

- site: ``python -I -S`` with only the unpacked package on its path; imports
  Zappa's ``handler`` and answers one API Gateway event for a path that reads
  DynamoDB (``/healthz`` by default: one GetItem through PynamoDB and Django);
- bare: ``python -I -S`` that imports boto3 from the same package, creates a
  DynamoDB client and does one GetItem against the same DynamoDB Local.

Each process reports the time from its first line to the response (imports
included). Prints medians, the ratio site/bare, and the package's zipped size.

    .venv/bin/python bench/cold_start.py [--runs 11] [--path /healthz]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from apps.core import dynamodb_local  # noqa: E402
from tests.support.lambda_package import (  # noqa: E402
    lambda_environment,
    package_build,
    package_unpack,
    rest_event,
)

TABLE_PREFIX = "bench-"

SITE = """
import time
started = time.perf_counter()
import json, os, sys
sys.path.insert(0, os.getcwd())
import handler
response = handler.lambda_handler(json.loads(sys.argv[1]), None)
elapsed = time.perf_counter() - started
assert response["statusCode"] == 200, response
print(elapsed)
"""

BARE = """
import time
started = time.perf_counter()
import os, sys
sys.path.insert(0, os.getcwd())
import boto3
region, endpoint = os.environ["AWS_REGION"], os.environ["DYNAMODB_ENDPOINT_URL"]
client = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint)
client.get_item(TableName=sys.argv[1], Key={"key": {"S": "healthz"}})
elapsed = time.perf_counter() - started
print(elapsed)
"""


def run_once(code: str, argument: str, package_dir: Path, environment: dict) -> float:
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, argument],
        cwd=package_dir,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


def tables_create(endpoint: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "dynamodb_tables", "create", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "DYNAMODB_ENDPOINT_URL": endpoint,
            "DYNAMODB_TABLE_PREFIX": TABLE_PREFIX,
        },
        check=True,
    )


def measure(package_dir: Path, endpoint: str, path: str, runs: int) -> dict[str, list[float]]:
    environment = {
        **lambda_environment(endpoint, TABLE_PREFIX),
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
    }
    event = json.dumps(rest_event(path))
    timings: dict[str, list[float]] = {"site": [], "bare": []}
    run_once(SITE, event, package_dir, environment)  # warm the OS file cache for both
    for _ in range(runs):
        timings["site"].append(run_once(SITE, event, package_dir, environment))
        timings["bare"].append(run_once(BARE, f"{TABLE_PREFIX}cache", package_dir, environment))
    return timings


def report(timings: dict[str, list[float]], path: str, package: Path) -> None:
    site, bare = (statistics.median(timings[k]) for k in ("site", "bare"))
    print(f"Cold start: import + first response, median of {len(timings['site'])} fresh processes")
    print()
    print(f"| {'process':<42} | {'median':>8} | {'min':>8} | {'max':>8} |")
    print(f"|{'-' * 44}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    rows = [
        (f"site: Zappa handler, GET {path}", timings["site"]),
        ("bare: import boto3 + one GetItem", timings["bare"]),
    ]
    for name, values in rows:
        cells = [
            f"{1000 * v:5.0f} ms" for v in (statistics.median(values), min(values), max(values))
        ]
        print(f"| {name:<42} | {' | '.join(cells)} |")
    print()
    size = package.stat().st_size / 2**20
    print(f"ratio site/bare: {site / bare:.2f}   (target <= 1.5)")
    print(f"package zipped:  {size:.1f} MiB   (target <= 15 MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="processes of each kind (default 11)")
    parser.add_argument("--path", default="/healthz", help="page to request (default /healthz)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        print("Building the package (make package)...", file=sys.stderr)
        package = package_build(scratch)
        package_dir = package_unpack(package, scratch / "task")
        dist = dynamodb_local.install(PROJECT_DIR / ".dynamodb")
        port = dynamodb_local.free_port()
        process = dynamodb_local.start(dist, port)
        try:
            endpoint = f"http://127.0.0.1:{port}"
            tables_create(endpoint)
            timings = measure(package_dir, endpoint, args.path, args.runs)
        finally:
            dynamodb_local.stop(process)
        report(timings, args.path, package)


if __name__ == "__main__":
    main()
