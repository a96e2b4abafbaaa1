"""The other hot requests, warm, through Zappa's handler, each beside raw boto3 making its calls.

In one ``python -I -S`` process that sees only the Lambda package: a signed-in
user and what each page lists are made through the site's services (10 log
entries, 20 links, 10 bills, an author's 10 dwipps that the user follows, a
list of 50 todos with a device token). Each page is requested once while a
botocore hook on the site's client records the DynamoDB calls it makes, with
the parameters PynamoDB sends; the baseline is a bare boto3 client sending
exactly those calls. Then, interleaved so that both see the same conditions
(each also timed in CPU seconds of its own process, printed apart: a figure
that load on the machine moves far less than the wall-clock time):

- the signed-in ``/log/``, My links, My bills, a Dwipper profile, the Following
  feed (filled by the stream worker, which the set-up drains, as the tests do:
  the posts' fan-out is background work) and a todo list page (what
  ``/todos/`` redirects to), with HTTP API (v2) events and a returning browser's
  session and CSRF cookies;
- ``GET /api/todos/?since=`` (a device's sync, 5 changes) with a bearer token;
- ``GET /api/todo-backend/<token>/`` (a Todo-Backend client's list of 50).

``--profile NAME[,NAME]`` instead runs the named pages (a part of each name)
under cProfile and prints where its time goes; ``healthz``, ``redirect``,
``api todos`` and ``dwipper feed`` can be profiled too. ``--layers NAME[,NAME]``
instead times each part of the named pages without a profiler: its own time per
request (median) in Zappa's handler, Django's WSGI handler, each middleware, the
URL resolving, the view, and the request log line.

    .venv/bin/python -m bench.pages [--requests 200] [--profile NAME] [--layers NAME]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from bench.common import PROJECT_DIR, TABLE_PREFIX, Row, package_beside_dynamodb, print_rows
from tests.support.lambda_package import HOST, http_api_event

LOOP = """
import cProfile, io, json, os, pstats, statistics, sys, time
from datetime import UTC, datetime
sys.path.insert(0, os.getcwd())
import boto3
from botocore import xform_name
import handler

config = json.loads(sys.stdin.read())
handler.lambda_handler(config["events"]["healthz"], None)  # set-up happens on the first request
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from apps.accounts.selectors import username_key
from apps.accounts.services import user_create
from apps.accounts.sessions import SessionStore
from apps.billing.models import Purchase
from apps.billing.services import purchase_settle
from apps.billing.stripe_api import Intent, amount_minor
from apps.captains_log.services import entry_create
from apps.core.background.worker import StreamWorker
from apps.core.dynamodb.connection import shared_connection
from apps.core.dynamodb.writes import item_create
from apps.dwipper.selectors import following_page
from apps.dwipper.services import dwipp_create, favourite_toggle, follow_set, upvote_toggle
from apps.shortener.services import link_create
from apps.todos.services import device_create, list_create, todo_create, todo_update


def signed_in(username):
    user = user_create(username=username, email=f"{username}@example.com", password="b-" + "x" * 20)
    session = SessionStore()
    session[SESSION_KEY] = user.pk
    session[BACKEND_SESSION_KEY] = "apps.accounts.backends.DynamoDBBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return username_key(username), session.session_key


me, session_key = signed_in("pagesbench")  # bench.restore has "bench" in the same tables
author, _ = signed_in("pagesauthor")
todo_list = list_create(user=me, name="Bench")
todos = [todo_create(user=me, list_id=todo_list.item_id, title=f"Todo {n}") for n in range(50)]
device, token = device_create(user=me, name="Bench", list_id=todo_list.item_id)
todos_made = time.monotonic()
for n in range(10):
    entry_create(captain=me, title=f"Entry {n}", text="Captain's log. " * 20)
