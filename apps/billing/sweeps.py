"""Billing's scheduled sweep (apps/core/background/sweeps.py): purchases left unsettled.

A payment that succeeded but has no bill yet (its webhook lost, its buyer gone
before the return page) is billed and emailed by ``purchases_settle_sweep``,
which asks Stripe about every purchase unsettled for BILLING_SETTLE_AFTER.
"""

from datetime import timedelta

from apps.billing.services import purchases_settle_sweep
from apps.core.background.sweeps import Sweep

SWEEPS = (
    Sweep(
        name="billing.unsettled_purchases", run=purchases_settle_sweep, every=timedelta(minutes=5)
    ),
)
