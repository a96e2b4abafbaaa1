"""Django authentication backend that finds users in DynamoDB.

AUTHENTICATION_BACKENDS lists only this one: Django's ModelBackend would query
the ORM. Sign-in accepts a username or an email address. Every password check
counts against the sign-in lock-out (apps.accounts.limits), whichever door
it came through; a right password takes its count back.
"""

from django.contrib.auth.backends import BaseBackend

from apps.accounts.limits import password_attempt_begin, signin_account
from apps.accounts.models import User
from apps.accounts.selectors import user_get, user_get_by_login


class DynamoDBBackend(BaseBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = user_get_by_login(login=username)
        attempt = password_attempt_begin(request, account=signin_account(username, user))
        if user is None:
            # Hash anyway, so that an unknown name takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and user.is_active:
            attempt.succeeded()
            return user
        return None

    def get_user(self, user_id):
        user = user_get(username=user_id)
        return user if user is not None and user.is_active else None
