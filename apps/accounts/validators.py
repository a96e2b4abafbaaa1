"""What a username may be made of."""

from django.contrib.auth.validators import UnicodeUsernameValidator

USERNAME_HELP = "Up to 30 characters: letters, digits and . + - _ only."
USERNAME_INVALID = (
    "Enter a valid username: letters, digits and . + - _ only "
    "(no @, which sign-in reads as an email address)."
)


class UsernameValidator(UnicodeUsernameValidator):
    """Django's username characters less @: sign-in takes a name with an @ for an email."""

    regex = r"^[\w.+-]+\Z"
    message = USERNAME_INVALID
