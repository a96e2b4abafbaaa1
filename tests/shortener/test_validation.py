"""Which URLs may be shortened (tests/shortener/test_api.py checks the answers' shape)."""

import json

import pytest

from apps.shortener import validation as v

OK = None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.com/a/very/long/path", OK),
        ("http://example.com", OK),
        ("HTTPS://EXAMPLE.COM/Path?q=1#frag", OK),
        ("https://sub.domain.example.co.uk:8443/x", OK),
        ("https://bücher.example/straße", OK),
        ("https://xn--bcher-kva.example/", OK),
        ("https://93.184.216.34/", OK),
        ("https://[2606:2800:220:1:248:1893:25c8:1946]/", OK),
        ("", v.URL_REQUIRED),
        ("https://example.com/" + "a" * 2048, v.URL_TOO_LONG),
        ("ftp://example.com/file", v.URL_SCHEME),
        ("javascript:alert(1)", v.URL_SCHEME),
        ("data:text/html,<script>", v.URL_SCHEME),
        ("example.com/no-scheme", v.URL_SCHEME),
        ("//example.com/protocol-relative", v.URL_SCHEME),
        ("https://exa mple.com/", v.URL_SPACES),
        ("https://example.com/a b", v.URL_SPACES),
        ("https://example.com/\x00", v.URL_SPACES),
        ("https://example.com/\r\nLocation: x", v.URL_SPACES),
        ("https://example.com/\x7f", v.URL_SPACES),
        ("https://example.com/\u2028", v.URL_SPACES),
        ("https://", v.URL_NO_HOST),
        ("https:///path-only", v.URL_NO_HOST),
        ("https://localhost/", v.URL_NO_HOST),
        ("https://intranet/", v.URL_NO_HOST),
        ("https://example.c0m/", v.URL_NO_HOST),
        ("https://-bad-.example/", v.URL_NO_HOST),
        ("https://127.0.0.1/", v.URL_NO_HOST),
        ("https://10.0.0.8/admin", v.URL_NO_HOST),
        ("https://169.254.169.254/latest/meta-data", v.URL_NO_HOST),
        ("https://[::1]/", v.URL_NO_HOST),
        ("https://example.com:99999/", v.URL_NO_HOST),
        ("https://example.com:0/", v.URL_NO_HOST),
        ("https://[not-an-ip/", v.URL_NO_HOST),
        ("https://user:pass@example.com/", v.URL_CREDENTIALS),
        ("https://paypal.com@evil.example/", v.URL_CREDENTIALS),
        ("https://testserver.example/abc", v.URL_OWN_SITE),
        ("https://www.testserver.example/abc", v.URL_OWN_SITE),
        ("https://spam.example/x", v.URL_BLOCKED),
        ("https://a.b.spam.example/x", v.URL_BLOCKED),
    ],
)
def test_url_rules(url, problem):
    found = v.url_problem(url, own_hosts={"testserver.example"}, blocked_hosts={"spam.example"})
    assert found == problem


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("example.com/path", "https://example.com/path"),
        ("example.com", "https://example.com"),
        ("www.example.com:8080/x?q=1", "https://www.example.com:8080/x?q=1"),
        ("https://example.com/", "https://example.com/"),
        ("HTTP://example.com/", "HTTP://example.com/"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
        ("//example.com/protocol-relative", "//example.com/protocol-relative"),
    ],
)
def test_an_address_without_a_scheme_means_https(typed, meant):
    assert v.url_with_scheme(typed) == meant


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("example.com/path", OK),
        ("not a url", v.URL_NOT_A_URL),
        ("hello", v.URL_NOT_A_URL),
        ("localhost:8000/admin", v.URL_NOT_A_URL),
        ("example.com/a b", v.URL_SPACES),
        ("https://exa mple.com/", v.URL_SPACES),
        ("mailto:someone@example.com", v.URL_SCHEME),
        ("javascript:alert(1)", v.URL_SCHEME),
        ("user:pass@example.com/", v.URL_SCHEME),
        ("spam.example/x", v.URL_BLOCKED),
        ("testserver.example/x", v.URL_OWN_SITE),
    ],
)
def test_what_people_type(typed, problem):
    found = v.typed_url_problem(
        typed, own_hosts={"testserver.example"}, blocked_hosts={"spam.example"}
    )
    assert found == problem


def test_the_page_and_the_api_add_https_and_name_what_is_not_a_url(client):
    page = client.post("/shorten/", {"url": "example.com/path"}, follow=True)
    assert "https://example.com/path" in page.content.decode()
    api = client.post(
        "/shorten", json.dumps({"url": "example.com/api"}), content_type="application/json"
    )
    assert api.status_code == 201
    assert api.json()["url"] == "https://example.com/api"
    refused = client.post(
        "/shorten", json.dumps({"url": "not a url"}), content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"url": [v.URL_NOT_A_URL]}
    form = client.post("/shorten/", {"url": "not a url"})
    assert "That is not a web address: enter one like https://example.com/page." in (
        form.content.decode()
    )
    assert "spaces or control characters" not in form.content.decode()


def test_a_host_that_merely_ends_like_a_blocked_one_is_fine():
    assert (
        v.url_problem("https://notspam.example/", own_hosts=set(), blocked_hosts={"spam.example"})
        is None
    )


def test_links_back_to_this_site_are_refused_through_the_api(client):
    response = client.post(
        "/shorten",
        json.dumps({"url": "http://testserver/Abc1234"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"url": [v.URL_OWN_SITE]}


def test_the_blocklist_comes_from_settings(client, settings):
    settings.SHORTENER_BLOCKED_HOSTS = ["malware.example"]
    response = client.post(
        "/shorten",
        json.dumps({"url": "https://cdn.malware.example/x"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"url": [v.URL_BLOCKED]}


@pytest.mark.parametrize(
    "host",
    [
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.8",
        "64:ff9b::7f00:1",  # NAT64, well-known prefix
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::8.8.8.8",  # NAT64 for local use: leads wherever the network says
        "2002:7f00:1::",  # 6to4
        "2002:a00:8::1",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    ],
)
def test_non_public_ipv4_in_ipv6_clothing_is_refused(client, host):
    response = client.post(
        "/shorten", json.dumps({"url": f"http://[{host}]/"}), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"url": [v.URL_NO_HOST]}


@pytest.mark.parametrize("host", ["64:ff9b::808:808", "2606:4700:4700::1111"])
def test_ipv6_addresses_that_lead_to_public_hosts_are_fine(host):
    assert v.url_problem(f"http://[{host}]/", own_hosts=set(), blocked_hosts=set()) is None
