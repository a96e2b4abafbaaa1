"""Email that a page sends on the side: its failure is reported, never a failed page.

The mail server (SMTP locally) or Amazon SES (django-ses, botocore) may refuse
or be unreachable; what the user asked for is done already, so the caller
logs the failure and says so on the page.
"""

from __future__ import annotations

import smtplib

import botocore.exceptions
from django.core.mail import EmailMessage

SEND_ERRORS = (
    OSError,
    smtplib.SMTPException,
    botocore.exceptions.BotoCoreError,
    botocore.exceptions.ClientError,
)


def email_send(message: EmailMessage) -> str | None:
    """Send ``message``: None when it went, else the name of the error that stopped it."""
    try:
        message.send()
    except SEND_ERRORS as error:
        return type(error).__name__
    return None
