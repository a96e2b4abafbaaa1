import time

from django.conf import settings

from apps.core.dynamodb.deadline import request_scope
from apps.core.http.request_log import request_logged
from apps.core.http.responses import method_not_allowed_page, wants_json
from apps.core.http.unavailable import RETRY_AFTER_SECONDS, dynamodb_error_response


class DynamoDBUnavailableMiddleware:
    """Give the request its DynamoDB budget; answer DynamoDB's failures with 503 (or 400).

    Every 503 leaves with ``Retry-After``: a view's own 503 that forgot it gets
    ``RETRY_AFTER_SECONDS``.

    It comes first, so that the budget also covers the session saved on the
    way out, and so that the request's log line (apps/core/http/request_log.py)
    counts every DynamoDB call. Errors raised outside views (that session save) reach
    ``apps.core.views.server_error``, which answers the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        with request_scope(settings.DYNAMODB_REQUEST_BUDGET):
            response = self.get_response(request)
            request_logged(request, response, started)
        if response.status_code == 503 and not response.has_header("Retry-After"):
            # Every 503 says when to come back, whichever view made it.
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def process_exception(self, request, exception):
        return dynamodb_error_response(request, exception)


class MethodNotAllowedPageMiddleware:
    """A page's bare 405 (Django's ``require_POST``, ``require_safe``) as a page that says so.

    A browser asks for a form's address by itself (a bookmark, a restored tab, the
    address bar), and Django's answer is blank. Last in MIDDLEWARE, so the page gets
    every header the others add; JSON answers keep their own body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        bare = response.status_code == 405 and not response.streaming and not response.content
        if bare and not wants_json(request):
            return method_not_allowed_page(request, response)
        return response
