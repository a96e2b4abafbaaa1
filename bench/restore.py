"""The first response after a (simulated) SnapStart restore, against the warm median.

With SnapStart, a cold start restores a snapshot taken after init, so what a
user waits for is the first request in a restored environment: no Python or
Django start-up, but every connection is gone (a restore drops open sockets)
and whatever init did not prime is done now.

Each sample is one fresh ``python -I -S`` process that sees only the unpacked
package and the stage's environment: importing Zappa's ``handler`` runs init
(Django set up, as the stage's ``INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT`` makes
it), then the process runs the site's ``before_snapshot`` (priming) and
``after_restore`` hooks (connections closed, ``random`` re-seeded), times the
first request, and then the median of warm repeats of the same request.

The first request meets a DynamoDB Local that has been idle while the process
started, and DynamoDB Local answers slower after any pause (the JVM's threads
parked: raw boto3's GetItem takes 2.6 ms back to back and 8-11 ms after a pause
of 50 ms or more, while pure Python runs at the same speed). So the goal row
compares the first request with warm requests each made after the same kind of
pause (``PAUSE``), and two rows without a goal show what the pause alone does:
the warm request back to back, and raw boto3's GetItem after a pause against
back to back. What is left is what the restored process itself does first.

The simulation talks plain HTTP to DynamoDB Local; on AWS the first request also
pays a TLS handshake with DynamoDB, measured here separately against a local TLS
server (CPU only: add about one network round trip inside the region, ~1 ms).

    .venv/bin/python -m bench.restore [--runs 7]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from bench.common import TABLE_PREFIX, Row, run_alone
from bench.tls import tls_handshake_seconds
from tests.support.lambda_package import rest_event

RESTORE = """
import json, os, sys, time
sys.path.insert(0, os.getcwd())
import handler  # init: Django set up
from site_project import lambda_wsgi

event, warm_requests, pause, pauses, table = json.loads(sys.stdin.read())
lambda_wsgi.before_snapshot()
lambda_wsgi.after_restore()


def served():
    started = time.perf_counter()
    status = handler.lambda_handler(event, None)["statusCode"]
    assert status in (200, 301), status
    return time.perf_counter() - started


def paused(call):
    time.sleep(pause)
    return call()


def boto3_get():
    started = time.perf_counter()
    client.get_item(TableName=table, Key={"key": {"S": "healthz"}})
    return time.perf_counter() - started


first = served()
warm = [served() for _ in range(warm_requests)]
import boto3  # only after the measured requests, so it cannot change them

region, endpoint = os.environ["AWS_REGION"], os.environ["DYNAMODB_ENDPOINT_URL"]
client = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint)
boto3_get()
print(json.dumps({
    "first": first,
    "warm": warm,
    "paused": [paused(served) for _ in range(pauses)],
    "boto3": [boto3_get() for _ in range(pauses)],
    "boto3_paused": [paused(boto3_get) for _ in range(pauses)],
}))
"""

# Made inside the package: a short link, and a signed-in session for a captain.
FIXTURES = """
import json, os, sys
sys.path.insert(0, os.getcwd())
import handler
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from apps.accounts.services import user_create
from apps.accounts.sessions import SessionStore
from apps.shortener.services import link_create

user = user_create(username="bench", email="bench@example.com", password="bench-" + "x" * 20)
session = SessionStore()
session[SESSION_KEY] = user.pk
session[BACKEND_SESSION_KEY] = "apps.accounts.backends.DynamoDBBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
link = link_create(url="https://example.com/restored")
print(json.dumps({"code": link.code, "session": session.session_key}))
"""

GOAL = 1.5
PAUSE = 0.3  # seconds; the effect is the same from 0.05 s to 1 s
PAUSED = 5  # paused requests per process


def _run(setup, code: str, data) -> dict:
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code],
        cwd=setup.package_dir,
        env=setup.environment,
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def requests(setup) -> dict[str, dict]:
    """The three requests measured: health check, redirect, a signed-in page."""
    fixtures = _run(setup, FIXTURES, None)
    signed_in = rest_event("/log/", headers={"Cookie": f"sessionid={fixtures['session']}"})
    return {
        "GET /healthz (one GetItem)": rest_event("/healthz"),
        f"GET /{fixtures['code']} (redirect)": rest_event(f"/{fixtures['code']}"),
        "GET /log/ (signed in)": signed_in,
    }


def rows(setup, runs: int = 7, warm_requests: int = 30) -> list[Row]:
    events = requests(setup)
    kinds = ("first", "warm", "paused", "boto3", "boto3_paused")
    measured = {name: {kind: [] for kind in kinds} for name in events}
    table = f"{TABLE_PREFIX}cache"
    for _ in range(runs):  # interleaved, so every kind sees the same machine load
        for name, event in events.items():
            sample = _run(setup, RESTORE, [event, warm_requests, PAUSE, PAUSED, table])
            measured[name]["first"].append(sample["first"])
            for kind in kinds[1:]:
                measured[name][kind].append(statistics.median(sample[kind]))
    summary = []
    for name, times in measured.items():
        medians = {kind: statistics.median(values) for kind, values in times.items()}
        summary += [
            Row(
                f"first response after restore: {name} (median of {runs})",
                medians["first"],
                f"warm, each after a {PAUSE:g} s pause",
                medians["paused"],
                GOAL,
            ),
            Row(
                f"  the same, warm after a {PAUSE:g} s pause",
                medians["paused"],
                "back to back",
                medians["warm"],
            ),
        ]
    boto3 = {
        kind: statistics.median(v for t in measured.values() for v in t[kind]) for kind in kinds[3:]
    }
    summary.append(
        Row(
            f"raw boto3 GetItem after a {PAUSE:g} s pause (DynamoDB Local idle)",
            boto3["boto3_paused"],
            "back to back",
            boto3["boto3"],
        )
    )
    plain, tls = tls_handshake_seconds()
    summary.append(Row("new connection with TLS (local, CPU only)", tls, "plain TCP", plain))
    return summary


def main() -> None:
    run_alone(__doc__, rows, default=7, option="--runs", help="restored processes per request")


if __name__ == "__main__":
    main()
