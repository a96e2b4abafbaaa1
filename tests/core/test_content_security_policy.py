"""Pages send a Content-Security-Policy that forbids inline code, and no page needs any."""

import re

import pytest
from csp.constants import NONCE
from django.http import HttpResponse
from django.test import RequestFactory

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


POLICY_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def policies_given(view) -> list[dict]:
    """The policy headers of ``view``'s response under django-csp's own middleware and the site's
    (which keeps the texts it built), each asked twice."""
    from csp.middleware import CSPMiddleware

    from apps.core.http.security_policy import ContentSecurityPolicyMiddleware

    answers = []
    for middleware in (CSPMiddleware, ContentSecurityPolicyMiddleware) * 2:
        response = middleware(view)(RequestFactory().get("/"))
        answers.append({header: response.get(header) for header in POLICY_HEADERS})
    return answers


def page_with(**attributes):
    def view(request):
        response = HttpResponse("page")
        for name, value in attributes.items():
            setattr(response, name, value)
        return response

    return view


@pytest.mark.parametrize(
    "attributes",
    [
        {},
        {"_csp_update": {"script-src": ["https://js.example"], "connect-src": ("'self'",)}},
        {"_csp_replace": {"img-src": {"https://b.example", "https://a.example"}}},
        {"_csp_config": {"default-src": ["'none'"], "upgrade-insecure-requests": True}},
        {"_csp_exempt": True},
    ],
    ids=["site", "update", "replace-with-a-set", "config", "exempt"],
)
def test_each_response_gets_the_header_django_csp_would_give_it(attributes):
    theirs, ours, theirs_again, ours_again = policies_given(page_with(**attributes))
    assert theirs == ours == theirs_again == ours_again


def test_a_changed_policy_is_sent_at_once(client, settings):
    assert directives(client.get("/"))["default-src"] == ["'self'"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/")["Content-Security-Policy"] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["https:"]}}
    assert client.get("/")["Content-Security-Policy-Report-Only"] == "default-src https:"
    del settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
    assert "Content-Security-Policy-Report-Only" not in client.get("/")
    del settings.CONTENT_SECURITY_POLICY
    assert "Content-Security-Policy" not in client.get("/")


def test_a_page_that_asks_for_a_nonce_gets_its_own(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}" src="/a.js"></script>')

    policies = [answer["Content-Security-Policy"] for answer in policies_given(view)]
    assert all("'nonce-" in policy for policy in policies)
    assert len(set(policies)) == 4
