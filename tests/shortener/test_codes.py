"""Random codes never overwrite a link; aliases keep clear of the site's own addresses."""

import re

import pytest

from apps.shortener.codes import ALPHABET, random_code, reserved_words
from apps.shortener.models import Link
from apps.shortener.services import NoFreeCode, link_create
from tests.support.dynamodb import item_count


def test_codes_are_seven_base62_characters(client):
    codes = {link_create(url=f"https://example.com/{n}").code for n in range(20)}
    assert len(codes) == 20
    assert all(re.fullmatch(r"[0-9A-Za-z]{7}", code) for code in codes)


def test_random_codes_use_the_whole_alphabet():
    drawn = set("".join(random_code(7) for _ in range(2000)))
    assert drawn == set(ALPHABET)


def test_collisions_never_overwrite_and_a_crowded_code_space_says_so(settings):
    settings.SHORTENER_CODE_LENGTH = 1  # 62 possible codes: collisions are certain
    created, refused = {}, 0
    for n in range(150):
        try:
            link = link_create(url=f"https://example.com/{n}")
        except NoFreeCode:
            refused += 1
        else:
            created[link.code] = link.url
    assert refused > 0
    assert len(created) <= 62
    assert item_count(Link) == len(created)
    for code, url in created.items():
        assert Link.get(code).url == url


def test_a_forced_collision_retries_with_a_new_code():
    first = link_create(url="https://example.com/first")
    drawn = iter([first.code, first.code, "Fresh12"])
    second = link_create(url="https://example.com/second", code_source=lambda length: next(drawn))
    assert second.code == "Fresh12"
    assert Link.get(first.code).url == "https://example.com/first"


@pytest.mark.parametrize(
    "word", ["admin", "signup", "login", "logout", "account", "shorten", "healthz", "api", "static"]
)
def test_every_route_of_the_site_is_reserved(word):
    assert word in reserved_words()
