"""Django's own auth machinery works unchanged on users stored in DynamoDB."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponse

from apps.accounts.models import User
from apps.accounts.records import UserRecord
from apps.accounts.selectors import user_get
from tests.support.accounts import PASSWORD
from tests.support.dynamodb import item_count


def test_the_user_model_is_the_dynamodb_backed_one():
    assert get_user_model() is User
    assert User._meta.managed is False


def test_authenticate_finds_the_user_and_checks_the_password(picard):
    assert authenticate(username="picard", password=PASSWORD).pk == "Picard"
    assert authenticate(username="picard", password="wrong") is None
    assert authenticate(username="nobody", password=PASSWORD) is None


def test_manager_answers_what_django_asks_it(picard):
    assert User.objects.get_by_natural_key("PICARD").email == "jean-luc@enterprise.example"
    assert User.objects.using("default").get(username="picard").pk == "Picard"
    assert User.objects.db_manager("default").get(pk="Picard").pk == "Picard"
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk="nobody")


def test_sign_in_records_last_login(client, picard):
    assert user_get(username="picard").last_login is None
    client.post("/login/", {"username": "picard", "password": PASSWORD})
    assert user_get(username="picard").last_login is not None


def test_password_hash_upgrade_is_saved(picard, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert user_get(username="picard").check_password(PASSWORD)
    assert UserRecord.get("picard").password.startswith("pbkdf2_sha256$")


def test_default_token_generator_works_on_these_users(picard):
    token = default_token_generator.make_token(picard)
    assert default_token_generator.check_token(user_get(username="picard"), token)
    picard.set_password("changed and so the token is spent 1")
    picard.save()
    assert not default_token_generator.check_token(user_get(username="picard"), token)


def test_login_required_redirects_visitors(rf, picard):
    from django.contrib.auth.models import AnonymousUser

    view = login_required(lambda request: HttpResponse("secret"))
    request = rf.get("/secret/")
    request.user = AnonymousUser()
    assert view(request)["Location"] == "/login/?next=/secret/"
    request.user = picard
    assert view(request).content == b"secret"


def test_permissions_belong_to_active_superusers_only(picard):
    assert not picard.has_perm("anything")
    assert not picard.has_module_perms("accounts")
    picard.is_superuser = True
    assert picard.has_perm("anything")
    assert picard.has_module_perms("accounts")
    picard.is_active = False
    assert not picard.has_perm("anything")


def test_deleting_a_user_frees_the_email_and_retires_the_username(picard):
    """A reused name would inherit the links and bills that still carry it."""
    from apps.accounts.records import UniqueClaim
    from apps.accounts.services import UsernameTaken
    from tests.support.accounts import account_create

    picard.delete()
    assert item_count(UserRecord) == 0
    assert [claim.claim for claim in UniqueClaim.scan()] == ["retired#picard"]
    with pytest.raises(UsernameTaken):
        account_create()
    assert account_create(username="Locutus").email == "jean-luc@enterprise.example"
