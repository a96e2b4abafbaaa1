"""What a stage costs a month, from figures measured on the Lambda package.

Runs each kind of request of a stated mix through Zappa's handler in the
unpacked package (HTTP API v2 events, as the stages use) against DynamoDB
Local, and measures what each costs: its CPU time, and from the site's own
request log lines (apps/core/http/request_log.py) the DynamoDB calls it made
and the read and write units DynamoDB reported as consumed. It turns them,
with the public prices below, into the monthly cost of each stage of
zappa_settings.json (its memory, architecture and SnapStart setting) at 10 k,
1 M and 100 M requests, with SnapStart's snapshot cache and restores where the
stage has SnapStart, and its alarms (deploy/alarms.py), beside the seed
tutorial's estimate.

It also prices both stages at other memory sizes (``COMPARED_SIZES`` and the
stages' own), to choose each stage's ``memory_size``: Lambda gives a function
CPU in proportion to its memory, so the same request takes longer, and is
billed for less memory, on a smaller one.

Assumptions, stated so that they can be argued with:
- Duration: what a request costs is its CPU time, measured here (the median
  ``time.thread_time`` of each kind), scaled by Lambda's CPU share at the
  stage's memory (a full vCPU at 1,769 MB, in proportion below it; one Python
  thread gains nothing above it), plus its DynamoDB waits, which do not scale:
  each call is taken to wait ``DYNAMODB_CALL_MS`` in the region (DynamoDB
  Local's own answers, tens of milliseconds on a busy machine, would overstate
  it). Billed per started millisecond.
- One local CPU second is taken for one second of a full Lambda vCPU.
- arm64 (both stages): its GB-second price, with the CPU times measured here on
  x86_64 (arm64's own speed is not measured: only emulation runs it here), and
  SnapStart's cache and restores at the x86_64 prices.
- Restores: a share of requests lands on a new environment (``RESTORE_SHARE``);
  sparse traffic restores more often than busy traffic.
- SnapStart keeps a snapshot cached for each retained version (three after an
  update with ``num_retained_versions: 2``), for the whole month; its cache and
  restores are priced per GB of the function's memory.
- Alarms: each of the stage's alarms is a standard alarm on one metric. The
  DynamoDB alarms' metrics come from log metric filters and exist only in hours
  with data (a failure), so they cost nothing in a quiet month; SNS email
  notifications are free for the first thousand a month.
- Background work (apps/core/background): ``WORK_SHARE`` of requests record a
  piece of work (a post, a deletion); each runs in one invocation of its own
  (the mapping's batches hold one record at low traffic) of ``PIECE_SECONDS``
  with ``PIECE_WRITE_UNITS`` (its writes and the hand-off), and the sweeps'
  rule invokes the function every five minutes for ``SWEEP_SECONDS``. Reading
  the streams costs nothing: DynamoDB does not charge the GetRecords calls of a
  Lambda event source mapping (another reader would pay
  ``dynamodb_stream_read_unit``); the failure queue is empty unless a batch fails.
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
from deploy.alarms import ALARMS
from deploy.stage import Stage, load
from tests.support.lambda_package import http_api_event

# Public list prices, us-east-1, USD (checked 2026-11).
PRICES = {
    "lambda_request": 0.20 / 1e6,
    "lambda_gb_second": 0.0000166667,  # x86_64
    "lambda_gb_second_arm64": 0.0000133334,
    "http_api_request": 1.00 / 1e6,  # first 300 M a month
    "dynamodb_read_unit": 0.125 / 1e6,  # on-demand read request unit
    "dynamodb_write_unit": 0.625 / 1e6,  # on-demand write request unit
    "snapstart_cache_gb_second": 0.0000015046,
    "snapstart_restore_gb": 0.0001397998,
    "logs_ingested_gb": 0.50,
    "alarm_month": 0.10,  # standard resolution, one metric
    # Streams read request unit, for readers other than Lambda's mappings (those are free).
    "dynamodb_stream_read_unit": 0.02 / 1e5,
}
WORK_SHARE = 0.01  # requests that record a piece of background work
PIECE_SECONDS = 0.3  # a piece: up to BACKGROUND_PIECE_SIZE items, in a warm invocation
PIECE_WRITE_UNITS = 25  # a fan-out piece's timeline entries and its hand-off, on average
SECONDS_A_MONTH = 30 * 24 * 3600
SWEEPS_A_MONTH = SECONDS_A_MONTH // 300  # the rule's rate(5 minutes)
SWEEP_SECONDS = 0.05
STAGES = ("dev", "production")
COMPARED_SIZES = (512, 1024, 1769)  # MB, beside the stages' own memory_size
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


def cpu_share(memory_mb: int) -> float:
    """The share of a vCPU Lambda gives a function of ``memory_mb``."""
    return min(1.0, memory_mb / FULL_VCPU_MB)


def billed_ms(figure: dict, memory_mb: int) -> int:
    """A request's billed duration at ``memory_mb``: CPU scaled by the share, waits added."""
    cpu_ms = 1000 * figure["cpu_seconds"] / cpu_share(memory_mb)
    return math.ceil(cpu_ms + figure["calls"] * DYNAMODB_CALL_MS)


def mean_billed_ms(figures: dict[str, dict], memory_mb: int) -> float:
    return sum(share * billed_ms(figures[kind], memory_mb) for kind, share in MIX.items())


