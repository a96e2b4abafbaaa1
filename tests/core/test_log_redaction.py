"""Paths that carry secrets reach no log: not Zappa's request line, not Django's 4xx lines."""

import logging
import re

import pytest
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from zappa.wsgi import common_log, create_wsgi_request

TOKEN = "cf1k2z-0123456789abcdef0123456789abcdef"
UID = urlsafe_base64_encode(force_bytes("Picard"))


def api_gateway_event(path: str) -> dict:
    return {
        "httpMethod": "GET",
        "path": path,
        "headers": {"Host": "site.example", "Referer": f"https://site.example{path}"},
        "queryStringParameters": None,
        "requestContext": {"identity": {"sourceIp": "198.51.100.4"}},
        "body": None,
        "isBase64Encoded": False,
    }


def test_zappas_request_line_of_a_reset_link_hides_the_token(client, picard, capfd):
    path = f"/account/reset/{UID}/{TOKEN}/"
    response = client.get(path)
    common_log(create_wsgi_request(api_gateway_event(path)), response)
    logged = capfd.readouterr().err
    assert "zappa.wsgi" in logged
    assert "/account/reset/[redacted]" in logged
    assert TOKEN not in logged
    assert UID not in logged


def test_djangos_4xx_line_of_a_reset_path_hides_the_token(client, capfd):
    response = client.get(f"/account/reset/{UID}/{TOKEN}/nothing-here")
    assert response.status_code == 404
    logged = capfd.readouterr().err
    assert "Not Found: /account/reset/[redacted]" in logged
    assert TOKEN not in logged


def test_a_real_reset_flow_leaves_no_token_in_any_log(client, picard, capfd):
    from django.core import mail

    client.post("/account/password/reset/", {"email": "jean-luc@enterprise.example"})
    link = re.search(r"https?://[^/]+(/account/reset/\S+/)", mail.outbox[0].body).group(1)
    token = link.rstrip("/").rsplit("/", 1)[1]
    client.get(link + "x/")  # a 404 Django logs
    logging.getLogger("zappa.wsgi").warning("GET %s 302", link)  # any logger, args or not
    logged = capfd.readouterr().err
    assert logged.count("/account/reset/[redacted]") == 2
    assert token not in logged


@pytest.mark.parametrize("path", ["/shorten/", "/account/password/reset/", "/account/"])
def test_other_paths_are_logged_as_they_are(client, capfd, path):
    logging.getLogger("django.request").warning("Not Found: %s", path + "x")
    assert f"Not Found: {path}x" in capfd.readouterr().err
