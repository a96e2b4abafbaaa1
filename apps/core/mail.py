"""Email: sending it on the side, and printing it in the terminal on a local run.

A page that sends email on the side reports a failure, never fails: the mail
server (SMTP locally) or Amazon SES (django-ses, botocore) may refuse or be
unreachable; what the user asked for is done already, so ``email_send`` says
what stopped it and the caller logs that and says so on the page.

On a local run email is printed in the terminal of `make run`, never sent.
Django's console backend prints the whole MIME message, a bill's PDF as pages
of base64 among the request lines; ``TerminalEmailBackend`` prints what a
person reads (the addresses, the subject, the text) and names each attachment,
between two rules that stand out from the request log.
"""

from __future__ import annotations

import smtplib

import botocore.exceptions
from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend

SEND_ERRORS = (
    OSError,
    smtplib.SMTPException,
    botocore.exceptions.BotoCoreError,
    botocore.exceptions.ClientError,
)
RULE = "=" * 72
HEADING = "Email (local run: printed here, not sent)"


def email_send(message: EmailMessage) -> str | None:
    """Send ``message``: None when it went, else the name of the error that stopped it."""
    try:
        message.send()
    except SEND_ERRORS as error:
        return type(error).__name__
    return None


class TerminalEmailBackend(EmailBackend):
    def write_message(self, message):
        lines = [
            f"{RULE}\n{HEADING}",
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
            "",
            message.body.rstrip(),
            *(_attachment_line(attachment) for attachment in message.attachments),
            RULE,
        ]
        self.stream.write("\n".join(lines) + "\n")


def _attachment_line(attachment) -> str:
    if isinstance(attachment, tuple):
        name, content, mimetype = attachment
        return f"Attached: {name} ({mimetype}, {len(content):,} bytes)"
    return f"Attached: {attachment.get_filename() or 'a file'} ({attachment.get_content_type()})"


def email_printed() -> bool:
    """Whether email goes to the terminal (a local run) rather than to people."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return issubclass(import_string(settings.EMAIL_BACKEND), EmailBackend)
