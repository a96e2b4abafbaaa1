class CodeConverter:
    """A short code or alias in a URL: 3 to 32 of A-Z a-z 0-9 _ -."""

    regex = "[A-Za-z0-9_-]{3,32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
