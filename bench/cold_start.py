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

    .venv/bin/python -m bench.cold_start [--runs 11] [--path /healthz]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from bench.common import TABLE_PREFIX, package_beside_dynamodb, table
from tests.support.lambda_package import rest_event

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


def measure(setup, path: str, runs: int) -> dict[str, list[float]]:
    event = json.dumps(rest_event(path))
    timings: dict[str, list[float]] = {"site": [], "bare": []}
    run_once(SITE, event, setup.package_dir, setup.environment)  # warm the OS file cache
    for _ in range(runs):
        timings["site"].append(run_once(SITE, event, setup.package_dir, setup.environment))
        bare = run_once(BARE, f"{TABLE_PREFIX}cache", setup.package_dir, setup.environment)
        timings["bare"].append(bare)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="processes of each kind (default 11)")
    parser.add_argument("--path", default="/healthz", help="page to request (default /healthz)")
    args = parser.parse_args()
    with package_beside_dynamodb() as setup:
        timings = measure(setup, args.path, args.runs)
        size = setup.package.stat().st_size / 2**20
    site, bare = (statistics.median(timings[k]) for k in ("site", "bare"))
    print(f"Cold start: import + first response, {args.runs} fresh processes of each kind\n")
    print(
        table(
            [
                (f"site: Zappa handler, GET {args.path}", timings["site"]),
                ("bare: import boto3 + one GetItem", timings["bare"]),
            ]
        )
    )
    print(f"\nratio site/bare (medians): {site / bare:.2f}   (target <= 1.5)")
    print(f"package zipped:            {size:.1f} MiB   (target <= 15 MiB)")


if __name__ == "__main__":
    main()
