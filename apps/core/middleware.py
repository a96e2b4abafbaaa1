from apps.core.unavailable import unavailable_reason, unavailable_response


class DynamoDBUnavailableMiddleware:
    """Answer 503 when a view fails because DynamoDB is unavailable.

    Errors raised outside views (a session saved by a middleware on the way
    out) reach ``apps.core.views.server_error``, which does the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        reason = unavailable_reason(exception)
        if reason is None:
            return None
        return unavailable_response(request, reason)