links = [link_create(url=f"https://example.com/{n}", owner=me) for n in range(20)]
def bill_paid(n):
    # A purchase billed as when Stripe says its payment succeeded (no Stripe here).
    key, payment = f"k{n:030d}", f"pi_bench{n}"
    purchase = Purchase(key, email="bench@example.com", name="Bench", buyer=me,
                        bill_token=f"bench-bill-{n:020d}", created=datetime.now(UTC),
                        payment_provider="stripe", payment_reference=payment)
    item_create(purchase)
    price = (amount_minor(settings.BILLING_PRICE), settings.BILLING_CURRENCY)
    paid = Intent(payment, "succeeded", *price, key, client_secret=None, failure=None)
    assert purchase_settle(purchase, paid).bill is not None


for n in range(10):
    bill_paid(n)
follow_set(follower=me, followee=author, on=True)
dwipps = [
    dwipp_create(author=author, author_name="pagesauthor", text=f"Thought {n}") for n in range(10)
]
for dwipp in dwipps[::3]:
    upvote_toggle(user=me, dwipp_id=dwipp.dwipp_id, on=True)
    favourite_toggle(user=me, dwipp_id=dwipp.dwipp_id, on=True)
# A post's fan-out to its author's followers is background work (the stream worker, as the
# tests drain it): until it has run, the Following feed is empty.
StreamWorker().drain(timeout=None)
assert len(following_page(viewer=me).entries) == len(dwipps), "the Following feed is not filled"

events = config["events"]
for name, event in events.items():
    # A returning browser's cookies: without its CSRF cookie, every page with a form would
    # make a new CSRF secret and set it, which a browser pays only on its first page.
    event["cookies"] = [f"sessionid={session_key}", "csrftoken=" + "b" * 32]
    event["headers"]["authorization"] = f"Bearer {token}"
    for key in ("rawPath", "rawQueryString"):
        event[key] = event[key].format(
            code=links[0].code, author=author, list=todo_list.item_id, token=token
        )
    event["requestContext"]["http"]["path"] = event["rawPath"]
# A sync reads back TODOS_SYNC_OVERLAP before its token: past it, only the 5 changes are new.
time.sleep(max(0.0, settings.TODOS_SYNC_OVERLAP + 0.5 - (time.monotonic() - todos_made)))
whole = dict(events["api todos"], rawQueryString="limit=100")
sync = json.loads(handler.lambda_handler(whole, None)["body"])["sync_token"]
for todo in todos[:5]:
    todo_update(todo, {"completed": True})
events["sync"]["rawQueryString"] = "since=" + sync

client = shared_connection().client
calls, capturing = [], []


def captured(params, model, **kwargs):
    if capturing:
        calls.append((xform_name(model.name), dict(params)))


client.meta.events.register_last("before-parameter-build.dynamodb", captured)


def served(event):
    response = handler.lambda_handler(event, None)
    assert response["statusCode"] in (200, 301), (response["statusCode"], event["rawPath"])


def recorded(event):
    for _ in range(3):  # warm: a device's last use is written at most once a minute
        served(event)
    capturing.append(True)
    del calls[:]
    served(event)
    capturing.clear()
    return list(calls)


region, endpoint = os.environ["AWS_REGION"], os.environ["DYNAMODB_ENDPOINT_URL"]
raw = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint)


def replayed(recording):
    sends = [(getattr(raw, operation), params) for operation, params in recording]

    def replay():
        for send, params in sends:
            send(**params)

    return replay


for chosen in config["profile"]:
    event = events[chosen]
    recorded(event)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(config["requests"]):
        served(event)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(35)
    stats.sort_stats("cumulative").print_stats(70)
    dump = os.path.join(config["dump"], chosen.replace(" ", "-") + ".pstats")
    profile.dump_stats(dump)
    print(f"==== {chosen} (all of it: python -m pstats {dump})\\n{out.getvalue()}", file=sys.stderr)


