"""The OpenAPI document describes the JSON endpoints, and they keep to it.

Schemathesis reads /api/openapi.json and sends each operation generated
requests, valid and not: every answer must be one the document lists, with
the documented body; requests the schema forbids must be refused; none may
get a 5xx. Requests the schema allows may still be refused (a URL is a string
to the schema, but must also have a public host), so that check is left out.

Each run draws OPENAPI_EXAMPLES requests per operation (50 by default, which
keeps `make test` short; new examples every run, and Hypothesis replays the
ones that failed before). `OPENAPI_EXAMPLES=1000` fuzzes for longer.
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


def test_the_document_is_served_and_lists_the_apis(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {
        "/shorten",
        "/api/links",
        "/api/billing/verify",
        "/api/todos/",
        "/api/dwipper/dwipps/{dwipp_id}/",
    } <= set(document["paths"])


@pytest.fixture(autouse=True)
def generous_limits(settings):
    settings.SHORTENER_RATE_ANONYMOUS = settings.SHORTENER_RATE_SIGNED_IN = "100000/h"
    settings.BILLING_VERIFY_RATE_PER_IP = "100000/h"


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("OPENAPI_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented_and_none_is_a_server_error(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
