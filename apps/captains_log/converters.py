from apps.captains_log.models import ENTRY_ID


class EntryIdConverter:
    """An entry id in a URL (models.ENTRY_ID)."""

    regex = ENTRY_ID.pattern

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