def layers_timed():
    # Each middleware's own time per request, the URL resolving, the view, the request log.
    import apps.core.http.middleware as site_middleware

    django = handler.LambdaHandler().wsgi_app.application
    spent = {}

    def timed(name, call):
        def run(*args, **kwargs):
            started = time.perf_counter_ns()
            try:
                return call(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0) + time.perf_counter_ns() - started

        return run

    handler.LambdaHandler().wsgi_app.application = timed("django", django)
    names, layer = [], django._middleware_chain
    django._middleware_chain = timed("layer 0", layer)
    while not hasattr(layer.__wrapped__, "__func__"):  # down to BaseHandler._get_response
        instance = layer.__wrapped__
        names.append(type(instance).__name__)
        layer = instance.get_response
        instance.get_response = timed(f"layer {len(names)}", layer)
    django.resolve_request = timed("resolve", django.resolve_request)
    django._view_middleware = [
        timed(f"{method.__self__.__class__.__name__}.process_view", method)
        for method in django._view_middleware
    ]
    site_middleware.request_logged = timed("request log", site_middleware.request_logged)
    return names, spent


def layers_measured(event, requests, names, spent):
    rounds = []
    for _ in range(requests):
        spent.clear()
        started = time.perf_counter_ns()
        served(event)
        total = time.perf_counter_ns() - started
        own = {"Zappa's handler + werkzeug": total - spent["django"]}
        own["Django's WSGIHandler"] = spent["django"] - spent["layer 0"]
        for n, name in enumerate(names):
            own[name] = spent[f"layer {n}"] - spent[f"layer {n + 1}"]
        views = [key for key in spent if key.endswith("process_view")]
        inside = spent[f"layer {len(names)}"]
        own["URL resolving"] = spent["resolve"]
        own.update({key: spent[key] for key in views})
        own["the view"] = inside - spent["resolve"] - sum(spent[key] for key in views)
        own["every middleware's own time"] = sum(own[name] for name in names)
        own["the request log line (DynamoDBUnavailable's)"] = spent.get("request log", 0)
        own["total"] = total
        rounds.append(own)
    return rounds


timed_layers = layers_timed() if config["layers"] else None
for chosen in config["layers"]:
    event = events[chosen]
    recorded(event)
    rounds = layers_measured(event, config["requests"], *timed_layers)
    medians = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    print(f"==== {chosen}: own time per request, median of {len(rounds)} (µs)", file=sys.stderr)
    for key, value in medians.items():
        print(f"  {key:<42} {value / 1000:8.1f}", file=sys.stderr)
if config["profile"] or config["layers"]:
    print(json.dumps({}))
    raise SystemExit

measured = [name for name in events if name in config["rows"]]
recordings = {name: recorded(events[name]) for name in measured}
kinds = {}
for name in measured:
    kinds[f"handler {name}"] = lambda event=events[name]: served(event)
    kinds[f"boto3 {name}"] = replayed(recordings[name])
timings = {name: [] for name in kinds}
cpu = {name: [] for name in kinds}
for n in range(config["requests"] + 20):
    for name, run in kinds.items():
        started, cpu_started = time.perf_counter(), time.thread_time()
        run()
        if n >= 20:  # the first rounds warm up connections and caches
            timings[name].append(time.perf_counter() - started)
            cpu[name].append(time.thread_time() - cpu_started)
