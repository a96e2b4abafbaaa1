"""The package `make package` builds serves pages through Zappa's own Lambda handler."""

import json
import re
import zipfile
from urllib.parse import urlencode

import pytest
from django.conf import settings

from tests.support.lambda_package import (
    CDN,
    HOST,
    http_api_event,
    invoke,
    invoke_failing,
    lambda_environment,
    package_build,
    package_unpack,
    rest_event,
    run_in_package,
    scheduled_event,
    stage_environment,
)

pytestmark = pytest.mark.package

DEV_TOOLS = (
    "pytest",
    "_pytest",
    "pytest_django",
    "ruff",
    "pip",
    "schemathesis",
    "hypothesis",
    "troposphere",
    "placebo",
    "tqdm",
)


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return package_build(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="module")
def package_dir(package, tmp_path_factory):
    return package_unpack(package, tmp_path_factory.mktemp("task"))


@pytest.fixture
def environment(dynamodb):
    return lambda_environment(dynamodb.url, settings.DYNAMODB_TABLE_PREFIX)


def test_package_holds_no_test_lint_or_bench_tools(package):
    top_level = {name.split("/")[0] for name in zipfile.ZipFile(package).namelist()}
    assert not top_level & set(DEV_TOOLS)
    assert not top_level & {"tests", "bench", "deploy", ".venv", ".dynamodb", ".build"}
    assert {"handler.py", "django", "pynamodb", "apps", "site_project", "templates"} <= top_level


def test_package_is_built_for_the_python_that_runs_it(package):
    """Compiled modules and byte code carry the interpreter's tag (cpython-313)."""
    import sys

    tag = sys.implementation.cache_tag
    names = zipfile.ZipFile(package).namelist()
    byte_code = [n for n in names if n.endswith(".pyc")]
    extensions = [n for n in names if re.search(r"\.cpython-\d+.*\.so$", n)]
    assert byte_code
    assert extensions  # MarkupSafe's speedups, at least
    assert all(f".{tag}" in name for name in byte_code + extensions)


def test_package_carries_the_static_manifest(package):
    manifest = json.loads(zipfile.ZipFile(package).read("static_manifest/staticfiles.json"))
    assert "core/site.css" in manifest["paths"]


@pytest.mark.parametrize("make_event", [rest_event, http_api_event], ids=["rest-v1", "http-v2"])
def test_home_page_through_the_handler(package_dir, environment, make_event):
    [response] = invoke(package_dir, [make_event("/")], environment)
    assert response["statusCode"] == 200
    assert "Serverless Django" in response["body"]
    assert f'href="https://{CDN}/core/site.' in response["body"]


@pytest.mark.parametrize("make_event", [rest_event, http_api_event], ids=["rest-v1", "http-v2"])
def test_health_check_reads_dynamodb_through_the_handler(package_dir, environment, make_event):
    [response] = invoke(package_dir, [make_event("/healthz")], environment)
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"status": "ok", "dynamodb": "ok"}


def test_unknown_page_is_the_sites_404_through_the_handler(package_dir, environment):
    [response] = invoke(package_dir, [rest_event("/no-such-page")], environment)
    assert response["statusCode"] == 404
    assert "Page not found" in response["body"]
    assert "Back to the home page" in response["body"]


def test_links_carry_the_stage_on_the_execute_api_host(package_dir, environment):
    host = "abc123.execute-api.eu-central-1.amazonaws.com"
    [response] = invoke(package_dir, [rest_event("/", host=host)], environment)
    assert response["statusCode"] == 200
    assert 'href="/dev/"' in response["body"]


def test_links_carry_the_stage_on_the_http_api_stage_url(package_dir, environment):
    host = "abc123.execute-api.eu-central-1.amazonaws.com"
    [response] = invoke(package_dir, [http_api_event("/", host=host, stage="dev")], environment)
    assert response["statusCode"] == 200
    assert 'href="/dev/"' in response["body"]


