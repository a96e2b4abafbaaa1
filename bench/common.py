"""What the benchmarks share: the Lambda package, unpacked, beside a fresh DynamoDB Local."""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from apps.core.dynamodb import local as dynamodb_local
from tests.support.lambda_package import lambda_environment, package_build, package_unpack

PROJECT_DIR = Path(__file__).resolve().parent.parent

TABLE_PREFIX = "bench-"


@dataclass
class Setup:
    package: Path
    package_dir: Path
    endpoint: str

    @property
    def environment(self) -> dict[str, str]:
        """The Lambda function's environment, plus credentials for bare boto3."""
        return {
            **lambda_environment(self.endpoint, TABLE_PREFIX),
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
        }


@contextlib.contextmanager
def package_beside_dynamodb() -> Iterator[Setup]:
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
            _tables_create(endpoint)
            yield Setup(package, package_dir, endpoint)
        finally:
            dynamodb_local.stop(process)


def _tables_create(endpoint: str) -> None:
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


@dataclass
class Row:
    """One line of the benchmarks' summary: a figure, what it is compared with, and the goal.

    With a baseline the goal is for the ratio; without one, for the figure itself.
    Times are in seconds and printed in ms.
    """

    what: str
    value: float
    baseline_what: str = ""
    baseline: float | None = None
    goal: float | None = None
    unit: str = "ms"

    def cells(self) -> list[str]:
        ratio = self.value / self.baseline if self.baseline else None
        measured = ratio if ratio is not None else self.value
        met = "" if self.goal is None else (" ✓" if measured <= self.goal else " ✗")
        return [
            self.what,
            self._format(self.value),
            f"{self.baseline_what}: {self._format(self.baseline)}" if self.baseline else "",
            f"{ratio:.2f}" if ratio is not None else "",
            f"<= {self._goal_text()}{met}" if self.goal is not None else "",
        ]

    def _goal_text(self) -> str:
        """A ratio's goal as it is; a time's in ms, like the time."""
        if self.baseline or self.unit != "ms":
            return f"{self.goal:g}"
        return f"{1000 * self.goal:g} ms"

    def _format(self, value: float) -> str:
        return f"{1000 * value:.2f} ms" if self.unit == "ms" else f"{value:.1f} {self.unit}"


def print_rows(rows: list[Row]) -> None:
    """The summary as one Markdown table."""
    header = ["benchmark", "site", "baseline", "ratio", "goal"]
    lines = [header, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def table(rows: list[tuple[str, list[float]]], unit: str = "ms") -> str:
    """A Markdown table of median, min and max per row (values in seconds)."""
    import statistics

    lines = [
        f"| {'what':<44} | {'median':>9} | {'min':>9} | {'max':>9} |",
        f"|{'-' * 46}|{'-' * 11}|{'-' * 11}|{'-' * 11}|",
    ]
    for name, values in rows:
        cells = [
            f"{1000 * v:6.2f} {unit}" for v in (statistics.median(values), min(values), max(values))
        ]
        lines.append(f"| {name:<44} | {' | '.join(cells)} |")
    return "\n".join(lines)


def run_alone(doc: str, rows, *, default: int, option: str = "--requests", help: str) -> None:
    """One benchmark on its own (``python -m bench.<name>``): set up, measure, print its rows."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument(option, type=int, default=default, help=help)
    count = getattr(parser.parse_args(), option.lstrip("-"))
    with package_beside_dynamodb() as setup:
        summary = rows(setup, count)
    print_rows(summary)
