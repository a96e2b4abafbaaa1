"""Keys of a table that holds several kinds of item: a tag, "#", then a value.

An app's keys.py declares each kind once (``user_pk = KeyPrefix("U")``) and
every query, write and admin page takes it from there: ``user_pk("picard")`` is
the key ``"U#picard"``, ``user_pk.start`` (``"U#"``) what ``begins_with`` takes,
``user_pk.value("U#picard")`` the value back.
"""


class KeyPrefix:
    def __init__(self, tag: str) -> None:
        self.start = f"{tag}#"

    def __call__(self, value: str) -> str:
        return f"{self.start}{value}"

    def value(self, key: str) -> str:
        """What follows the prefix in ``key``."""
        return key.removeprefix(self.start)

    def __repr__(self) -> str:
        return f"KeyPrefix({self.start[:-1]!r})"
