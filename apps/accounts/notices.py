"""Emails that tell account holders what just happened to their account, and what to do.

Sent to the account's address whenever its password, its email address (to
the old address) or its second factor changes, and when someone signs in from
a browser the account has not been used from before. Each says what happened
and when, and how to react if it was not the owner. Locally they appear on the
console like the site's other emails; tests read ``mail.outbox``.

A notice follows a change that is already made: a failure to send is logged,
never raised (apps/core/mail.py).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.core.mail import email_send

logger = logging.getLogger(__name__)


def _url(name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name)


def _when() -> str:
    return timezone.now().strftime("%Y-%m-%d %H:%M UTC")


def _reset_advice() -> str:
    return (
        "someone else knows your password. Reset it at once at "
        f"{_url('accounts:password_reset')} and sign in again; every browser signed in with "
        "the old password is signed out."
    )


def _send(user, *, subject: str, happened: str, react: str, to: str | None = None) -> bool:
    context = {
        "user": user,
        "happened": happened,
        "react": react,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    message = EmailMessage(
        subject=f"{subject} on {settings.SITE_NAME}",
        body=render_to_string("accounts/notice_email.txt", context),
        to=[to or user.email],
    )
    error = email_send(message)
    if error is not None:
        logger.error("accounts.notice_failed subject=%r error=%s", subject, error)
        return False
    return True


def notice_password_changed(user) -> bool:
    return _send(
        user,
        subject="Your password was changed",
        happened=(f'The password of your account "{user.username}" was changed on {_when()}.'),
        react=_reset_advice(),
    )


def notice_email_changed(user, *, old_email: str) -> bool:
    """Sent to the old address: the new one may be an intruder's."""
    return _send(
        user,
        to=old_email,
        subject="Your email address was changed",
        happened=(
            f'The email address of your account "{user.username}" was changed on {_when()} '
            f"from {old_email} to {user.email}. Emails about the account, password resets "
            "among them, now go to the new address."
        ),
        react=(
            "someone else can sign in as you. Sign in and change the address back at "
            f"{_url('accounts:profile_edit')}, then change your password at "
            f"{_url('accounts:password_change')}. If you cannot sign in any more, reply to "
            "the site's staff with this email."
        ),
    )


def notice_factor_changed(user, *, what: str) -> bool:
    """``what``: a sentence saying what happened to the second factor."""
    return _send(
        user,
        subject="Your two-factor sign-in changed",
        happened=f'Two-factor sign-in of your account "{user.username}", on {_when()}: {what}',
        react=(
            f"{_reset_advice()} Then check two-factor sign-in on {_url('accounts:profile')}, "
            "and ask the site's staff for help if you cannot sign in."
        ),
    )


def notice_new_browser(user, *, browser: str, address: str) -> bool:
    return _send(
        user,
        subject="A new sign-in to your account",
        happened=(
            f'Someone signed in to your account "{user.username}" on {_when()} from a browser '
            f"or device it had not been used from before: {browser or 'unknown browser'}, "
            f"address {address or 'unknown'}."
        ),
        react=(
            f"{_reset_advice()} Turn on two-factor sign-in on {_url('accounts:profile')}, "
            "so that a password alone is not enough."
        ),
    )
