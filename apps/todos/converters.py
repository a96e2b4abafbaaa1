"""Path converters: ids of lists, todos and devices; device tokens in capability URLs.

Registered once, here: the three URLconfs of the app import this module."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9a-f]{19}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TokenConverter(IdConverter):
    regex = "[A-Za-z0-9_-]{1,100}"


register_converter(IdConverter, "todo_id")
register_converter(TokenConverter, "capability")
