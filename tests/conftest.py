"""Test set-up: a fresh in-memory DynamoDB Local for the run, clean tables for every test.

`make test` runs the suite on pytest-xdist's workers (``-n auto``): each worker
is a run of its own here, with its own DynamoDB Local, proxy and table prefix;
the process that hands out the tests starts none of them and only gathers the
AWS actions the workers recorded.

DynamoDB Local starts in ``pytest_configure``, before Django is set up, because
PynamoDB models read their endpoint from settings when their classes are
created. The site reaches it through a fault-injecting proxy
(tests/support/fault_proxy.py), so a test can make DynamoDB refuse, throttle or
hang without touching the code under test. pytest-django then finds Django set
up and only adds its database blocker (there is no database).
"""

import os
import uuid

import pytest

from tests.support.accounts import PASSWORD, account_create, sign_in, staff_create
from tests.support.aws_calls import actions_forget, actions_gather
from tests.support.browser import NO_BROWSER
from tests.support.dynamodb import (
    start_local_dynamodb,
    tables_create,
    tables_empty,
    ttl_set,
    writes_track,
)
from tests.support.fault_proxy import FaultProxy
from tests.support.stripe import start_localstripe

dynamodb_key = pytest.StashKey()
stripe_key = pytest.StashKey()
proxy_key = pytest.StashKey()
recorder_key = pytest.StashKey()


def pytest_configure(config):
    if xdist_controller(config):
        actions_forget()
        return
    dynamodb = start_local_dynamodb()
    config.stash[dynamodb_key] = dynamodb
    proxy = FaultProxy(dynamodb.port).start()
    config.stash[proxy_key] = proxy
    stripe = start_localstripe()
    config.stash[stripe_key] = stripe
    os.environ.update(
        # The site's settings and a test-only app for the background engine.
        DJANGO_SETTINGS_MODULE="tests.settings",
        DJANGO_ENV="local",
        DYNAMODB_ENDPOINT_URL=proxy.url,
        DYNAMODB_TABLE_PREFIX=f"test-{uuid.uuid4().hex[:8]}-",
        # DynamoDB Local on a loaded test machine can take seconds; tests of the
        # deadline itself set the production budget (see tests/core/test_deadline.py).
        DYNAMODB_REQUEST_BUDGET="30",
        # The run's own localstripe, in memory (tests/support/stripe.py).
        STRIPE_API_BASE=stripe.url,
    )
    import django

    django.setup()
    from tests.support.aws_calls import ActionRecorder

    config.stash[recorder_key] = recorder = ActionRecorder()
    recorder.install()
    from apps.core.dynamodb.connection import shared_connection

    writes_track(shared_connection().client.meta.events)


def xdist_controller(config) -> bool:
    """True in the process that hands tests to pytest-xdist's workers and runs none itself."""
    workers = config.getoption("numprocesses", default=None)
    return bool(workers) and not hasattr(config, "workerinput")


def pytest_sessionfinish(session):
    """The AWS actions requests needed, for `deploy/lambda_policy.py --check`."""
    if xdist_controller(session.config):
        actions_gather()
        return
    recorder = session.config.stash.get(recorder_key, None)
    if recorder is not None:
        recorder.write(os.environ.get("PYTEST_XDIST_WORKER"))


def pytest_terminal_summary(terminalreporter):
    """A line no one can miss when the browser tests were skipped (tests/support/browser.py).

    Here, not in tests/browser/: pytest-xdist's controller loads only this conftest,
    and the skip reports reach it from the workers.
    """
    skipped = terminalreporter.stats.get("skipped", [])
    if any(NO_BROWSER in str(report.longrepr) for report in skipped):
        terminalreporter.write_sep("!", NO_BROWSER, red=True, bold=True)


def pytest_unconfigure(config):
    for key in (proxy_key, stripe_key, dynamodb_key):
        running = config.stash.get(key, None)
        if running is not None:
            running.stop()


@pytest.fixture(scope="session")
def dynamodb(request):
    """The run's DynamoDB Local, with every registered table created."""
    tables_create()
    return request.config.stash[dynamodb_key]


@pytest.fixture
def dynamodb_proxy(request, dynamodb):
    """The proxy between the site and DynamoDB Local; left passing after the test."""
    proxy = request.config.stash[proxy_key]
    yield proxy
    proxy.set_upstream(dynamodb.port)
    proxy.set_mode("pass")


@pytest.fixture(autouse=True)
def clean_tables(dynamodb):
    tables_empty()


@pytest.fixture
def streams(clean_tables):
    """The stream worker, past everything written before the test (tests/support/background.py).

    ``streams.drain()`` runs the handlers on what the test wrote since, through
    DynamoDB Local's streams, until nothing is left.
    """
    from tests.support.background import stream_worker

    worker = stream_worker()
    worker.skip_to_end()
    return worker


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's default hasher takes ~0.5 s per password by design; tests need many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def picard():
    """An account, signed out: Picard / jean-luc@enterprise.example / PASSWORD."""
    return account_create()


@pytest.fixture
def signed_in(client, picard):
    """The test client, signed in as Picard."""
    assert client.login(username="picard", password=PASSWORD)
    return client


@pytest.fixture
def clock(monkeypatch):
    """Time stands still until the test calls ``clock.advance(seconds)``: tests/support/clock.py."""
    from tests.support.clock import Clock

    return Clock(monkeypatch)


@pytest.fixture
def ttl_deletion_paused(dynamodb):
    """Expired items stay in the tables for the test, as on AWS for up to two days.

    DynamoDB Local deletes expired items within about a second; the site must
    refuse them itself whether or not they are still there.
    """
    ttl_set(enabled=False)
    yield
    ttl_set(enabled=True)


@pytest.fixture
def riker(client):
    """The test client, signed in as Riker, a superuser (the admin's staff), with his code."""
    sign_in(client, staff_create())
    return client
