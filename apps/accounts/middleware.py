"""The answer to a locked-out sign-in, whichever door the password came through, and
staff who have not passed their second factor."""

from django.contrib.auth.middleware import get_user
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from apps.accounts.limits import SIGNIN_WHAT, SignInLocked
from apps.accounts.signin import factor_passed, is_staff
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


class SecondFactorMiddleware:
    """Staff are anonymous on every door unless this session's sign-in passed their second factor.

    The sign-in doors never sign staff in without it (apps/accounts/signin.py);
    this holds whatever else calls ``login()``, so that a password alone never
    reaches the admin or a staff page. After AuthenticationMiddleware; as lazy
    as it is (nothing is read until ``request.user`` is).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # AuthenticationMiddleware's own loader (cached on the request), not its lazy
        # request.user: a lazy object around a lazy object costs every use of
        # request.user two proxies (hundreds of lookups on a page).
        request.user = SimpleLazyObject(lambda: _checked(request, get_user(request)))
        return self.get_response(request)


def _checked(request, user):
    if user.is_authenticated and is_staff(user) and not factor_passed(request, user):
        return AnonymousUser()
    return user
