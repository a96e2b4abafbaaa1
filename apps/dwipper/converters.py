"""The dwipp id path converter, registered once, here: both URLconfs of the app import it."""

from django.urls import register_converter

from apps.core.http.converters import PatternConverter
from apps.dwipper.keys import ID


class DwippIdConverter(PatternConverter):
    regex = ID.pattern


register_converter(DwippIdConverter, "dwipp_id")
