from apps.shortener.codes import ALIAS_PATTERN


class CodeConverter:
    """A short code or alias in a URL (codes.ALIAS_PATTERN)."""

    regex = ALIAS_PATTERN.pattern

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
