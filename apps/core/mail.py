"""What a failed email send raises, whichever backend sends it (SMTP, SES, the console).

A site's email is a notice about something already done: a failure to send is
logged and reported, never a 500 that would make the user do it again.
"""

import smtplib

import botocore.exceptions

EMAIL_ERRORS = (
    OSError,
    smtplib.SMTPException,
    botocore.exceptions.BotoCoreError,
    botocore.exceptions.ClientError,
)
