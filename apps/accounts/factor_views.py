"""The pages of two-factor sign-in: the code after the password, enrolment, turning it off.

- ``/login/code/`` and ``/login/recovery/``: the second step of a sign-in
  (signin.py keeps who is half-way); a wrong code counts toward the lock-out.
- ``/account/two-factor/link/<token>/``: enrolment through a one-time link a
  superuser made (the admin, or ``manage.py two_factor_link``): the password,
  then the QR code and a code from the app, then the ten recovery codes. Staff
  enrol only this way, so a leaked password alone enrols nobody's phone.
- ``/account/two-factor/enrol/``: the same for a signed-in user who opts in
  (not staff); ``/account/two-factor/off/`` turns it off (password and code).

The secret is shown on the QR page of a pending enrolment only, never stored
or logged (otp.py derives it); the pages are never cached.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from apps.accounts import otp
from apps.accounts.factors import (
    EnrolmentRefused,
    enrol_confirm,
    factor_enrolled,
    factor_reset,
    link_valid,
)
from apps.accounts.forms import CodeForm, FactorOffForm, PasswordAgainForm
from apps.accounts.limits import password_attempt_begin, signin_account
from apps.accounts.selectors import user_get, username_key
from apps.accounts.signin import (
    CODE_WRONG,
    code_check,
    is_staff,
    signin_complete,
    signin_pending,
)
from apps.core.http.redirects import next_target
from apps.core.qr import qr_data_uri

ENROLMENT = "_two_factor_enrolment"  # session key: the pending enrolment's user and nonce
PASSWORD_WRONG = "That is not the password of this account."  # noqa: S105 (a message)
SIGN_IN_FIRST = "Sign in with your password first; the code comes next."
LINK_BAD = (
    "This enrolment link is not valid: it was used already, replaced by a newer one, or is "
    "older than {days} days. Ask a superuser for a new one."
)
STAFF_USE_LINK = (
    "Staff set up two-factor sign-in through an enrolment link from a superuser, so that a "
    "password alone never enrols a phone."
)
ENROLMENT_EXPIRED = "That took too long: enter your password again to get a new QR code."
SECRET_GROUP = 4  # the secret shown for typing by hand, in groups of four


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def signin_code(request, recovery: bool = False):
    user = signin_pending(request)
    if user is None:
        messages.info(request, SIGN_IN_FIRST)
        return redirect_to_login(next_target(request) or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = CodeForm(request.POST or None, recovery=recovery)
    if request.method == "POST" and form.is_valid():
        if code_check(request, user, form.cleaned_data["code"]):
            target = next_target(request) or resolve_url(settings.LOGIN_REDIRECT_URL)
            return signin_complete(request, user, HttpResponseRedirect(target), factor_passed=True)
        form.add_error("code", CODE_WRONG)
    context = {"form": form, "recovery": recovery, "next": next_target(request) or ""}
    return render(request, "accounts/two_factor_code.html", context, status=_status(form))


@sensitive_post_parameters("password", "code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Opt in from /account/ (not for staff, who enrol through a superuser's link)."""
    if is_staff(request.user):
        messages.error(request, STAFF_USE_LINK)
        return redirect("accounts:profile")
    if factor_enrolled(request.user):
        messages.info(request, "Two-factor sign-in is on already.")
        return redirect("accounts:profile")
    return _enrolment(request, request.user, link_nonce=None)


@sensitive_post_parameters("password", "code")
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_by_link(request, token):
    found = otp.link_read(token)
    user = user_get(username=found[0]) if found else None
    if user is None or not link_valid(user, found[1]):
        message = LINK_BAD.format(days=settings.TWO_FACTOR_LINK_DAYS)
        return render(
            request, "accounts/two_factor_link_bad.html", {"message": message}, status=404
        )
    return _enrolment(request, user, link_nonce=found[1])


