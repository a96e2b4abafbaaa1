from apps.core.http.converters import PatternConverter
from apps.shortener.codes import ALIAS_PATTERN


class CodeConverter(PatternConverter):
    """A short code or alias in a URL (codes.ALIAS_PATTERN)."""

    regex = ALIAS_PATTERN.pattern
