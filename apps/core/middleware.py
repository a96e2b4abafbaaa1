from django.conf import settings

from apps.core.deadline import request_scope
from apps.core.unavailable import dynamodb_error_response


class DynamoDBUnavailableMiddleware:
    """Give the request its DynamoDB budget; answer DynamoDB's failures with 503 (or 400).

    It comes first, so that the budget also covers the session saved on the
    way out. Errors raised outside views (that session save) reach
    ``apps.core.views.server_error``, which answers the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope(settings.DYNAMODB_REQUEST_BUDGET):
            return self.get_response(request)

    def process_exception(self, request, exception):
        return dynamodb_error_response(request, exception)
