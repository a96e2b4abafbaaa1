"""The dwipp id path converter, registered once, here: both URLconfs of the app import it."""

from django.urls import register_converter


class DwippIdConverter:
    regex = "[0-9a-f]{20}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DwippIdConverter, "dwipp_id")
