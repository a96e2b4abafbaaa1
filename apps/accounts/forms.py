from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import RegexValidator

from apps.accounts.models import User
from apps.accounts.selectors import user_get_by_email
from apps.accounts.validators import USERNAME_HELP, UsernameValidator
from apps.core.forms import IdempotencyKeyField

PASSWORDS_DIFFER = "The two passwords are not the same."
SIGN_IN_FAILED = (
    "That username or email and password do not match an account. "
    "The password is case-sensitive; the username and email are not."
)
PHONE_INVALID = "Use digits, spaces and + - ( ) only."
PASSWORD_MAX_LENGTH = 128  # what sign-up, password change and account deletion take
PASSWORD_WRONG = "That is not your password. Nothing was deleted."  # noqa: S105 (a message)
KEY_PASSWORD_WRONG = "That is not your password. No key was made."  # noqa: S105 (a message)
STAFF_ONLY = (
    "Please enter the correct username and password for a staff account. Note that both "
    "fields may be case-sensitive."
)
CODE_MAX_LENGTH = 32  # a 6-digit code or a recovery code, typed with spaces or dashes


def _limit(field: str) -> int:
    """The User model's ``max_length`` of ``field``: each form says what the model says."""
    return User._meta.get_field(field).max_length


class SignUpForm(forms.Form):
    username = forms.CharField(
        max_length=_limit("username"),
        validators=[UsernameValidator()],
        help_text=USERNAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    email = forms.EmailField(
        max_length=_limit("email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    idempotency_key = IdempotencyKeyField()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif password2:
            user = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password2, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SignInForm(AuthenticationForm):
    """Django's sign-in form, taking a username or an email address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": SIGN_IN_FAILED,
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Username or email"
        self.fields["username"].max_length = _limit("email")  # the longer of the two
        self.fields["username"].widget.attrs["maxlength"] = _limit("email")


class ProfileForm(forms.Form):
    first_name = forms.CharField(max_length=_limit("first_name"), required=False)
    last_name = forms.CharField(max_length=_limit("last_name"), required=False)
    email = forms.EmailField(max_length=_limit("email"))
    phone_number = forms.CharField(
        max_length=_limit("phone_number"),
        required=False,
        validators=[
            RegexValidator(rf"^\+?[0-9 ()-]{{3,{_limit('phone_number')}}}$", PHONE_INVALID)
        ],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    bio = forms.CharField(
        max_length=_limit("bio"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, finding the account through its email claim in DynamoDB.

    Django sends the link to the address stored on the account, never to the
    one typed into the form.
    """

    def get_users(self, email):
        user = user_get_by_email(email=email)
        if user is not None and user.is_active and user.has_usable_password():
            yield user


class PasswordAgainForm(forms.Form):
    """The password again: a borrowed, signed-in browser cannot do what this form guards."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AccountDeleteForm(PasswordAgainForm):
    """Deleting the account asks for the password again."""


class StaffSignInForm(SignInForm):
    """The admin's login: the site's sign-in form, for active staff only (as Django's admin)."""

    error_messages = {**SignInForm.error_messages, "not_staff": STAFF_ONLY}

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError(self.error_messages["not_staff"], code="not_staff")


def _code_field(**attrs) -> forms.CharField:
    return forms.CharField(
        label="Code from your authenticator app",
        max_length=CODE_MAX_LENGTH,
        help_text="6 digits; a new one every 30 seconds.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", **attrs}
        ),
    )


class CodeForm(forms.Form):
    """A code from the authenticator app, or (on the recovery page) a recovery code."""

    code = _code_field(autofocus=True)

    def __init__(self, *args, recovery: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if recovery:
            field = self.fields["code"]
            field.label = "Recovery code"
            field.help_text = "One of the ten codes you kept when you set up two-factor sign-in."
            field.widget.attrs.update(inputmode="text", autocomplete="off")


class FactorOffForm(PasswordAgainForm):
    """Turning two-factor sign-in off asks for the password and a current code."""

    code = _code_field()


class ApiKeyForm(PasswordAgainForm):
    """A new API key: its name, what it may do, and the password again."""

    name = forms.CharField(
        label="Name",
        max_length=60,
        help_text="Where you will use it, such as “backup script” or “phone”.",
    )
    scopes = forms.MultipleChoiceField(
        label="It may",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the key may do."},
    )
    field_order = ["name", "scopes", "password"]

    def __init__(self, *args, scopes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scopes