def _enrolment(request, user, *, link_nonce: str | None):
    """Password, then QR code and a code from the app, then the recovery codes."""
    if request.method == "POST" and request.POST.get("step") == "code":
        pending = _pending_enrolment(request, user, link_nonce)
        if pending is not None:
            return _enrolment_code(request, user, pending, link_nonce)
        messages.error(request, ENROLMENT_EXPIRED)
    form = PasswordAgainForm(request.POST if request.POST.get("step") == "password" else None)
    if form.is_valid():
        if authenticate(request, username=user.username, password=form.cleaned_data["password"]):
            nonce = otp.nonce_new()
            request.session[ENROLMENT] = {
                "user": username_key(user.username),
                "nonce": nonce,
                "link": link_nonce,
                "until": time.time() + settings.TWO_FACTOR_PENDING_SECONDS,
            }
            return _qr_page(request, user, nonce, CodeForm())
        form.add_error("password", PASSWORD_WRONG)
    context = {"form": form, "enrolled_user": user, "by_link": link_nonce is not None}
    return render(request, "accounts/two_factor_enrol.html", context, status=_status(form))


def _pending_enrolment(request, user, link_nonce) -> dict | None:
    pending = request.session.get(ENROLMENT)
    if (
        not isinstance(pending, dict)
        or pending.get("user") != username_key(user.username)
        or pending.get("link") != link_nonce
        or pending.get("until", 0) < time.time()
    ):
        return None
    return pending


def _enrolment_code(request, user, pending: dict, link_nonce):
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _qr_page(request, user, pending["nonce"], form)
    attempt = password_attempt_begin(request, account=signin_account("", user))
    try:
        codes = enrol_confirm(
            user, nonce=pending["nonce"], code=form.cleaned_data["code"], link_nonce=link_nonce
        )
    except EnrolmentRefused as refusal:
        request.session.pop(ENROLMENT, None)
        return render(
            request, "accounts/two_factor_link_bad.html", {"message": str(refusal)}, status=409
        )
    if codes is None:
        form.add_error("code", CODE_WRONG)
        return _qr_page(request, user, pending["nonce"], form)
    attempt.succeeded()
    request.session.pop(ENROLMENT, None)
    target = "admin:index" if is_staff(user) else "accounts:profile"
    context = {"codes": codes, "continue_url": resolve_url(target)}
    # Rendered once the response is returned, after the sign-in: the page's
    # header shows the signed-in user and carries the new CSRF token.
    response = TemplateResponse(request, "accounts/two_factor_recovery_codes.html", context)
    return signin_complete(request, user, response, factor_passed=True)


def _qr_page(request, user, nonce: str, form):
    secret = otp.factor_secret(username_key(user.username), nonce)
    grouped = " ".join(secret[i : i + SECRET_GROUP] for i in range(0, len(secret), SECRET_GROUP))
    context = {
        "form": form,
        "enrolled_user": user,
        "qr": qr_data_uri(otp.provisioning_uri(secret, username=user.username)),
        "secret": grouped,
    }
    return render(request, "accounts/two_factor_qr.html", context, status=_status(form))


@sensitive_post_parameters("password", "code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def factor_off(request):
    """Turn two-factor sign-in off: the password and a current code (not for staff)."""
    user = request.user
    if is_staff(user) or not factor_enrolled(user):
        messages.error(request, STAFF_USE_LINK if is_staff(user) else "It is off already.")
        return redirect("accounts:profile")
    form = FactorOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not authenticate(request, username=user.username, password=data["password"]):
            form.add_error("password", PASSWORD_WRONG)
        elif not code_check(request, user, data["code"]):
            form.add_error("code", CODE_WRONG)
        else:
            factor_reset(user, by="you, on your account page", sessions_end=False)
            messages.success(request, "Two-factor sign-in is off: your password alone signs in.")
            return redirect("accounts:profile")
    return render(request, "accounts/two_factor_off.html", {"form": form}, status=_status(form))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200
