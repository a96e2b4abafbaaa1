"""A warm short-link redirect: Django and Zappa's handler beside raw boto3.

Builds and unpacks the Lambda package, starts an in-memory DynamoDB Local and
creates one short link. Then one ``python -I -S`` process that sees only the
package runs, interleaved so all three see the same conditions:

- handler: Zappa's ``handler.lambda_handler`` with an API Gateway REST event
  for ``/<code>`` (what a warm Lambda container does per request);
- django: Django's WSGI application called directly with the same request;
- boto3: raw boto3 doing the DynamoDB operations the redirect does, with the
  parameters PynamoDB sends: GetItem on the link, UpdateItem ADD on one click
  shard (setting its expiry and the click the statistics read from the stream).

Prints the median latency of each and the ratios to raw boto3.

    .venv/bin/python -m bench.redirect [--requests 500]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from bench.common import TABLE_PREFIX, Row, run_alone
from tests.support.lambda_package import HOST, rest_event

LOOP = """
import io, json, os, random, sys, time
from datetime import datetime
sys.path.insert(0, os.getcwd())
import boto3
import handler

event, code, shards, requests = json.loads(sys.argv[1])
handler.lambda_handler(event, None)  # set-up happens on the first request
application = handler.LambdaHandler().wsgi_app
environ = {
    "REQUEST_METHOD": "GET", "PATH_INFO": f"/{code}", "QUERY_STRING": "", "SCRIPT_NAME": "",
    "SERVER_NAME": "zappa", "SERVER_PORT": "443", "SERVER_PROTOCOL": "HTTP/1.1",
    "HTTP_HOST": event["headers"]["Host"], "HTTP_X_FORWARDED_PROTO": "https", "HTTPS": "on",
    "wsgi.url_scheme": "https", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
    "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": False,
    "wsgi.run_once": False, "REMOTE_ADDR": "203.0.113.9",
}
region, endpoint = os.environ["AWS_REGION"], os.environ["DYNAMODB_ENDPOINT_URL"]
client = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint)
prefix = os.environ["DYNAMODB_TABLE_PREFIX"]
link = client.get_item(TableName=prefix + "links", Key={"code": {"S": code}})["Item"]
created = datetime.strptime(link["created"]["S"], "%Y-%m-%dT%H:%M:%S.%f%z")
created_ms, expires = int(created.timestamp() * 1000), link["expires"]["N"]
click = datetime.now().date().isoformat() + "|(none)|Other|desktop|1"  # as the site's, no agent


def via_handler():
    assert handler.lambda_handler(event, None)["statusCode"] == 301


def via_django():
    status = []
    body = application(dict(environ), lambda s, h, e=None: status.append(s))
    b"".join(body)
    assert status[0].startswith("301")


def via_boto3():
    client.get_item(
        TableName=prefix + "links", Key={"code": {"S": code}}, ReturnConsumedCapacity="TOTAL"
    )
    shard = f"{code}@{created_ms}#{random.randrange(shards)}"
    client.update_item(
        TableName=prefix + "link_clicks",
        Key={"counter": {"S": shard}},
        UpdateExpression="ADD #c :one SET #e = :expires, #k = :click",
        ExpressionAttributeNames={"#c": "clicks", "#e": "expires", "#k": "click"},
        ExpressionAttributeValues={
            ":one": {"N": "1"}, ":expires": {"N": expires}, ":click": {"S": click},
        },
        ReturnValues="ALL_NEW",
        ReturnConsumedCapacity="TOTAL",
    )


kinds = {"handler": via_handler, "django": via_django, "boto3": via_boto3}
timings = {name: [] for name in kinds}
for n in range(requests + 50):
    for name, run in kinds.items():
        started = time.perf_counter()
        run()
        if n >= 50:  # the first 50 rounds warm up connections and caches
            timings[name].append(time.perf_counter() - started)
print(json.dumps(timings))
"""


def link_create(setup) -> tuple[str, int, str]:
    """A short link made through the site's own API, inside the package."""
    create = json.dumps(
        {
            **rest_event("/shorten"),
            "httpMethod": "POST",
            "body": json.dumps({"url": "https://example.com/x"}),
        }
    )
    create_event = json.loads(create)
    create_event["headers"]["Content-Type"] = "application/json"
    code = (
        "import json, os, sys\nsys.path.insert(0, os.getcwd())\nimport handler\n"
        "r = handler.lambda_handler(json.loads(sys.argv[1]), None)\nprint(r['body'])"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, json.dumps(create_event)],
        cwd=setup.package_dir,
        env=setup.environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])["code"]


GOAL = 1.2


def measure(setup, requests: int) -> dict[str, list[float]]:
    code = link_create(setup)
    event = rest_event(f"/{code}", host=HOST)
    shards = 8  # SHORTENER_CLICK_SHARDS's default, which the package runs with
    argument = json.dumps([event, code, shards, requests])
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LOOP, argument],
        cwd=setup.package_dir,
        env={**setup.environment, "DYNAMODB_TABLE_PREFIX": TABLE_PREFIX},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def rows(setup, requests: int = 500) -> list[Row]:
    timings = measure(setup, requests)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    boto3 = ("raw boto3 GetItem + UpdateItem", medians["boto3"])
    return [
        Row(f"warm redirect via Django (median of {requests})", medians["django"], *boto3, GOAL),
        Row("warm redirect through Zappa's handler", medians["handler"], *boto3, GOAL),
    ]


def main() -> None:
    run_alone(__doc__, rows, default=500, help="measured rounds (default 500)")


if __name__ == "__main__":
    main()
