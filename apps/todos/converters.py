"""Path converters: ids of lists, todos and devices; device tokens in capability URLs.

Registered once, here: the three URLconfs of the app import this module."""

from django.urls import register_converter

from apps.core.http.converters import PatternConverter
from apps.todos.keys import ID, TOKEN


class IdConverter(PatternConverter):
    regex = ID.pattern


class TokenConverter(PatternConverter):
    regex = TOKEN.pattern


register_converter(IdConverter, "todo_id")
register_converter(TokenConverter, "capability")
