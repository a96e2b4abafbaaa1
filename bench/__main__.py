"""Every benchmark in one run, printed as one table: `make bench` (or `python -m bench`).

One package build and one DynamoDB Local serve all of them; each benchmark
measures its site figure and its baseline side by side, interleaved, so the
ratios hold on a busy machine even when the absolute times do not.

    .venv/bin/python -m bench [--runs 11]
"""

import argparse

from bench import cold_start, fanout, feed, floor, pages, redirect, restore, todos_api
from bench.common import package_beside_dynamodb, print_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="fresh processes per cold start")
    args = parser.parse_args()
    with package_beside_dynamodb() as setup:
        cold, breakdown = cold_start.rows(setup, runs=args.runs)
        summary = cold + restore.rows(setup, runs=max(7, args.runs // 2)) + floor.rows(setup)
        summary += redirect.rows(setup)
        summary += todos_api.rows(setup)
        summary += feed.rows(setup)
        summary += pages.rows(setup)
        summary += fanout.rows(setup)
    print_rows(summary)
    print("\nWhere a cold start without SnapStart goes (median per step):\n")
    print(breakdown)


if __name__ == "__main__":
    main()
