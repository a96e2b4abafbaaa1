"""What a DynamoDB failure means: a refused condition, an outage, or bad input.

Every failure of DynamoDB itself (an unreachable endpoint, a timeout, the
request's spent deadline, throttling beyond the retries, a server error, a
missing table, refused credentials) is not the user's fault and not a bug in
the page: ``unavailable_reason`` says why, and the HTTP door answers 503
(apps/core/http/unavailable.py). DynamoDB's ValidationException means the
request carried a value DynamoDB cannot store (a number over 38 digits, an
oversized key): ``invalid_input_reason``, a 400. Any other error is a bug.
``unreachable_reason`` asks DynamoDB whether it answers (the health check).
"""

from __future__ import annotations

import botocore.exceptions
from pynamodb.exceptions import PynamoDBException, TableDoesNotExist
from pynamodb.models import Model

CONDITION_FAILED_CODE = "ConditionalCheckFailedException"
INVALID_INPUT_CODE = "ValidationException"
MISSING_TABLE_CODE = "ResourceNotFoundException"
MISSING_TABLE_HINT = " (run `manage.py dynamodb_tables create`)"


def error_code(error: BaseException) -> str | None:
    """DynamoDB's error code behind ``error``; None when there was no answer (a timeout).

    PynamoDB's own ``cause_response_code`` fails on botocore errors that carry
    ``response = None``, such as ReadTimeoutError.
    """
    error = _botocore_error(error)
    if isinstance(error, botocore.exceptions.ClientError):
        return (error.response or {}).get("Error", {}).get("Code")
    return None


def condition_failed(error: BaseException) -> bool:
    """True when DynamoDB refused a write because its condition did not hold."""
    return error_code(error) == CONDITION_FAILED_CODE


def unavailable_reason(error: BaseException | None) -> str | None:
    """Why DynamoDB could not serve the request, or None if the error is something else.

    PynamoDB wraps botocore's errors (``error.cause``); a few calls raise them bare.
    """
    if isinstance(error, TableDoesNotExist):
        return f"table missing: {error.msg}{MISSING_TABLE_HINT}"
    error = _botocore_error(error)
    if isinstance(error, botocore.exceptions.BotoCoreError):
        return f"{type(error).__name__}: {error}"
    if isinstance(error, botocore.exceptions.ClientError):
        code, message = _code_and_message(error)
        if code != INVALID_INPUT_CODE:
            hint = MISSING_TABLE_HINT if code == MISSING_TABLE_CODE else ""
            return f"{code}: {message}{hint}"
    return None


def invalid_input_reason(error: BaseException | None) -> str | None:
    """DynamoDB's message when it refused a value the request carried, else None."""
    error = _botocore_error(error)
    if isinstance(error, botocore.exceptions.ClientError):
        code, message = _code_and_message(error)
        if code == INVALID_INPUT_CODE:
            return message
    return None


def unreachable_reason(model: type[Model], key: str) -> str | None:
    """Read the item ``key`` of ``model``'s table: None when DynamoDB answered
    (with the item or without), else why it did not (the health check)."""
    try:
        model.get(key)
    except model.DoesNotExist:
        return None
    except PynamoDBException as error:
        reason = unavailable_reason(error)
        if reason is None:
            raise
        return reason
    return None


def _botocore_error(error: BaseException | None) -> BaseException | None:
    return error.cause if isinstance(error, PynamoDBException) else error


def _code_and_message(error: botocore.exceptions.ClientError) -> tuple[str | None, str | None]:
    details = (error.response or {}).get("Error", {})
    return details.get("Code"), details.get("Message")
