"""manage.py createsuperuser and changepassword on DynamoDB users."""

import pytest
from django.contrib.auth.management.commands import changepassword
from django.core.management import CommandError, call_command

from apps.accounts.selectors import user_get


def test_createsuperuser_creates_a_staff_superuser(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Engage 1701-D!")
    call_command(
        "createsuperuser", interactive=False, username="Riker", email="riker@enterprise.example"
    )
    user = user_get(username="riker")
    assert user.is_staff
    assert user.is_superuser
    assert user.check_password("Engage 1701-D!")


def test_createsuperuser_refuses_a_taken_username(monkeypatch, picard):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Engage 1701-D!")
    with pytest.raises(CommandError, match="That username is already taken"):
        call_command("createsuperuser", interactive=False, username="PICARD", email="x@y.example")


def test_changepassword_sets_the_new_password(picard, capsys):
    command = changepassword.Command()
    command._get_pass = lambda prompt="": "Shields up 2364!"  # what the operator types, twice
    call_command(command, "picard")
    assert "Password changed successfully for user 'Picard'" in capsys.readouterr().out
    assert user_get(username="picard").check_password("Shields up 2364!")


def test_changepassword_of_an_unknown_user_says_so():
    with pytest.raises(CommandError, match="user 'nobody' does not exist"):
        call_command("changepassword", "nobody")


def test_createsuperuser_refuses_a_username_with_an_at_sign(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Engage 1701-D!")
    with pytest.raises(CommandError, match="no @"):
        call_command("createsuperuser", interactive=False, username="w@rf", email="w@k.example")
    assert user_get(username="w@rf") is None
