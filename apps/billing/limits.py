"""The rate limit on signature checks, shared by the verify page, its links and the JSON API."""

from django.conf import settings

from apps.core.http.ratelimit import client_ip, limit_exceeded

VERIFY_LIMITED = "signature checks from your network"


def verify_limited(request) -> int | None:
    """Count this check; the seconds to wait when the network is over its limit, else None."""
    return limit_exceeded(
        request, group="billing-verify", key=client_ip, rate=settings.BILLING_VERIFY_RATE_PER_IP
    )
