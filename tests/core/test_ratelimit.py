"""django-ratelimit works on the DynamoDB cache, across Lambda containers."""

import threading

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django_ratelimit.core import get_usage


def test_ratelimit_accepts_the_dynamodb_cache(capsys):
    call_command("check")
    assert "django_ratelimit" not in capsys.readouterr().err


@pytest.mark.urls("tests.core.urls")
def test_decorated_view_blocks_after_the_limit(client, clock):
    # The clock stands still: five slow requests could straddle the minute's window.
    statuses = [client.get("/fail/limited").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 403, 403]


@pytest.mark.urls("tests.core.urls")
def test_limit_is_per_client_address(client, clock):
    for _ in range(3):
        client.get("/fail/limited", REMOTE_ADDR="198.51.100.1")
    assert client.get("/fail/limited", REMOTE_ADDR="198.51.100.1").status_code == 403
    assert client.get("/fail/limited", REMOTE_ADDR="198.51.100.2").status_code == 200


def _usage_in_new_thread(request) -> dict:
    """Django keeps one cache object per thread: a new thread stands for another container."""
    result = {}

    def count():
        result.update(get_usage(request, group="shared", key="ip", rate="5/m", increment=True))

    thread = threading.Thread(target=count)
    thread.start()
    thread.join()
    return result


def test_counts_are_shared_by_every_container():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    usages = [_usage_in_new_thread(request) for _ in range(6)]
    assert [u["count"] for u in usages] == [1, 2, 3, 4, 5, 6]
    assert [u["should_limit"] for u in usages] == [False] * 5 + [True]
    # django-ratelimit answers 0 in the window's last second; the site waits at least 1 s.
    assert 0 <= usages[-1]["time_left"] <= 60
