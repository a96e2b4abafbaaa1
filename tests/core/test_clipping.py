"""``clip`` (apps/core/templatetags/clipping.py) cuts text exactly as Django's truncatechars."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.defaultfilters import truncatechars
from django.utils.safestring import mark_safe

from apps.core.templatetags.clipping import clip

TEXTS = [
    "",
    "short",
    "x" * 59,
    "x" * 60,
    "x" * 61,
    "https://example.com/" + "a" * 200,
    # Combining marks: decomposed "é" (e + U+0301) counts as one character.
    "Cafe\u0301 " * 15,
    "e\u0301" * 60,
    "e\u0301" * 61,
    "Ångström, naïve, résumé; " * 4,
    "<b>not html</b> & " * 5,
]


@pytest.mark.parametrize("length", [0, 1, 5, 60, 80, "60", "not a number"])
@pytest.mark.parametrize("text", TEXTS)
def test_clip_gives_what_truncatechars_gives(text, length):
    assert clip(text, length) == truncatechars(text, length)


def test_a_clipped_text_is_escaped_on_the_page_and_safe_text_stays_safe():
    page = engines["django"].from_string("{{ text|clip:10 }} {{ safe|clip:10 }}")
    shown = page.render({"text": "<b>" * 5, "safe": mark_safe("<i>ok</i>")})
    assert shown == "&lt;b&gt;&lt;b&gt;&lt;b&gt;… <i>ok</i>"


def test_no_template_uses_truncatechars():
    """Lists cut text with ``clip``: the same text, without walking a text that fits."""
    found = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if re.search(r"\|\s*truncatechars\b", path.read_text())
    ]
    assert not found, found
