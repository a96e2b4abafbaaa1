from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from apps.accounts.demo import demo_accounts_shown, demo_passwords
from apps.accounts.forms import PASSWORD_WRONG, AccountDeleteForm, ProfileForm, SignUpForm
from apps.accounts.limits import (
    email_change_limit_exceeded,
    reset_limit_exceeded,
    signin_lockout_lift,
    signup_limit_exceeded,
)
from apps.accounts.selectors import email_claim
from apps.accounts.services import (
    EmailTaken,
    UserChanged,
    UsernameTaken,
    account_close,
    user_create,
    user_profile_update,
)
from apps.core.http.ratelimit import too_many_requests
from apps.core.site import user_data_notes

BACKEND = "apps.accounts.backends.DynamoDBBackend"


def _email_changes(user, form) -> bool:
    return email_claim(form.cleaned_data["email"]) != email_claim(user.email)


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        retry_after = signup_limit_exceeded(request)
        if retry_after:
            return too_many_requests(request, retry_after, "sign-ups from your network")
        if form.is_valid():
            try:
                user = user_create(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except UsernameTaken as error:
                form.add_error("username", str(error))
            except EmailTaken as error:
                form.add_error("email", str(error))
            else:
                login(request, user, backend=BACKEND)
                messages.success(request, f"Welcome, {user.username}! Your account is ready.")
                return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request)})


class SignInView(auth_views.LoginView):
    """Django's sign-in; the backend counts every password check against the lock-out."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if demo_accounts_shown():
            context["demo_passwords"] = demo_passwords()
            context["demo_hint"] = True
        return context


class SignOutView(auth_views.LogoutView):
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        """A followed link or a typed address gets a page that asks; only its POST signs out."""
        return render(request, "accounts/logout.html")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are signed out.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        retry_after = reset_limit_exceeded(request)
        if retry_after:
            return too_many_requests(request, retry_after, "password reset requests")
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        signin_lockout_lift(form.user)
        return response


@login_required
def profile(request):
    return render(request, "accounts/profile.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    user = request.user
    initial = {f: getattr(user, f) for f in ProfileForm.base_fields}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        retry_after = _email_changes(user, form) and email_change_limit_exceeded(request)
        if retry_after:
            return too_many_requests(request, retry_after, "email address changes")
        try:
            user_profile_update(user, **form.cleaned_data)
        except EmailTaken as error:
            form.add_error("email", str(error))
        except UserChanged as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request):
    """Close the signed-in account (its password asked again) and sign out; deletion follows.

    The account closes at once and its deletion runs in the background
    (services.account_close), so the page answers whatever the account holds.

    The password is checked through ``authenticate()``, so a wrong one counts
    against the sign-in lock-out like any other door that takes a password.
    """
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        if authenticate(request, username=request.user.username, password=password) is None:
            form.add_error("password", PASSWORD_WRONG)
        else:
            account_close(request.user)
            logout(request)
            return redirect("accounts:account_deleted")
    return render(
        request, "accounts/account_delete.html", {"form": form, "notes": user_data_notes()}
    )


def account_deleted(request):
    return render(request, "accounts/account_deleted.html", {"notes": user_data_notes()})
