"""The site's WSGI handler keeps each path's URL resolution: every request reaches its own view."""

from django.test import RequestFactory

from apps.core.http.resolving import SiteWSGIHandler
from apps.shortener.services import link_create


def served(path: str) -> tuple[str, dict, bytes]:
    """Status, headers and body of ``path`` through the site's WSGI handler, as Lambda serves it."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(SiteWSGIHandler()(RequestFactory().get(path).environ, start_response))
    return answer["status"], answer["headers"], body


def test_each_short_link_leads_to_its_own_url_however_often_it_is_asked():
    first = link_create(url="https://example.com/first")
    second = link_create(url="https://example.org/second")
    for link in (first, second, first, second, first):
        status, headers, _ = served(f"/{link.code}")
        assert status.startswith("301")
        assert headers["Location"] == link.url


def test_a_path_that_matches_nothing_is_a_404_every_time():
    for _ in range(2):
        status, _, body = served("/no/such/page")
        assert status.startswith("404")
        assert b"Page not found" in body


def test_a_page_looks_the_same_the_second_time():
    first, again = served("/healthz"), served("/healthz")
    assert first[0] == again[0] == "200 OK"
    assert first[2] == again[2]


def test_the_urlconf_of_the_moment_is_the_one_resolved(settings):
    assert served("/fail/busy")[0].startswith("404")
    settings.ROOT_URLCONF = "tests.core.urls"
    assert served("/fail/busy")[0].startswith("503")
    assert served("/healthz")[0] == "200 OK"
