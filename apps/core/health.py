"""The health check's probe of DynamoDB."""

from pynamodb.exceptions import PynamoDBException

from apps.core.dynamodb.failures import unavailable_reason
from apps.core.models import CacheEntry


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
