"""Taking payment. The only provider is ``demo``, which charges nothing.

A real provider would be added here, charging with ``reference`` (the order's
token) as its idempotency key so that a purchase retried after a failure is not
charged twice. BILLING_PAYMENT_PROVIDER is checked at start-up (apps.py).
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO = "demo"
PROVIDERS = (DEMO,)


@dataclass(frozen=True)
class Payment:
    provider: str
    reference: str


def payment_take(*, provider: str, reference: str, amount: str, currency: str) -> Payment:
    if provider == DEMO:
        return Payment(provider=DEMO, reference=f"{DEMO}-{reference[:12]}")
    raise ValueError(f"Unknown payment provider {provider!r}; known: {', '.join(PROVIDERS)}.")
