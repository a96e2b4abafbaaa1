"""What DynamoDB can store, checked at the door, and a scrub for what slipped in before.

DynamoDB strings are UTF-8: a lone surrogate (JSON's "\\ud800") cannot be
encoded, and a page that shows one fails to encode its response. DynamoDB
numbers have at most 38 significant digits; more is a ValidationException.
Keys have limits of their own: ``key_findable`` says whether a lookup can send one.
Form bodies cannot carry surrogates (Django decodes them with replacement
characters), JSON bodies can: the JSON door (apps.core.http.jsonapi) refuses them
anywhere in the document, and integers of more than NUMBER_MAX_DIGITS digits.
StorableIntegerField refuses numbers DynamoDB would refuse.
TableModel reads every item through ``raw_item_scrubbed``, so a bad value
stored before these checks shows as U+FFFD instead of breaking a page.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

# DynamoDB refuses an empty key, a partition key over 2,048 bytes and a sort key over 1,024.
PARTITION_KEY_MAX_BYTES = 2048
SORT_KEY_MAX_BYTES = 1024
# The longest key the site looks up (within both limits). No item the site
# writes has a key near this long, so longer input is simply not found.
KEY_MAX_BYTES = SORT_KEY_MAX_BYTES
NUMBER_MAX_DIGITS = 38
NUMBER_TOO_LONG = f"Enter a number of at most {NUMBER_MAX_DIGITS} digits."
TEXT_UNSTORABLE = "The text contains characters that are not valid Unicode (lone surrogates)."
SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"


def text_storable(value: str) -> bool:
    """True when ``value`` encodes to UTF-8 (JSON parsing pairs valid surrogates already)."""
    return SURROGATE.search(value) is None


def key_findable(key: str) -> bool:
    """Whether DynamoDB takes ``key`` in a lookup: not empty, not too long, storable text."""
    return 0 < len(key.encode("utf-8", "surrogatepass")) <= KEY_MAX_BYTES and text_storable(key)


def text_scrubbed(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD, as a UTF-8 decoder would."""
    return SURROGATE.sub(REPLACEMENT_CHARACTER, value)


def validate_storable_number(value: int) -> None:
    if len(str(abs(value)).rstrip("0")) > NUMBER_MAX_DIGITS:
        raise ValidationError(NUMBER_TOO_LONG, code="too_many_digits")


class StorableIntegerField(forms.IntegerField):
    """An IntegerField whose values DynamoDB can store."""

    default_validators = [validate_storable_number]


def raw_item_scrubbed(value):
    """A DynamoDB item as botocore parsed it, with lone surrogates in its strings replaced."""
    if isinstance(value, str):
        return text_scrubbed(value)
    if isinstance(value, dict):
        return {key: raw_item_scrubbed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [raw_item_scrubbed(item) for item in value]
    return value
