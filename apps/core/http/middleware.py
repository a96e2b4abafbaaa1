import time

from django.conf import settings

from apps.core.dynamodb.deadline import request_scope
from apps.core.http.request_log import request_logged
from apps.core.http.unavailable import dynamodb_error_response


class DynamoDBUnavailableMiddleware:
    """Give the request its DynamoDB budget; answer DynamoDB's failures with 503 (or 400).

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
        return response

    def process_exception(self, request, exception):
        return dynamodb_error_response(request, exception)
