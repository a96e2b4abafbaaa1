"""What a stage costs a month, from figures measured on the Lambda package.

Runs each kind of request of a stated mix through Zappa's handler in the
unpacked package (HTTP API v2 events, as the stages use) against DynamoDB
Local, and reads what each costs from the site's own request log lines
(apps/core/http/request_log.py): the duration, and the read and write units
DynamoDB reported as consumed. It turns them, with the public prices below,
into the monthly cost of a stage at 10 k, 1 M and 100 M requests, SnapStart's
snapshot cache and restores included, beside the seed tutorial's estimate.

It does so at three memory sizes (``MEMORY_SIZES``), to choose the stage's
``memory_size``: Lambda gives a function CPU in proportion to its memory, so
the same request takes longer, and is billed for less memory, on a smaller one.

Assumptions, stated so that they can be argued with:
- Duration: what a request costs is its CPU time, measured here (the median
  ``time.thread_time`` of each kind), scaled by Lambda's CPU share at each
  size (a full vCPU at 1,769 MB, in proportion below it; one Python thread
  gains nothing above it), plus its DynamoDB waits, which do not scale: each
  call is taken to wait ``DYNAMODB_CALL_MS`` in the region (DynamoDB Local's
  own answers, tens of milliseconds on a busy machine, would overstate it).
  Billed per started millisecond.
- One local CPU second is taken for one second of a full Lambda vCPU.
- Restores: a share of requests lands on a new environment (``RESTORE_SHARE``);
  sparse traffic restores more often than busy traffic.
- SnapStart keeps a snapshot cached for each retained version (three after an
  update with ``num_retained_versions: 2``), for the whole month; its cache and
  restores are priced per GB of the function's memory.
- No free tier, no data transfer; list prices of us-east-1 (eu-central-1's
  differ by a few per cent).

The README ("Choosing the memory size") has the procedure that measures the
same on AWS from the REPORT lines.

    .venv/bin/python -m bench.cost [--requests 30]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys

from bench.common import package_beside_dynamodb
from bench.restore import FIXTURES
from tests.support.lambda_package import http_api_event

# Public list prices, us-east-1, USD (checked 2026-11).
PRICES = {
    "lambda_request": 0.20 / 1e6,
    "lambda_gb_second": 0.0000166667,  # x86_64
    "http_api_request": 1.00 / 1e6,  # first 300 M a month
    "dynamodb_read_unit": 0.125 / 1e6,  # on-demand read request unit
    "dynamodb_write_unit": 0.625 / 1e6,  # on-demand write request unit
    "snapstart_cache_gb_second": 0.0000015046,
    "snapstart_restore_gb": 0.0001397998,
    "logs_ingested_gb": 0.50,
}
SECONDS_A_MONTH = 30 * 24 * 3600
MEMORY_SIZES = (512, 1024, 1769)  # MB; the dev stage has 1024 (zappa_settings.json)
STAGE_MEMORY_MB = 1024
FULL_VCPU_MB = 1769  # Lambda's memory size with one full vCPU
DYNAMODB_CALL_MS = 4.0  # one DynamoDB call's wait inside the region (single-item, on-demand)
CACHED_VERSIONS = 3
LOG_BYTES_PER_REQUEST = 600  # our JSON line + Lambda's START, END and REPORT lines
VOLUMES = (10_000, 1_000_000, 100_000_000)
RESTORE_SHARE = {10_000: 0.5, 1_000_000: 0.02, 100_000_000: 0.001}
SEED_ESTIMATE = "about $0.02 a month at 10 k requests (the seed tutorial, no SnapStart)"

# The mix: share of requests of each kind.
MIX = {
    "redirect": 0.50,
    "signed-in page": 0.25,
    "home page": 0.15,
    "shorten (API)": 0.10,
}

RUNNER = """
import json, logging, os, sys, time
sys.path.insert(0, os.getcwd())
import handler
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append(json.loads(record.getMessage()))
logging.getLogger("apps.core.requests").addHandler(Keep())
events, repeats = json.loads(sys.stdin.read())
lines = {}
for name, event in events.items():
    for _ in range(5):  # warm up
        handler.lambda_handler(event, None)
    del records[:]
    cpu = []
    for _ in range(repeats):
        started = time.thread_time()
        handler.lambda_handler(event, None)
        cpu.append(time.thread_time() - started)
    lines[name] = {"lines": list(records), "cpu": cpu}
