"""Second factors in DynamoDB: the only module that reads and writes ``second_factors``.

What a factor is and how codes are checked is otp.py; this module stores and
takes them, every write through apps/core/dynamodb/writes.py:

- a code is accepted by an update conditional on its time step being later
  than the last accepted one (and on the factor being the one checked): of
  two requests racing with one code, one wins; an older code never passes;
- a recovery code is removed from the set on the condition that it is there;
- enrolling through a link is conditional on that link being the open one, so
  a link works once; opting in from /account/ is a put conditional on no
  active factor; resetting deletes the item and signs the user out everywhere.
Every change is told to the account's holder (notices.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings

from apps.accounts import otp
from apps.accounts.notices import notice_factor_changed
from apps.accounts.records import SecondFactor
from apps.accounts.selectors import username_key
from apps.accounts.sessions import user_sessions_end
from apps.core.dynamodb.writes import ConditionFailed, item_create, item_delete, item_update

LINK_USED = "This enrolment link was used already or replaced by a newer one: ask for a new one."
ALREADY_ON = "Two-factor sign-in is on already for this account."


class EnrolmentRefused(Exception):
    """The enrolment cannot be completed; the message is fit to show."""


@dataclass(frozen=True)
class FactorState:
    enrolled: bool
    enrolled_at: datetime | None = None
    recovery_left: int = 0
    link_open_until: datetime | None = None
    recovery_total: int = otp.RECOVERY_CODE_COUNT  # given at enrolment


def _get(user) -> SecondFactor | None:
    try:
        return SecondFactor.get(username_key(user.username), consistent_read=True)
    except SecondFactor.DoesNotExist:
        return None


def factor_state(user) -> FactorState:
    item = _get(user)
    if item is None:
        return FactorState(enrolled=False)
    open_until = item.link_expires if item.link and item.link_expires else None
    if open_until is not None and open_until <= datetime.now(UTC):
        open_until = None
    return FactorState(
        enrolled=item.nonce is not None,
        enrolled_at=item.enrolled_at,
        recovery_left=len(item.recovery or ()),
        link_open_until=open_until,
    )


def factor_enrolled(user) -> bool:
    item = _get(user)
    return item is not None and item.nonce is not None


def link_create(user) -> str:
    """A new enrolment link's token for ``user``; any older open link stops working."""
    key, nonce = username_key(user.username), otp.nonce_new()
    expires = datetime.now(UTC) + timedelta(days=settings.TWO_FACTOR_LINK_DAYS)
    digest = otp.link_digest(key, nonce)
    try:
        item_create(SecondFactor(key, link=digest, link_expires=expires))
    except ConditionFailed:
        item = SecondFactor(key)
        actions = [SecondFactor.link.set(digest), SecondFactor.link_expires.set(expires)]
        item_update(item, actions, check_version=False)
    return otp.link_token(key, nonce)


def link_valid(user, nonce: str) -> bool:
    item = _get(user)
    digest = otp.link_digest(username_key(user.username), nonce)
    return item is not None and item.link is not None and item.link == digest


def enrol_confirm(user, *, nonce: str, code: str, link_nonce: str | None) -> list[str] | None:
    """Make the factor of ``nonce`` the user's if ``code`` is its current code.

    Returns the ten recovery codes (shown once), or None for a wrong code;
    raises EnrolmentRefused when the link was used meanwhile or, without a
    link, when a factor is on already. The user's other sessions end.
    """
    key = username_key(user.username)
    step = otp.code_step(otp.factor_secret(key, nonce), code)
    if step is None:
        return None
    codes = otp.recovery_codes_new()
    digests = {otp.recovery_digest(key, recovery) for recovery in codes}
    now = datetime.now(UTC)
    if link_nonce is not None:
        _enrol_by_link(key, nonce, step, digests, now, otp.link_digest(key, link_nonce))
    else:
        item = SecondFactor(key, nonce=nonce, last_step=step, recovery=digests, enrolled_at=now)
        try:
            item_create(item, reclaim=SecondFactor.nonce.does_not_exist())
        except ConditionFailed as error:
            raise EnrolmentRefused(ALREADY_ON) from error
    user_sessions_end(key)
    notice_factor_changed(user, what="it was turned on with a new authenticator app.")
    return codes


def _enrol_by_link(key, nonce, step, digests, now, link) -> None:
    actions = [
        SecondFactor.nonce.set(nonce),
        SecondFactor.last_step.set(step),
        SecondFactor.recovery.set(digests),
        SecondFactor.enrolled_at.set(now),
        SecondFactor.link.remove(),
        SecondFactor.link_expires.remove(),
    ]
    try:
        item_update(
            SecondFactor(key), actions, condition=SecondFactor.link == link, check_version=False
        )
    except ConditionFailed as error:
        raise EnrolmentRefused(LINK_USED) from error


def code_accept(user, code: str) -> bool:
    """Take ``code`` (from the app, or a recovery code) for the user's sign-in, once."""
    item = _get(user)
    if item is None or item.nonce is None:
        return False
    if otp.recovery_shaped(code):
        return _recovery_take(user, item, code)
    step = otp.code_step(otp.factor_secret(item.user_key, item.nonce), code.strip())
    if step is None or step <= item.last_step:
        return False
    condition = (SecondFactor.last_step < step) & (SecondFactor.nonce == item.nonce)
    try:
        item_update(
            item, [SecondFactor.last_step.set(step)], condition=condition, check_version=False
        )
    except ConditionFailed:
        return False  # the same code (or a later one) was taken meanwhile
    return True


def _recovery_take(user, item: SecondFactor, code: str) -> bool:
    digest = otp.recovery_digest(item.user_key, code)
    if digest not in (item.recovery or ()):
        return False
    try:
        item_update(
            item,
            [SecondFactor.recovery.delete({digest})],
            condition=SecondFactor.recovery.contains(digest),
            check_version=False,
        )
    except ConditionFailed:
        return False  # used meanwhile
    left = len(item.recovery or ())
    notice_factor_changed(
        user, what=f"a recovery code was used to sign in; {left} of them are left."
    )
    return True


def factor_reset(user, *, by: str, sessions_end: bool = True) -> bool:
    """Remove the user's factor (and any open link); False if there was none.

    ``by`` says who did it, in the notice to the user. Unless the user turned
    it off themselves (``sessions_end=False``), every session of theirs ends.
    """
    item = _get(user)
    if item is None:
        return False
    try:
        item_delete(item, check_version=False)
    except ConditionFailed:
        return False
    if sessions_end:
        user_sessions_end(item.user_key)
    if item.nonce is not None:
        notice_factor_changed(user, what=f"it was turned off by {by}.")
    return True
