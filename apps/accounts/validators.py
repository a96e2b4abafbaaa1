"""What a username may be made of."""

from django.contrib.auth.validators import UnicodeUsernameValidator

USERNAME_MAX_LENGTH = 30
# A username's key (selectors.username_key, NFKC and casefolded) may be longer
# than the name; fields of other apps that hold one allow this much.
USERNAME_KEY_MAX_LENGTH = 150
USERNAME_HELP = f"Up to {USERNAME_MAX_LENGTH} characters: letters, digits and . + - _ only."
USERNAME_INVALID = (
    "Enter a valid username: letters, digits and . + - _ only "
    "(no @, which sign-in reads as an email address)."
)


class UsernameValidator(UnicodeUsernameValidator):
    """Django's username characters less @: sign-in takes a name with an @ for an email."""

    regex = r"^[\w.+-]+\Z"
    message = USERNAME_INVALID
