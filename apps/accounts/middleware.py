"""The answer to a locked-out sign-in, whichever door the password came through."""

from apps.accounts.limits import SIGNIN_WHAT, SignInLocked
from apps.core.http.ratelimit import too_many_requests


class SignInLockedMiddleware:
    """429 with Retry-After and the page (JSON under /api/) for SignInLocked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignInLocked):
            return too_many_requests(request, exception.retry_after, SIGNIN_WHAT)
        return None
