"""The health check's probe of DynamoDB."""

from pynamodb.exceptions import PynamoDBException

from apps.core.models import CacheEntry
from apps.core.unavailable import unavailable_reason


def dynamodb_ping() -> str | None:
    """Read one item of the cache table; None when DynamoDB answered, else why not."""
    try:
        CacheEntry.get("healthz")
    except CacheEntry.DoesNotExist:
        return None
    except PynamoDBException as error:
        reason = unavailable_reason(error)
        if reason is None:
            raise
        return reason
    return None