def test_health_check_is_503_when_dynamodb_is_unreachable(package_dir, environment):
    unreachable = {**environment, "DYNAMODB_ENDPOINT_URL": "http://127.0.0.1:9"}
    [response] = invoke(package_dir, [http_api_event("/healthz")], unreachable)
    assert response["statusCode"] == 503
    assert json.loads(response["body"])["status"] == "unavailable"
    assert response["headers"]["Retry-After"] == "5"


def _set_cookie(response: dict, name: str) -> str:
    """The Set-Cookie value for ``name`` in an HTTP API response.

    Zappa 0.63 lists every cookie twice, each with a leading space (its
    middleware re-adds Set-Cookie headers it already kept); browsers and API
    Gateway accept both.
    """
    return next(c.strip() for c in response["cookies"] if c.strip().startswith(f"{name}="))


def _cookie_value(set_cookie: str) -> str:
    return set_cookie.split(";", 1)[0].split("=", 1)[1]


def test_sign_in_through_the_handler_sets_a_secure_session_cookie(
    package_dir, environment, settings
):
    from django.conf import global_settings

    from tests.support.accounts import PASSWORD, account_create

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # what the package verifies with
    account_create()
    [page] = invoke(package_dir, [http_api_event("/login/")], environment)
    csrf_cookie = _set_cookie(page, "csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page["body"]).group(1)
    form = urlencode({"username": "picard", "password": PASSWORD, "csrfmiddlewaretoken": token})
    post = http_api_event("/login/", method="POST", body=form)
    post["cookies"] = [f"csrftoken={_cookie_value(csrf_cookie)}"]
    post["headers"].update(
        {"content-type": "application/x-www-form-urlencoded", "referer": f"https://{HOST}/login/"}
    )
    [response] = invoke(package_dir, [post], environment)
    assert response["statusCode"] == 302, response.get("body")
    session_cookie = _set_cookie(response, "sessionid")
    assert "Secure" in session_cookie
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie

    profile = http_api_event("/account/")
    profile["cookies"] = [f"sessionid={_cookie_value(session_cookie)}"]
    [page] = invoke(package_dir, [profile], environment)
    assert page["statusCode"] == 200
    assert "jean-luc@enterprise.example" in page["body"]


@pytest.mark.parametrize("make_event", [rest_event, http_api_event], ids=["rest-v1", "http-v2"])
def test_short_link_redirects_through_the_handler_without_cookies(
    package_dir, environment, make_event
):
    from apps.shortener.services import link_create

    link = link_create(url="https://example.com/a/very/long/path")
    [response] = invoke(package_dir, [make_event(f"/{link.code}")], environment)
    assert response["statusCode"] == 301
    assert response["headers"]["Location"] == "https://example.com/a/very/long/path"
    assert not response.get("cookies")
    assert "Set-Cookie" not in response["headers"]
    assert "set-cookie" not in response["headers"]


def _api_event(method: str, path: str, body, headers: dict) -> dict:
    event = http_api_event(
        path, method=method, body=body if isinstance(body, str) else json.dumps(body)
    )
    event["headers"].update({"accept": "application/json", **headers})
    return event


def test_todos_api_through_the_handler_with_http_api_events(package_dir, environment):
    """A device's calls: create, bad input, PATCH with its ETag, then the same stale ETag."""
    from apps.todos.services import device_create

    device, token = device_create(user="picard", name="Phone")
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    create = _api_event("POST", "/api/todos/", {"list": device.list_id, "title": "Engage"}, headers)
    bad = _api_event("POST", "/api/todos/", {"list": device.list_id, "title": 5}, headers)
    created, refused = invoke(package_dir, [create, bad], environment)
    assert created["statusCode"] == 201, created["body"]
    todo = json.loads(created["body"])
    assert todo["url"] == f"https://{HOST}/api/todos/{todo['id']}/"
    assert refused["statusCode"] == 400
    assert json.loads(refused["body"]) == {"error": "The field title must be a string."}

    path = f"/api/todos/{todo['id']}/"
    patch = _api_event("PATCH", path, {"completed": True}, {**headers, "if-match": '"1"'})
    patched, stale = invoke(package_dir, [patch, patch], environment)
    assert patched["statusCode"] == 200
    assert patched["headers"]["ETag"] == '"2"'
    assert json.loads(patched["body"])["completed"] is True
    assert stale["statusCode"] == 412


def test_a_purchase_is_paid_through_stripes_sdk_inside_the_package(
    package_dir, environment, settings
):
    """The SDK as packaged (without its type-hint-only params modules) pays at localstripe."""
    from tests.support.billing import shop_form

    with_stripe = {**environment, "STRIPE_API_BASE": settings.STRIPE_API_BASE}
    [page] = invoke(package_dir, [http_api_event("/billing/")], with_stripe)
    csrf_cookie = _set_cookie(page, "csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page["body"]).group(1)
    form = {**shop_form("buyer@example.com"), "csrfmiddlewaretoken": token}
    post = http_api_event("/billing/", method="POST", body=urlencode(form))
    post["cookies"] = [f"csrftoken={_cookie_value(csrf_cookie)}"]
    post["headers"].update(
        {"content-type": "application/x-www-form-urlencoded", "referer": f"https://{HOST}/billing/"}
    )
    [paid] = invoke(package_dir, [post], with_stripe)
    assert paid["statusCode"] == 302, paid.get("body")
    assert re.fullmatch(r"/billing/bills/[\w-]+/", paid["headers"]["Location"])


def test_a_bill_pdf_is_made_inside_the_package(package_dir, environment):
    """fpdf2 runs in the package without Pillow and without fontTools' compiled parts."""
    import base64

    from tests.support.billing import bill_bought

    bill = bill_bought(email="buyer@example.com")
    [response] = invoke(package_dir, [rest_event(f"/billing/bills/{bill.token}/pdf")], environment)
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "application/pdf"
    assert response["isBase64Encoded"] is True
    assert base64.b64decode(response["body"]).startswith(b"%PDF-")


# A superuser's session, made inside the package (its SECRET_KEY signs the session's hash).
STAFF_SESSION = """
import json, os, sys
sys.path.insert(0, os.getcwd())
import handler
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from apps.accounts.selectors import username_key
from apps.accounts.services import user_create
from apps.accounts.sessions import SessionStore
from apps.accounts.signin import FACTOR_PASSED

user = user_create(username="riker", email="riker@example.com", password="x" * 20,
                   is_staff=True, is_superuser=True)
session = SessionStore()
session[SESSION_KEY] = user.pk
session[BACKEND_SESSION_KEY] = "apps.accounts.backends.DynamoDBBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[FACTOR_PASSED] = username_key(user.username)
session.create()
print(json.dumps(session.session_key))
"""


def test_an_admin_page_is_served_as_the_first_request_of_a_fresh_process(package_dir, environment):
    """Every app's admin.py loads with the admin's URLs, on the first request that needs them."""
    from apps.shortener.services import link_create

    link = link_create(url="https://example.com/first")
    session = run_in_package(package_dir, STAFF_SESSION, environment)
    event = http_api_event("/admin/shortener/link/")
    event["cookies"] = [f"sessionid={session}"]
    [page] = invoke(package_dir, [event], environment)
    assert page["statusCode"] == 200, page.get("body", "")[:2000]
    assert link.code in page["body"]
    event = http_api_event("/admin/")
    event["cookies"] = [f"sessionid={session}"]
    [page] = invoke(package_dir, [event], environment)
    assert page["statusCode"] == 200
    for listed in ("Short links", "Captain", "Dwipps", "Bills", "Todo"):
        assert listed in page["body"], listed


# Runs in the package with the stage's environment, as Lambda's init does.
INIT_PROBE = """
import json, os, sys
sys.path.insert(0, os.getcwd())
import handler
from django.template import engines
from apps.core.dynamodb.connection import shared_connection


def sockets():
    links = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            links.append(os.readlink(f"/proc/self/fd/{fd}"))
        except FileNotFoundError:  # the descriptor listdir itself used
            pass
    return sum(link.startswith("socket:") for link in links)


# Libraries of one page each (payment, PDF, QR code, second factor): never paid for at init.
DEFERRED = ("stripe", "requests", "fpdf", "fontTools", "segno", "pyotp")
loader = engines["django"].engine.template_loaders[0]
service = shared_connection().client.meta.service_model
print(json.dumps({
    "handler_ready": getattr(handler.global_handler, "wsgi_app", None) is not None,
    "urlconf_loaded": "site_project.urls" in sys.modules and "apps.shortener.views" in sys.modules,
    "templates_compiled": sorted(name for name in loader.get_template_cache if ".html" in name),
    "operations_primed": sorted(  # their input shapes are parsed
        name for name in service.operation_names
        if "input_shape" in vars(service.operation_model(name))
    ),
    "sockets": sockets(),
    "deferred_loaded": sorted(name for name in DEFERRED if name in sys.modules),
    "admin_loaded": "apps.shortener.admin" in sys.modules,
}))
"""


HOOKS_PROBE = """
import json, os, sys
sys.path.insert(0, os.getcwd())
sys.path.append(RUNTIME)  # the runtime's own modules come after the package
import handler
import snapshot_restore_py as hooks
print(json.dumps({
    "before": [f.__name__ for f, _, _ in hooks._before_snapshot_registry],
    "after": [f.__name__ for f, _, _ in hooks._after_restore_registry],
}))
"""


def test_init_registers_the_snapshot_hooks_with_the_runtime(
    package, package_dir, environment, tmp_path
):
    """Lambda's runtime provides snapshot_restore_py; the package must not shadow it."""
    import shutil

    import snapshot_restore_py

    assert not any(n.startswith("snapshot_restore_py") for n in zipfile.ZipFile(package).namelist())
    shutil.copy(snapshot_restore_py.__file__, tmp_path)  # the runtime's copy, on its own
    code = HOOKS_PROBE.replace("RUNTIME", repr(str(tmp_path)))
    hooks = run_in_package(package_dir, code, environment)
    assert hooks == {"before": ["before_snapshot"], "after": ["after_restore"]}


def test_init_sets_up_the_site_and_leaves_each_pages_work_to_its_request(package_dir, environment):
    """Without SnapStart the first request waits for init: init primes no page."""
    assert stage_environment("dev")["INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT"]
    assert stage_environment("production")["INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT"]
    state = run_in_package(package_dir, INIT_PROBE, environment)
    assert state["handler_ready"]
    assert not state["urlconf_loaded"]
    assert state["templates_compiled"] == []
    assert state["operations_primed"] == []
    assert state["sockets"] == 0
    assert state["deferred_loaded"] == []
    assert not state["admin_loaded"]


SNAPSHOT_PROBE = INIT_PROBE.replace(
    "loader = ", "from site_project import lambda_wsgi\nlambda_wsgi.before_snapshot()\nloader = "
)


def test_before_the_snapshot_the_site_is_primed_and_nothing_connected(package_dir, environment):
    """With SnapStart, a restored environment's first request of any page finds its URLconf,
    templates and DynamoDB operations ready."""
    state = run_in_package(package_dir, SNAPSHOT_PROBE, environment)
    assert state["urlconf_loaded"]
    assert state["admin_loaded"]
    assert {
        "base.html",
        "core/home.html",
        "404.html",
        "503.html",
        "captains_log/list.html",
        "dwipper/list.html",
        "todos/list.html",
        "shortener/mine.html",
        "billing/my_bills.html",
    } <= set(state["templates_compiled"])
    assert {"GetItem", "Query", "BatchGetItem", "TransactWriteItems"} <= set(
        state["operations_primed"]
    )
    assert state["sockets"] == 0
    assert state["deferred_loaded"] == []


RESTORE_PROBE = (
    INIT_PROBE.split("loader =")[0]
    + """
import random
from site_project import lambda_wsgi
from tests_events import event
served = handler.lambda_handler(event, None)["statusCode"]
connected = sockets()
snapshot = random.getstate()
draws = []
for _ in range(2):  # two environments restored from one snapshot
    random.setstate(snapshot)
    lambda_wsgi.after_restore()
    draws.append(random.random())
print(json.dumps({
    "served": served,
    "connected": connected,
    "after_restore_sockets": sockets(),
    "draws_differ": draws[0] != draws[1],
    "served_after_restore": handler.lambda_handler(event, None)["statusCode"],
}))
"""
)


def test_restored_environments_get_their_own_random_state_and_connections(package_dir, environment):
    event = json.dumps(rest_event("/healthz"))
    code = RESTORE_PROBE.replace("from tests_events import event", f"event = json.loads({event!r})")
    state = run_in_package(package_dir, code, environment)
    assert state["served"] == 200
    assert state["connected"] >= 1
    assert state["after_restore_sockets"] == 0
    assert state["draws_differ"]
    assert state["served_after_restore"] == 200


def _work_record(task: str) -> dict:
    """A work table record from DynamoDB Local's stream, in the shape Lambda delivers it."""
    from django.utils import timezone

    from apps.core.background.models import WorkPiece
    from apps.core.dynamodb.writes import item_create
    from tests.support.background import stream_records

    now = timezone.now()
    piece = WorkPiece(
        work_id="package-test", piece=0, task=task, created=now, pending="p0", pending_since=now
    )
    item_create(piece)
    return next(
        r
        for r in stream_records(WorkPiece)
        if r["dynamodb"]["Keys"]["work_id"]["S"] == piece.work_id
    )


def test_stream_batches_and_schedules_reach_the_background_engine_through_the_handler(
    package_dir, environment, streams
):
    from apps.core.background.dead_letters import dead_letters_list

    record = _work_record(task="apps.no_such_app.tasks.vanished")
    fast = {**environment, "BACKGROUND_RETRY_PAUSE": "0"}
    batch, sweeps = invoke(
        package_dir,
        [{"Records": [record]}, scheduled_event("apps.core.background.aws.sweeps_run")],
        fast,
    )
    assert batch == {"batchItemFailures": []}
    [letter] = dead_letters_list(source="work")  # the piece names no task: dead-lettered whole
    assert letter.event_id == record["eventID"]
    assert "apps.no_such_app.tasks.vanished is not a function marked" in letter.error
    assert sweeps == {"sweeps": ["background.stuck_work", "billing.unsettled_purchases"]}


def test_a_stream_the_site_does_not_read_fails_the_invocation(package_dir, environment, streams):
    record = _work_record(task="apps.no_such_app.tasks.vanished")
    record["eventSourceARN"] = record["eventSourceARN"].replace("-work/stream/", "-links/stream/")
    error = invoke_failing(package_dir, {"Records": [record]}, environment)
    assert "UnknownStream: No handler reads the stream" in error


def test_a_batch_stopped_by_an_outage_reports_where_lambda_should_retry(
    package_dir, environment, streams
):
    record = _work_record(task="apps.no_such_app.tasks.vanished")
    unreachable = {
        **environment,
        "DYNAMODB_ENDPOINT_URL": "http://127.0.0.1:9",
        "BACKGROUND_RETRY_PAUSE": "0",
    }
    [batch] = invoke(package_dir, [{"Records": [record]}], unreachable)
    sequence = record["dynamodb"]["SequenceNumber"]
    assert batch == {"batchItemFailures": [{"itemIdentifier": sequence}]}
