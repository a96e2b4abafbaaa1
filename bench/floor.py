"""What Django and Zappa cost a warm request before the site adds anything: the ratios' floor.

Builds the package and, beside it, the bare ``django-admin startproject`` site
of bench.cold_start (one view doing one GetItem with boto3). Two ``python -I
-S`` processes, each interleaving its rounds with raw boto3 doing the same
GetItem on the same table of the same DynamoDB Local:

- startproject: the bare site's ``/healthz`` through Zappa's handler;
- site: the site's ``/healthz`` through Zappa's handler (one GetItem through
  PynamoDB, every middleware, the request log).

No goal: the rows say how much of each page's ratio Django and Zappa take
before any of the site's code runs, and how much the site's middleware adds.

    .venv/bin/python -m bench.floor [--requests 500]
"""

from __future__ import annotations

import json

from bench.cold_start import run_once, startproject_site
from bench.common import TABLE_PREFIX, Row, run_alone
from tests.support.lambda_package import rest_event

LOOP = """
import json, os, statistics, sys, time
sys.path[:0] = [os.getcwd(), os.environ.get("BENCH_PACKAGE_DIR", os.getcwd())]
import boto3
import handler

event, table, requests = json.loads(sys.argv[1])
assert handler.lambda_handler(event, None)["statusCode"] == 200  # set-up on the first request
region, endpoint = os.environ["AWS_REGION"], os.environ["DYNAMODB_ENDPOINT_URL"]
client = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint)
client.get_item(TableName=table, Key={"key": {"S": "healthz"}})


def via_handler():
    assert handler.lambda_handler(event, None)["statusCode"] == 200


def via_boto3():
    client.get_item(TableName=table, Key={"key": {"S": "healthz"}})


timings = {"handler": [], "boto3": []}
for _ in range(requests):
    for name, call in (("handler", via_handler), ("boto3", via_boto3)):
        started = time.perf_counter()
        call()
        timings[name].append(time.perf_counter() - started)
print(json.dumps({name: statistics.median(values) for name, values in timings.items()}))
"""


def _measured(directory, environment: dict, requests: int) -> dict[str, float]:
    argument = json.dumps([rest_event("/healthz"), f"{TABLE_PREFIX}cache", requests])
    return json.loads(run_once(LOOP, argument, directory, environment))


def rows(setup, requests: int = 500) -> list[Row]:
    bare = startproject_site(setup.package_dir)
    bare_env = {
        **setup.environment,
        "BENCH_PACKAGE_DIR": str(setup.package_dir),
        "BENCH_TABLE": f"{TABLE_PREFIX}cache",
    }
    startproject = _measured(bare, bare_env, requests)
    site = _measured(setup.package_dir, setup.environment, requests)
    return [
        Row(
            "warm GET /healthz of a bare startproject site (one GetItem) via Zappa's handler",
            startproject["handler"],
            "raw boto3 GetItem",
            startproject["boto3"],
        ),
        Row(
            "warm GET /healthz of the site (one GetItem via PynamoDB) via Zappa's handler",
            site["handler"],
            "raw boto3 GetItem",
            site["boto3"],
        ),
    ]


def main() -> None:
    run_alone(__doc__, rows, default=500, help="measured rounds (default 500)")


if __name__ == "__main__":
    main()
