"""Cold start without SnapStart, side by side with a bare boto3 GetItem, and where the time goes.

Builds the package with `make package`, unpacks it as Lambda does, starts an
in-memory DynamoDB Local, and then, alternating so that both see the same
machine load, runs fresh processes of three kinds:

- site: ``python -I -S`` with only the unpacked package on its path and the
  stage's environment (so Django is set up while ``handler`` is imported, as
  during Lambda's init); imports Zappa's ``handler`` and answers
  one API Gateway event for a path that reads DynamoDB (``/healthz`` by
  default: one GetItem through PynamoDB and Django);
- bare: ``python -I -S`` that imports boto3 from the same package, creates a
  DynamoDB client and does one GetItem against the same DynamoDB Local;
- startproject: a site made by ``django-admin startproject`` (its settings as
  made, but for DEBUG, ALLOWED_HOSTS and ``DATABASES = {}``) with one view doing that GetItem with
  boto3, served through Zappa's handler the usual way (``DJANGO_SETTINGS``,
  no app module of its own) from the same libraries: what Django and Zappa
  cost before the site adds anything. The site may take 30 ms more.

Each process reports the time from its first line to the response (imports
included). Two more kinds, of the site and of the startproject site, take the
same steps one by one and mark each (``PHASES``), to show where the site's
extra time goes.

    .venv/bin/python -m bench.cold_start [--runs 11] [--path /healthz]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench.common import TABLE_PREFIX, Row, package_beside_dynamodb, print_rows
from tests.support.lambda_package import rest_event

# 15 MiB before the Stripe SDK, which adds 2.9 MiB zipped (stripe 2.3 with its
# type-hint-only params and V2 event classes left out, zappa_settings.json; requests,
# charset_normalizer and idna 0.6): the package may grow by the SDK and no more.
PACKAGE_GOAL = 18

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

# The bare site's process: its own directory first, the package's libraries after it.
STARTPROJECT_PATH = "sys.path[:0] = [os.getcwd(), os.environ['BENCH_PACKAGE_DIR']]"
STARTPROJECT = SITE.replace("sys.path.insert(0, os.getcwd())", STARTPROJECT_PATH)

STARTPROJECT_VIEW = """
import os

import boto3
from django.http import HttpResponse
from django.urls import path

client = boto3.client(
    "dynamodb",
    region_name=os.environ["AWS_REGION"],
    endpoint_url=os.environ["DYNAMODB_ENDPOINT_URL"],
)


def healthz(request):
    client.get_item(TableName=os.environ["BENCH_TABLE"], Key={"key": {"S": "healthz"}})
    return HttpResponse("ok")


urlpatterns = [path("healthz", healthz)]
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

# The site's cold start taken apart, step by step in the order init takes them.
PHASES = """
import time
marks = [("start", time.perf_counter())]
def mark(name):
    marks.append((name, time.perf_counter()))
import json, os, sys
sys.path.insert(0, os.getcwd())
os.environ.pop("INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "site_project.settings"
import boto3
mark("import boto3")
import handler
mark("import Zappa's handler (werkzeug, asyncio, tarfile)")
import django.core.wsgi
mark("import django.core.wsgi")
django.setup(set_prefix=False)
mark("django.setup() (settings, apps, models)")
import site_project.lambda_wsgi
mark("middleware (the site's: and event routing)")
from django.urls import get_resolver
get_resolver().url_patterns
mark("URLconf (startproject's: and its client)")
from apps.core.dynamodb.connection import shared_connection
shared_connection().client
mark("botocore client")
handler.LambdaHandler()
mark("Zappa's LambdaHandler()")
response = handler.lambda_handler(json.loads(sys.argv[1]), None)
assert response["statusCode"] == 200, response
mark("first request")
print(json.dumps([(name, at - marks[i][1]) for i, (name, at) in enumerate(marks[1:])]))
"""

# The same steps for the bare startproject site, whose URLconf makes its boto3 client.
STARTPROJECT_PHASES = (
    PHASES.replace("sys.path.insert(0, os.getcwd())", STARTPROJECT_PATH)
    .replace("site_project.settings", "bare_site.settings")
    .replace("import site_project.lambda_wsgi", "django.core.wsgi.get_wsgi_application()")
    .replace(
        "from apps.core.dynamodb.connection import shared_connection\nshared_connection().client\n",
        "",
    )
)

GOAL = 1.5
# How much longer the site's cold start may take than the bare startproject site's.
ABOVE_STARTPROJECT_GOAL = 0.030