print(json.dumps(lines))
"""


def _events(setup) -> dict[str, dict]:
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", FIXTURES],
        cwd=setup.package_dir,
        env=setup.environment,
        capture_output=True,
        text=True,
        check=True,
    )
    fixtures = json.loads(result.stdout.strip().splitlines()[-1])
    signed_in = http_api_event("/log/")
    signed_in["cookies"] = [f"sessionid={fixtures['session']}"]
    shorten = http_api_event(
        "/shorten", method="POST", body=json.dumps({"url": "https://example.com/cost"})
    )
    shorten["headers"]["content-type"] = "application/json"
    return {
        "redirect": http_api_event(f"/{fixtures['code']}"),
        "signed-in page": signed_in,
        "home page": http_api_event("/"),
        "shorten (API)": shorten,
    }


def measure(setup, repeats: int) -> dict[str, dict]:
    """Per kind: median CPU time (s), mean DynamoDB calls and read/write units (request log)."""
    environment = {
        **setup.environment,
        "DJANGO_REQUEST_LOG_LEVEL": "INFO",
        "SHORTENER_RATE_ANONYMOUS": "1000000/h",
    }
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", RUNNER],
        cwd=setup.package_dir,
        env=environment,
        input=json.dumps([_events(setup), repeats]),
        capture_output=True,
        text=True,
        check=True,
    )
    lines = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        name: {
            "cpu_seconds": statistics.median(kind["cpu"]),
            "calls": statistics.mean(line["dynamodb_calls"] for line in kind["lines"]),
            "read_units": statistics.mean(line["read_units"] for line in kind["lines"]),
            "write_units": statistics.mean(line["write_units"] for line in kind["lines"]),
        }
        for name, kind in lines.items()
    }


def billed_ms(figure: dict, memory_mb: int) -> int:
    """A request's billed duration at ``memory_mb``: CPU scaled by the share, waits added."""
    share = min(1.0, memory_mb / FULL_VCPU_MB)
    return math.ceil(1000 * figure["cpu_seconds"] / share + figure["calls"] * DYNAMODB_CALL_MS)


def monthly_cost(figures: dict[str, dict], requests: int, memory_mb: int) -> dict[str, float]:
    """The month's bill, by line, for ``requests`` requests of the mix at ``memory_mb``."""
    memory_gb = memory_mb / 1024
    billed_seconds = sum(
        share * billed_ms(figures[kind], memory_mb) / 1000 for kind, share in MIX.items()
    )
    reads = sum(share * figures[kind]["read_units"] for kind, share in MIX.items())
    writes = sum(share * figures[kind]["write_units"] for kind, share in MIX.items())
    restores = requests * RESTORE_SHARE[requests]
    return {
        "Lambda requests": requests * PRICES["lambda_request"],
        "Lambda duration": requests * billed_seconds * memory_gb * PRICES["lambda_gb_second"],
        "HTTP API": requests * PRICES["http_api_request"],
        "DynamoDB reads": requests * reads * PRICES["dynamodb_read_unit"],
        "DynamoDB writes": requests * writes * PRICES["dynamodb_write_unit"],
        "SnapStart cache": (
            CACHED_VERSIONS * memory_gb * SECONDS_A_MONTH * PRICES["snapstart_cache_gb_second"]
        ),
        "SnapStart restores": restores * memory_gb * PRICES["snapstart_restore_gb"],
        "CloudWatch Logs": requests * LOG_BYTES_PER_REQUEST / 1e9 * PRICES["logs_ingested_gb"],
    }


def print_figures(figures: dict[str, dict]) -> None:
    sizes = " | ".join(f"billed ms at {mb} MB" for mb in MEMORY_SIZES)
    print(
        f"| request kind | share | CPU ms | DynamoDB calls | {sizes} | read units | write units |"
    )
    print("|---|---|---|---|" + "---|" * len(MEMORY_SIZES) + "---|---|")
    for kind, share in MIX.items():
        f = figures[kind]
        billed = " | ".join(str(billed_ms(f, mb)) for mb in MEMORY_SIZES)
        print(
            f"| {kind} | {share:.0%} | {1000 * f['cpu_seconds']:.1f} | {f['calls']:.1f} | {billed} "
            f"| {f['read_units']:.2f} | {f['write_units']:.2f} |"
        )


def print_memory_sizes(figures: dict[str, dict]) -> None:
    """Duration and cost side by side at each memory size: the choice of ``memory_size``."""
    volumes = " | ".join(f"a month at {volume:,}" for volume in VOLUMES)
    print(f"| memory | vCPU share | mean billed ms of the mix | {volumes} |")
    print("|---|---|---|" + "---|" * len(VOLUMES))
    for mb in MEMORY_SIZES:
        mean_ms = sum(share * billed_ms(figures[kind], mb) for kind, share in MIX.items())
        totals = " | ".join(
            f"{sum(monthly_cost(figures, volume, mb).values()):.2f}" for volume in VOLUMES
        )
        print(f"| {mb} MB | {min(1.0, mb / FULL_VCPU_MB):.2f} | {mean_ms:.1f} | {totals} |")


def print_costs(figures: dict[str, dict], memory_mb: int) -> None:
    bills = {volume: monthly_cost(figures, volume, memory_mb) for volume in VOLUMES}
    header = " | ".join(f"{volume:,} requests" for volume in VOLUMES)
    print(f"| a month at {memory_mb} MB, USD | {header} |")
    print("|---|" + "---|" * len(VOLUMES))
    for line in bills[VOLUMES[0]]:
        cells = " | ".join(f"{bills[volume][line]:.2f}" for volume in VOLUMES)
        print(f"| {line} | {cells} |")
    totals = " | ".join(f"**{sum(bills[volume].values()):.2f}**" for volume in VOLUMES)
    print(f"| **total** | {totals} |")
    without = " | ".join(
        f"{sum(v for k, v in bills[volume].items() if not k.startswith('SnapStart')):.2f}"
        for volume in VOLUMES
    )
    print(f"| total without SnapStart | {without} |")
    print(f"\nSeed tutorial's estimate: {SEED_ESTIMATE}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="measured requests per kind")
    args = parser.parse_args()
    with package_beside_dynamodb() as setup:
        figures = measure(setup, args.requests)
    print_figures(figures)
    print()
    print_memory_sizes(figures)
    print()
    print_costs(figures, STAGE_MEMORY_MB)


if __name__ == "__main__":
    main()