operations = {name: [operation for operation, _ in recordings[name]] for name in measured}
print(json.dumps({"timings": timings, "cpu": cpu, "operations": operations}))
"""

GOAL = 1.3
PROFILES = PROJECT_DIR / ".build" / "profiles"
PATIENT = {"DYNAMODB_READ_TIMEOUT": "30", "DYNAMODB_REQUEST_BUDGET": "60"}

# Name: (what the row says, path, query). Paths are filled in inside the package.
PAGES = {
    "log": ("GET /log/ (10 entries, signed in)", "/log/", ""),
    "my links": ("GET /shorten/mine/ (My links, 20 links)", "/shorten/mine/", ""),
    "my bills": ("GET /billing/mine/ (My bills, 10 bills)", "/billing/mine/", ""),
    "profile": ("GET /dwipper/u/<author>/ (10 dwipps)", "/dwipper/u/{author}/", ""),
    "following": ("GET /dwipper/following/ (10 dwipps)", "/dwipper/following/", ""),
    "todo list": ("GET /todos/lists/<id>/ (50 todos)", "/todos/lists/{list}/", ""),
    "sync": ("GET /api/todos/?since= (5 changes)", "/api/todos/", ""),
    "todo-backend": ("GET /api/todo-backend/<token>/ (50 todos)", "/api/todo-backend/{token}/", ""),
}
# Pages that only --profile measures (their rows come from other benchmarks).
PROFILE_ONLY = {
    "healthz": "/healthz",
    "redirect": "/{code}",
    "api todos": "/api/todos/",
    "dwipper feed": "/dwipper/",
}
JSON_PAGES = ("sync", "todo-backend", "api todos")


def _events() -> dict[str, dict]:
    paths = {name: path for name, (_, path, _) in PAGES.items()} | PROFILE_ONLY
    events = {}
    for name, path in paths.items():
        event = http_api_event(path, host=HOST)
        if name in JSON_PAGES:
            event["headers"]["accept"] = "application/json"
        events[name] = event
    return events


def _operations(names: list[str]) -> str:
    counted = {name: names.count(name) for name in dict.fromkeys(names)}
    words = {name: "".join(part.title() for part in name.split("_")) for name in counted}
    return " + ".join(
        words[name] + (f" x{count}" if count > 1 else "") for name, count in counted.items()
    )


def measure(setup, requests: int, profile: list[str] = (), layers: list[str] = ()) -> dict:
    config = {"events": _events(), "requests": requests, "rows": list(PAGES)}
    config["profile"] = list(profile)
    config["layers"] = list(layers)
    config["dump"] = str(PROFILES)
    PROFILES.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LOOP],
        cwd=setup.package_dir,
        env={**setup.environment, "DYNAMODB_TABLE_PREFIX": TABLE_PREFIX, **PATIENT},
        input=json.dumps(config),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"The benchmark failed inside the package:\n{result.stderr[-3000:]}")
    if profile or layers:
        print(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def rows(setup, requests: int = 200) -> list[Row]:
    measured = measure(setup, requests)
    medians = {name: statistics.median(v) for name, v in measured["timings"].items()}
    cpu = {name: statistics.median(v) for name, v in measured["cpu"].items()}
    print("CPU time of this process per request, median (ms): handler / raw boto3", file=sys.stderr)
    for name in PAGES:
        handler, boto3 = 1000 * cpu[f"handler {name}"], 1000 * cpu[f"boto3 {name}"]
        print(f"  {name}: {handler:.2f} / {boto3:.2f}", file=sys.stderr)
    return [
        Row(
            f"{what} through Zappa's handler, v2",
            medians[f"handler {name}"],
            "raw boto3 " + _operations(measured["operations"][name]),
            medians[f"boto3 {name}"],
            GOAL,
        )
        for name, (what, _, _) in PAGES.items()
    ]


def _pages_named(text: str | None) -> list[str]:
    chosen = []
    for part in filter(None, (text or "").split(",")):
        names = [name for name in [*PAGES, *PROFILE_ONLY] if part in name]
        if not names:
            raise SystemExit(f"No page is called {part!r}.")
        chosen.append(names[0])
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="measured rounds (default 200)")
    parser.add_argument("--profile", help="profile these pages instead (comma-separated)")
    parser.add_argument(
        "--layers", help="time each middleware's own part of these pages instead (comma-separated)"
    )
    args = parser.parse_args()
    profile, layers = _pages_named(args.profile), _pages_named(args.layers)
    with package_beside_dynamodb() as setup:
        if profile or layers:
            measure(setup, args.requests, profile, layers)
            return
        summary = rows(setup, args.requests)
    print_rows(summary)


if __name__ == "__main__":
    main()
