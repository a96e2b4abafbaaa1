from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from apps.accounts import factor_views, views
from apps.accounts.forms import PasswordResetRequestForm, SignInForm

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.SignInView.as_view(authentication_form=SignInForm), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("login/code/", factor_views.signin_code, name="signin_code"),
    path("login/recovery/", factor_views.signin_code, {"recovery": True}, name="signin_recovery"),
    path("account/two-factor/enrol/", factor_views.enrol, name="two_factor_enrol"),
    path(
        "account/two-factor/link/<str:token>/",
        factor_views.enrol_by_link,
        name="two_factor_link",
    ),
    path("account/two-factor/off/", factor_views.factor_off, name="two_factor_off"),
    path("account/", views.profile, name="profile"),
    path("account/edit/", views.profile_edit, name="profile_edit"),
    path("account/keys/", views.api_keys, name="api_keys"),
    path("account/keys/new/", views.api_key_new, name="api_key_new"),
    path("account/keys/<str:key_id>/revoke/", views.api_key_revoke_view, name="api_key_revoke"),
    path("account/delete/", views.account_delete_view, name="account_delete"),
    path("account/deleted/", views.account_deleted, name="account_deleted"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "account/password/reset/",
        views.PasswordResetView.as_view(
            form_class=PasswordResetRequestForm,
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "account/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
