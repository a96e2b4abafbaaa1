"""The manager Django's auth code calls on the user model, answered from DynamoDB.

Only what Django itself uses is here: ``get_by_natural_key`` (authentication,
createsuperuser), ``get(pk=...)`` / ``get(username=...)`` (password reset
links, changepassword), ``using()`` / ``db_manager()`` (management commands),
``create_user`` and ``create_superuser``. Anything else would need the ORM and
fails loudly, as it should.

It calls the selectors and services, which build users without importing the
model (see models.py), so the imports run one way.
"""

from django.contrib.auth.base_user import BaseUserManager

from apps.accounts.selectors import user_get
from apps.accounts.services import user_create


class UserManager(BaseUserManager):
    def using(self, alias):
        return self

    def db_manager(self, using=None, hints=None):
        return self

    def get(self, **lookup):
        if set(lookup) - {"pk", "username"} or len(lookup) != 1:
            raise NotImplementedError(f"Users can only be looked up by username, not {lookup}.")
        user = user_get(username=str(next(iter(lookup.values()))))
        if user is None:
            raise self.model.DoesNotExist(f"No user {lookup}.")
        return user

    def get_by_natural_key(self, username):
        return self.get(username=username)

    def create_user(self, username, email, password=None, **extra_fields):
        return user_create(username=username, email=email, password=password, **extra_fields)

    def create_superuser(self, username, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(username, email, password, **extra_fields)
