from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.api_keys import (
    ApiKeyError,
    api_key_create,
    api_key_revoke,
    api_keys_of,
    key_scopes,
)
from apps.accounts.demo import demo_accounts_shown, demo_passwords
from apps.accounts.factors import factor_state
from apps.accounts.forms import (
    KEY_PASSWORD_WRONG,
    PASSWORD_WRONG,
    AccountDeleteForm,
    ApiKeyForm,
    ProfileForm,
    SignUpForm,
    StaffSignInForm,
)
from apps.accounts.limits import (
    email_change_limit_exceeded,
    reset_limit_exceeded,
    signin_lockout_lift,
    signup_limit_exceeded,
)
from apps.accounts.selectors import email_claim, username_key
from apps.accounts.services import (
    EmailTaken,
    UserChanged,
    UsernameTaken,
    account_close,
    user_create,
    user_profile_update,
)
from apps.accounts.signin import FactorMissing, is_staff, signin_begin, signin_complete
from apps.core.http.ratelimit import too_many_requests
from apps.core.http.redirects import NEXT_FIELD, next_target
from apps.core.site import user_data_notes


def _email_changes(user, form) -> bool:
    return email_claim(form.cleaned_data["email"]) != email_claim(user.email)


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
                messages.success(request, f"Welcome, {user.username}! Your account is ready.")
                target = redirect(next_target(request) or settings.LOGIN_REDIRECT_URL)
                return signin_complete(request, user, target, notify=False)
    return render(request, "accounts/signup.html", {"form": form, "next": next_target(request)})


class SignInView(auth_views.LoginView):
    """Django's sign-in form, then the second factor when the account has one (signin.py).

    The backend counts every password check against the lock-out.
    """

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self):
        return next_target(self.request) or ""

    def form_valid(self, form):
        try:
            return signin_begin(self.request, form.get_user(), self.get_success_url())
        except FactorMissing as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if demo_accounts_shown():
            context["demo_passwords"] = demo_passwords()
            context["demo_hint"] = True
        return context


class AdminSignInView(SignInView):
    """The admin's login page (/admin/login/): the same two steps, for staff only."""

    template_name = "admin/sign_in.html"
    authentication_form = StaffSignInForm
    redirect_authenticated_user = False

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET" and admin.site.has_permission(request):
            return redirect("admin:index")
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("admin:index")

    def get_context_data(self, **kwargs):
        context = super(SignInView, self).get_context_data(**kwargs)
        request = self.request
        context.update(
            admin.site.each_context(request),
            title="Log in",
            subtitle=None,
            app_path=request.get_full_path(),
            username=request.user.get_username(),
        )
        context[NEXT_FIELD] = self.get_redirect_url() or reverse("admin:index")
        return context


class SignOutView(auth_views.LogoutView):
    http_method_names = ["get", "post", "options"]

    def get_redirect_url(self):
        return next_target(self.request) or ""

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
    context = {"factor": factor_state(request.user), "staff": is_staff(request.user)}
    return render(request, "accounts/profile.html", context)


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


@login_required
@require_GET
def api_keys(request):
    keys = api_keys_of(user=username_key(request.user.username))
    offered = dict(key_scopes())
    rows = [(key, [offered.get(scope, scope) for scope in sorted(key.scopes)]) for key in keys]
    return render(request, "accounts/api_keys.html", {"rows": rows})


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def api_key_new(request):
    """Make an API key (the password asked again); the key is shown on this answer only."""
    form = ApiKeyForm(request.POST or None, scopes=key_scopes())
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        if authenticate(request, username=request.user.username, password=password) is None:
            form.add_error("password", KEY_PASSWORD_WRONG)
        else:
            try:
                key, secret = api_key_create(
                    user=username_key(request.user.username),
                    name=form.cleaned_data["name"],
                    scopes=set(form.cleaned_data["scopes"]),
                )
            except ApiKeyError as error:
                form.add_error(None, str(error))
            else:
                response = render(
                    request, "accounts/api_key_made.html", {"key": key, "secret": secret}
                )
                response["Cache-Control"] = "no-store"
                return response
    return render(request, "accounts/api_key_new.html", {"form": form})


@login_required
@require_POST
def api_key_revoke_view(request, key_id):
    try:
        api_key_revoke(user=username_key(request.user.username), key_id=key_id)
    except ApiKeyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The API key is revoked: it works no more.")
    return redirect("accounts:api_keys")


def account_deleted(request):
    return render(request, "accounts/account_deleted.html", {"notes": user_data_notes()})
