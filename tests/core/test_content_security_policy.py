"""Pages send a Content-Security-Policy that forbids inline code, and no page needs any."""

import re

import pytest

from tests.support.dynamodb import PROJECT_DIR

INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.IGNORECASE)
TEMPLATES = sorted((PROJECT_DIR / "templates").rglob("*.html"))


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    pairs = (part.strip().split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in pairs}


@pytest.mark.parametrize("path", ["/", "/login/", "/shorten/", "/no/such/page"])
def test_pages_forbid_inline_scripts_and_foreign_origins(client, path):
    policy = directives(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in client.get(path)["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_template_carries_inline_code_the_policy_would_block(template):
    text = template.read_text()
    assert not INLINE_HANDLER.search(text), "inline event handler: use a data attribute"
    assert not INLINE_SCRIPT.search(text), "inline <script>: put it in a static .js file"
    assert not INLINE_STYLE.search(text), "inline style: put it in site.css"


def test_the_site_script_is_on_every_page(client):
    assert 'src="/static/core/site.js"' in client.get("/").content.decode()
