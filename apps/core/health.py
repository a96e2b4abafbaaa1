"""The health check's probe of DynamoDB."""

from apps.core.dynamodb.failures import unreachable_reason
from apps.core.models import CacheEntry


def dynamodb_ping() -> str | None:
    """Read one item of the cache table; None when DynamoDB answered, else why not."""
    return unreachable_reason(CacheEntry, "healthz")
