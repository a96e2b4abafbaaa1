class EntryIdConverter:
    """An entry id in a URL: creation time and a random suffix.

    For example ``20261124T093012123456Z-1a2b3c4d``.
    """

    regex = r"\d{8}T\d{12}Z-[0-9a-f]{8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