def monthly_cost(
    figures: dict[str, dict], requests: int, stage: Stage, memory_mb: int | None = None
) -> dict[str, float]:
    """The stage's bill for a month, by line, for ``requests`` requests of the mix.

    At the stage's own ``memory_size`` unless ``memory_mb`` says otherwise.
    """
    memory_mb = memory_mb or stage.memory_mb
    memory_gb = memory_mb / 1024
    gb_second = PRICES[
        "lambda_gb_second_arm64" if stage.architecture == "arm64" else "lambda_gb_second"
    ]
    reads = sum(share * figures[kind]["read_units"] for kind, share in MIX.items())
    writes = sum(share * figures[kind]["write_units"] for kind, share in MIX.items())
    bill = {
        "Lambda requests": requests * PRICES["lambda_request"],
        "Lambda duration": (
            requests * mean_billed_ms(figures, memory_mb) / 1000 * memory_gb * gb_second
        ),
        "HTTP API": requests * PRICES["http_api_request"],
        "DynamoDB reads": requests * reads * PRICES["dynamodb_read_unit"],
        "DynamoDB writes": requests * writes * PRICES["dynamodb_write_unit"],
        "CloudWatch Logs": requests * LOG_BYTES_PER_REQUEST / 1e9 * PRICES["logs_ingested_gb"],
        "CloudWatch alarms": len(ALARMS) * PRICES["alarm_month"],
        **background_cost(requests, memory_gb * gb_second),
    }
    if stage.snap_start:
        restores = requests * RESTORE_SHARE[requests]
        bill["SnapStart cache"] = (
            CACHED_VERSIONS * memory_gb * SECONDS_A_MONTH * PRICES["snapstart_cache_gb_second"]
        )
        bill["SnapStart restores"] = restores * memory_gb * PRICES["snapstart_restore_gb"]
    return bill


def background_cost(requests: int, gb_second_price: float) -> dict[str, float]:
    """The consumer's invocations (pieces of work, sweeps) and their writes; stream reads."""
    pieces = requests * WORK_SHARE
    invocations = pieces + SWEEPS_A_MONTH
    seconds = pieces * PIECE_SECONDS + SWEEPS_A_MONTH * SWEEP_SECONDS
    return {
        "Background invocations": invocations * PRICES["lambda_request"]
        + seconds * gb_second_price,
        "Background writes": pieces * PIECE_WRITE_UNITS * PRICES["dynamodb_write_unit"],
        "Stream reads (by Lambda: free)": 0.0,
    }


def memory_sizes(stages: list[Stage]) -> list[int]:
    """The sizes compared: ``COMPARED_SIZES`` and every stage's own."""
    return sorted(set(COMPARED_SIZES) | {stage.memory_mb for stage in stages})


def print_figures(figures: dict[str, dict], sizes: list[int]) -> None:
    columns = " | ".join(f"billed ms at {mb} MB" for mb in sizes)
    print(
        f"| request kind | share | CPU ms | DynamoDB calls | {columns} | read units | write units |"
    )
    print("|---|---|---|---|" + "---|" * len(sizes) + "---|---|")
    for kind, share in MIX.items():
        f = figures[kind]
        billed = " | ".join(str(billed_ms(f, mb)) for mb in sizes)
        print(
            f"| {kind} | {share:.0%} | {1000 * f['cpu_seconds']:.1f} | {f['calls']:.1f} | {billed} "
            f"| {f['read_units']:.2f} | {f['write_units']:.2f} |"
        )


def _volume(requests: int) -> str:
    return f"{requests // 1_000_000} M" if requests >= 1_000_000 else f"{requests // 1000} k"


def print_memory_sizes(figures: dict[str, dict], stages: list[Stage]) -> None:
    """Duration and each stage's cost side by side at each memory size: the choice of it."""
    months = " | ".join(
        f"{stage.name}, {_volume(volume)}" for stage in stages for volume in VOLUMES
    )
    print(f"| memory | vCPU share | mean billed ms of the mix | {months} |")
    print("|---|---|---|" + "---|" * len(stages) * len(VOLUMES))
    for mb in memory_sizes(stages):
        totals = " | ".join(
            f"{sum(monthly_cost(figures, volume, stage, mb).values()):.2f}"
            for stage in stages
            for volume in VOLUMES
        )
        chosen = "".join(f" ({stage.name})" for stage in stages if stage.memory_mb == mb)
        print(
            f"| {mb} MB{chosen} | {cpu_share(mb):.2f} | {mean_billed_ms(figures, mb):.1f} "
            f"| {totals} |"
        )


def print_costs(figures: dict[str, dict], stages: list[Stage]) -> None:
    """Each stage's bill by line, at its own settings, the volumes side by side."""
    bills = {
        (stage.name, volume): monthly_cost(figures, volume, stage)
        for stage in stages
        for volume in VOLUMES
    }
    for stage in stages:
        snap = "SnapStart" if stage.snap_start else "no SnapStart"
        print(f"{stage.name}: {stage.memory_mb} MB, {stage.architecture}, {snap}")
    print()
    header = " | ".join(f"{name}, {_volume(volume)}" for name, volume in bills)
    print(f"| a month, USD | {header} |")
    print("|---|" + "---|" * len(bills))
    lines = dict.fromkeys(line for bill in bills.values() for line in bill)
    for line in lines:
        cells = " | ".join(f"{bill[line]:.2f}" if line in bill else "-" for bill in bills.values())
        label = f"{line} ({len(ALARMS)})" if line == "CloudWatch alarms" else line
        print(f"| {label} | {cells} |")
    totals = " | ".join(f"**{sum(bill.values()):.2f}**" for bill in bills.values())
    print(f"| **total** | {totals} |")
    print(f"\nSeed tutorial's estimate: {SEED_ESTIMATE}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="measured requests per kind")
    args = parser.parse_args()
    with package_beside_dynamodb() as setup:
        figures = measure(setup, args.requests)
    stages = [load(name) for name in STAGES]
    print_figures(figures, memory_sizes(stages))
    print()
    print_costs(figures, stages)
    print()
    print_memory_sizes(figures, stages)


if __name__ == "__main__":
    main()
