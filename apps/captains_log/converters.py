from apps.captains_log.models import ENTRY_ID
from apps.core.http.converters import PatternConverter


class EntryIdConverter(PatternConverter):
    """An entry id in a URL (models.ENTRY_ID)."""

    regex = ENTRY_ID.pattern
