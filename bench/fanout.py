"""Dwipper's fan-out on the background engine: timelines filled per second, and a post's cost.

In one ``python -I -S`` process that sees only the Lambda package, with the
local stream worker (the consumer Lambda runs, reading DynamoDB Local's
streams, apps/core/background/worker.py) in the same process:

- authors with 1,000 and 10,000 followers (written straight into the table)
  post through ``handler.lambda_handler`` (``POST /dwipper/post``, HTTP API v2
  events); the time from the post's answer until the worker has drained the
  streams and the last of the N followers' timelines holds the dwipp, as
  timeline entries per second, in pieces of ``BACKGROUND_PIECE_SIZE``;
- the post's own latency for the author with 10,000 followers beside an
  author with none, interleaved, after warm-up (goal: ratio <= 1.2): the post
  records the fan-out and answers, whatever the following.

    .venv/bin/python -m bench.fanout [--posts 40]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from bench.common import TABLE_PREFIX, Row, run_alone
from tests.support.lambda_package import HOST, http_api_event

LOOP = """
import json, os, sys, time
sys.path.insert(0, os.getcwd())
import handler

event, posts, sizes = json.loads(sys.argv[1])
home = dict(event, rawPath="/", body="", requestContext=dict(
    event["requestContext"], http=dict(event["requestContext"]["http"], method="GET", path="/")))
handler.lambda_handler(home, None)  # set-up happens on the first request
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from apps.accounts.services import user_create
from apps.accounts.sessions import SessionStore
from apps.core.background.worker import StreamWorker
from apps.core.dynamodb.writes import items_put_batch
from apps.dwipper.keys import follower_sk, user_pk
from apps.dwipper.models import FOLLOWER, Dwipp, Social

CSRF = "b" * 32


def author(name, followers):
    user = user_create(username=name, email=f"{name}@example.com", password="bench-" + "x" * 20)
    session = SessionStore()
    session[SESSION_KEY] = user.pk
    session[BACKEND_SESSION_KEY] = "apps.accounts.backends.DynamoDBBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    items_put_batch(
        Social(user_pk(name), follower_sk(f"{name}-reader{n:05d}"), kind=FOLLOWER)
        for n in range(followers)
    )
    return dict(event, cookies=[f"sessionid={session.session_key}", f"csrftoken={CSRF}"])


def post(as_author, text):
    body = f"text={text.replace(' ', '+')}&csrfmiddlewaretoken={CSRF}"
    started = time.perf_counter()
    response = handler.lambda_handler(dict(as_author, body=body), None)
    answered = time.perf_counter()
    assert response["statusCode"] == 302, (response["statusCode"], response.get("body", "")[:500])
    return started, answered


worker = StreamWorker()
worker.drain(timeout=None)  # past the set-up's own records
result = {"fanout": {}, "post_many": [], "post_none": []}
authors = {size: author(f"fan{size}", size) for size in sizes}
lonely = author("lonely", 0)
worker.drain(timeout=None)
for size, as_author in authors.items():
    _, answered = post(as_author, f"To my {size} followers")
    worker.drain(timeout=None)
    done = time.perf_counter() - answered
    [dwipp] = [d for d in Dwipp.by_author.query(f"fan{size}")]
    reached = Social.by_dwipp.count(dwipp.dwipp_id)
    assert reached == size, (reached, size)
    result["fanout"][str(size)] = done

many = authors[max(sizes)]
for n in range(posts + 5):
    for key, as_author in (("post_many", many), ("post_none", lonely)):
        started, answered = post(as_author, f"Thought {n}")
        if n >= 5:  # the first rounds warm up connections and caches
            result[key].append(answered - started)
print(json.dumps(result))
"""

GOAL = 1.2
SIZES = (1_000, 10_000)
PATIENT = {
    "DYNAMODB_READ_TIMEOUT": "30",
    "DYNAMODB_REQUEST_BUDGET": "60",
    "BACKGROUND_RECORD_BUDGET": "120",
    "DWIPPER_POST_RATE": "100000/h",
}


def measure(setup, posts: int) -> dict:
    event = http_api_event("/dwipper/post", host=HOST, method="POST")
    event["headers"] |= {
        "content-type": "application/x-www-form-urlencoded",
        "origin": f"https://{HOST}",
        "referer": f"https://{HOST}/dwipper/post",
    }
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LOOP, json.dumps([event, posts, list(SIZES)])],
        cwd=setup.package_dir,
        env={**setup.environment, "DYNAMODB_TABLE_PREFIX": TABLE_PREFIX, **PATIENT},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"The benchmark failed inside the package:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def rows(setup, posts: int = 40) -> list[Row]:
    measured = measure(setup, posts)
    found = [
        Row(
            f"fan-out to {size:,} followers: timeline entries per second after the answer",
            size / measured["fanout"][str(size)],
            unit="items/s",
        )
        for size in SIZES
    ]
    found += [
        Row(
            f"fan-out to {size:,} followers: from the post's answer to the last timeline",
            measured["fanout"][str(size)],
            unit="s",
        )
        for size in SIZES
    ]
    found.append(
        Row(
            f"POST /dwipper/post with {max(SIZES):,} followers, through Zappa's handler",
            statistics.median(measured["post_many"]),
            "the same post with no follower",
            statistics.median(measured["post_none"]),
            GOAL,
        )
    )
    return found


def main() -> None:
    run_alone(__doc__, rows, default=40, option="--posts", help="measured posts (default 40)")


if __name__ == "__main__":
    main()
