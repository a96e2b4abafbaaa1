"""``route`` (apps/core/http/routes.py) writes the path ``reverse`` writes, for every route a
template fills with it, under any script prefix."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.urls import (
    NoReverseMatch,
    clear_script_prefix,
    reverse,
    set_script_prefix,
    set_urlconf,
)

from apps.core.http.routes import Routes, route_path

ROUTE_FILTER = re.compile(r"\|\s*route:'([a-z_]+:[a-z_]+)'")
# Keys of each kind the site makes: codes and aliases, hex ids of 16 to 20 digits, tokens,
# usernames; two of each, since the first a route is asked for is reversed as usual.
KEYS = [
    "abc123",
    "Some-Alias_2",
    *("0123456789abcdef0123"[:width] for width in range(16, 21)),
    *("fedcba98765432100123"[:width] for width in range(16, 21)),
    "kq3Zp0_aB-9xYz",
    "kq3Zp0_aB-9xYy",
    "Picard",
    "jean-luc.picard+1@ent",
    "x" * 30,
    "20261206T201100000123Z-0a1b2c3d",  # log entries
    "20261207T000000000000Z-ffffffff",
]


# Routes that code fills with a key (apps/dwipper/rows.py and markup.py, My links' rows).
CODE_ROUTES = {
    "dwipper:dwipp",
    "dwipper_api:dwipp",
    "dwipper:profile",
    "dwipper:tag",
    *("shortener:preview", "shortener:stats", "shortener:edit", "shortener:delete"),
    "shortener:redirect",
}


def used_routes() -> set[str]:
    found = set(CODE_ROUTES)
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        found |= set(ROUTE_FILTER.findall(path.read_text()))
    return found


def test_the_templates_use_route_for_list_rows():
    assert {"shortener:stats", "dwipper:dwipp", "captains_log:detail"} <= used_routes()


@pytest.mark.parametrize("prefix", ["/", "/dev/"])
@pytest.mark.parametrize("name", sorted(used_routes()))
def test_route_writes_what_reverse_writes(name, prefix):
    set_script_prefix(prefix)
    compared = 0
    try:
        for key in KEYS:
            try:
                expected = reverse(name, args=[key])
            except NoReverseMatch:  # a key of another kind than this route's
                continue
            assert route_path(key, name) == expected
            assert Routes().path(key, name) == expected
            compared += 1
    finally:
        clear_script_prefix()
    assert compared >= 2, f"fewer than two keys of {name}'s kind here: add them to KEYS"


def test_a_pages_routes_follow_the_urlconf_and_prefix_they_were_made_under():
    key = "0123456789abcdef0123"
    plain = Routes()
    set_urlconf("tests.core.prefixed_urls")
    set_script_prefix("/dev/")
    try:
        prefixed = Routes()
        for _ in range(2):  # the second time from what the first kept
            assert prefixed.path(key, "dwipper:dwipp") == reverse("dwipper:dwipp", args=[key])
            assert prefixed.path(key, "dwipper:dwipp") == f"/dev/prefixed/dwipper/d/{key}/"
    finally:
        set_urlconf(None)
        clear_script_prefix()
    assert plain.path(key, "dwipper:dwipp") == f"/dwipper/d/{key}/"


def test_a_key_that_also_appears_in_the_path_is_reversed_each_time():
    assert route_path("d", "dwipper:profile") == "/dwipper/u/d/"
    assert route_path("u", "dwipper:profile") == "/dwipper/u/u/"
    assert route_path("Kirk", "dwipper:profile") == "/dwipper/u/Kirk/"
    assert Routes().path("d", "dwipper:profile") == "/dwipper/u/d/"
    assert Routes().path("u", "dwipper:profile") == "/dwipper/u/u/"


@pytest.mark.parametrize("prefix", ["/", "/dev/", "/stage/"])
def test_a_url_without_arguments_is_what_reverse_writes_under_each_script_prefix(prefix):
    page = engines["django"].from_string("{% url 'core:home' %} {% url 'accounts:logout' %}")
    set_script_prefix(prefix)
    try:
        for _ in range(2):  # the second time from what the first kept
            assert page.render() == f"{reverse('core:home')} {reverse('accounts:logout')}"
    finally:
        clear_script_prefix()


def test_a_url_without_arguments_follows_the_requests_urlconf():
    page = engines["django"].from_string("{% url 'core:home' %}")
    assert page.render() == "/"
    set_urlconf("tests.core.prefixed_urls")
    try:
        assert page.render() == "/prefixed/"
    finally:
        set_urlconf(None)
    assert page.render() == "/"


def test_a_url_with_arguments_or_as_a_variable_is_djangos_own():
    page = engines["django"].from_string(
        "{% url 'captains_log:detail' key %} {% url 'core:home' as home %}[{{ home }}]"
    )
    key = "20261206T201100000123Z-0a1b2c3d"
    assert page.render({"key": key}) == f"{reverse('captains_log:detail', args=[key])} [/]"