def startproject_site(package_dir: Path) -> Path:
    """The bare site beside the package, with Zappa's handler and settings for it."""
    where = package_dir.parent / "startproject"
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir()
    subprocess.run(
        [Path(sys.executable).parent / "django-admin", "startproject", "bare_site", where],
        check=True,
    )
    settings = where / "bare_site" / "settings.py"
    made = settings.read_text().replace("DEBUG = True", "DEBUG = False")
    made = made.replace("ALLOWED_HOSTS = []", 'ALLOWED_HOSTS = ["*"]')
    settings.write_text(made + "\nDATABASES = {}  # the package carries no database backend\n")
    (where / "bare_site" / "urls.py").write_text(STARTPROJECT_VIEW)
    for name in ("handler.py", "django_zappa_app.py"):
        shutil.copy(package_dir / name, where / name)
    ours = (package_dir / "zappa_settings.py").read_text()
    theirs = re.sub(r"^APP_(MODULE|FUNCTION)=.*\n", "", ours, flags=re.M)
    theirs = re.sub(
        r"^DJANGO_SETTINGS=.*$", "DJANGO_SETTINGS='bare_site.settings'", theirs, flags=re.M
    )
    (where / "zappa_settings.py").write_text(theirs)
    return where


def run_once(code: str, argument: str, package_dir: Path, environment: dict) -> str:
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, argument],
        cwd=package_dir,
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"A measured process failed in {package_dir}:\n{result.stderr[-3000:]}")
    return result.stdout.strip().splitlines()[-1]


def measure(setup, path: str, runs: int) -> dict[str, list]:
    event = json.dumps(rest_event(path))
    timings: dict[str, list] = {
        "site": [],
        "bare": [],
        "startproject": [],
        "phases": [],
        "startproject phases": [],
    }
    env, task = setup.environment, setup.package_dir
    bare_site = startproject_site(task)
    bare_env = {**env, "BENCH_PACKAGE_DIR": str(task), "BENCH_TABLE": f"{TABLE_PREFIX}cache"}
    healthz = json.dumps(rest_event("/healthz"))
    run_once(SITE, event, task, env)  # warm the OS file cache
    run_once(STARTPROJECT, healthz, bare_site, bare_env)
    for _ in range(runs):
        timings["site"].append(float(run_once(SITE, event, task, env)))
        timings["bare"].append(float(run_once(BARE, f"{TABLE_PREFIX}cache", task, env)))
        timings["startproject"].append(float(run_once(STARTPROJECT, healthz, bare_site, bare_env)))
        timings["phases"].append(json.loads(run_once(PHASES, event, task, env)))
        phases = run_once(STARTPROJECT_PHASES, healthz, bare_site, bare_env)
        timings["startproject phases"].append(json.loads(phases))
    return timings


def phase_medians(runs: list[list[tuple[str, float]]]) -> dict[str, float]:
    return {
        name: statistics.median(dict(run).get(name, 0.0) for run in runs) for name, _ in runs[0]
    }


def breakdown_table(site_runs: list, startproject_runs: list) -> str:
    """The medians per step of both sites, side by side, as a Markdown table."""
    site, theirs = phase_medians(site_runs), phase_medians(startproject_runs)
    lines = [
        f"| {'step':<50} | {'site':>9} | {'startproject':>12} | {'difference':>10} |",
        f"|{'-' * 52}|{'-' * 11}|{'-' * 14}|{'-' * 12}|",
    ]
    rows = [*site.items(), ("total", sum(site.values()))]
    for name, ms in rows:
        other = sum(theirs.values()) if name == "total" else theirs.get(name, 0.0)
        cells = f"{1000 * ms:6.1f} ms | {1000 * other:9.1f} ms | {1000 * (ms - other):+7.1f} ms"
        lines.append(f"| {name:<50} | {cells} |")
    return "\n".join(lines)


def rows(setup, path: str = "/healthz", runs: int = 11) -> tuple[list[Row], str]:
    """The summary rows, and the phase breakdown as a table of its own."""
    timings = measure(setup, path, runs)
    site, bare, startproject = (
        statistics.median(timings[k]) for k in ("site", "bare", "startproject")
    )
    summary = [
        Row(
            f"cold start, no SnapStart: GET {path} (median of {runs})",
            site,
            "import boto3 + GetItem",
            bare,
            GOAL,
        ),
        Row(
            f"cold start above a bare startproject site doing the GetItem via Zappa"
            f" ({1000 * startproject:.0f} ms)",
            site - startproject,
            goal=ABOVE_STARTPROJECT_GOAL,
        ),
        Row(
            "package zipped (MiB)",
            setup.package.stat().st_size / 2**20,
            unit="MiB",
            goal=PACKAGE_GOAL,
        ),
    ]
    breakdown = breakdown_table(timings["phases"], timings["startproject phases"])
    return summary, breakdown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="processes of each kind (default 11)")
    parser.add_argument("--path", default="/healthz", help="page to request (default /healthz)")
    args = parser.parse_args()
    with package_beside_dynamodb() as setup:
        summary, breakdown = rows(setup, args.path, args.runs)
    print_rows(summary)
    print(f"\nWhere the cold starts go (median per step of {args.runs} processes each):\n")
    print(breakdown)


if __name__ == "__main__":
    main()
