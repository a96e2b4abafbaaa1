"""The write layer: every conditional, versioned or transactional write of the site.

Services write through these functions and catch only the exceptions defined
here; any other DynamoDB failure propagates and becomes the 503 page
(apps/core/http/unavailable.py).

- ``item_create(item, reclaim=...)``: put ``item`` unless an item holds its key
  (or the one there matches ``reclaim``, say "expired").
- ``item_replace(item)``: put the whole item if the stored version is still the
  one it was loaded with.
- ``item_update(item, actions)``: update it on the same version check; with
  ``check_version=False`` the update applies whatever the version, and still
  moves the version on, so that a stale copy saved later is refused.
- ``item_delete(item, condition=...)``: delete on the version (for models that
  have one) and ``condition``.
- ``item_put(item)``: put an unversioned item whatever is stored (a cache entry).
- ``item_upsert(item, actions)``: create or update an unversioned item
  unconditionally (actions that are the same every time, or counters).
- ``item_count_below(item, counter, limit)``: add 1 to a counter (creating its
  item) only while it holds fewer than ``limit`` (a link's click limit).
- ``Transaction`` and ``transaction_commit``: writes that succeed or fail
  together (``check`` adds a condition on an item it does not write; ``count``
  moves counters of a versioned item without its version, through PynamoDB's
  private ``_get_hash_range_key_serialized_values`` and ``_get_connection``,
  since its public update always moves the version);
  ``TransactionRefused`` names the items whose condition failed by their key
  (``refused(item)``), not by their position in the request.
- ``items_put_batch``, ``items_delete_batch`` and ``items_write_batch``:
  unconditional writes of many items, 25 a BatchWriteItem (account deletion,
  timelines, ``cache.set_many``).
Each conditional write raises ``ConditionFailed`` when its condition does not
hold. A write never starts from a blank record: versioned writes need the
version the item was loaded with.

Failures. Whatever DynamoDB's failure, the caller sees the same: a refused
condition is ``ConditionFailed``; an outage, a timeout or throttling beyond
the retries propagates (botocore's or PynamoDB's error, or ``BatchIncomplete``
when a batch's writes were still left unprocessed) and becomes the 503 page
(``apps.core.dynamodb.failures.unavailable_reason``). Retries of the layer's
own (a batch's unprocessed writes, a transaction that met a concurrent one)
pause within the request's deadline (``deadline.pause``), never past it.

Lost answers. botocore retries a call whose answer was lost (a timeout, a
closed connection, a 5xx), though DynamoDB may have applied the first attempt:
- a transaction carries a ClientRequestToken derived from the request (its id
  and the transaction's place in it), identical on botocore's retries, so that
  DynamoDB answers the retry of a committed transaction with success;
- a single-item write has no token. Puts and updates write a nonce
  (``write_token``) with the item; when an attempt's answer was lost (the
  hook in ``lost_answers`` notes it) and the retry is refused, the item is
  read back (consistent read): our nonce means the write is ours and
  committed, anything else is someone else's item. A delete whose retry
  finds no item is done.
- a caller may pass its own nonce (an idempotency key the form carries), so a
  user's resubmission of a committed write is recognised as ours too.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import secrets
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import botocore.exceptions
from django.conf import settings
from pynamodb.attributes import NumberAttribute
from pynamodb.constants import KEY
from pynamodb.exceptions import PynamoDBException
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from apps.core.dynamodb.deadline import current_scope, pause
from apps.core.dynamodb.failures import condition_failed, error_code
from apps.core.dynamodb.lost_answers import watching
from apps.core.dynamodb.models import TableModel

if TYPE_CHECKING:
    from pynamodb.connection import Connection

logger = logging.getLogger(__name__)

CANCELLED_BY_CONDITION = "ConditionalCheckFailed"
TRANSACTION_CONFLICT = "TransactionConflict"
TRANSACTION_CANCELLED = "TransactionCanceledException"
CONFLICT_RETRIES = 3
CONFLICT_PAUSE_SECONDS = 0.02  # times the attempt's number
BATCH_WRITE_MAX = 25  # writes per BatchWriteItem: DynamoDB's limit
BATCH_PAUSE_SECONDS = 0.05  # before unprocessed writes are sent again; doubles each time
NOT_LOADED = "{model} must be loaded (with its version) before a versioned write."

ItemKey = tuple[str, object, object]  # (table, hash key, range key or None)


class ConditionFailed(Exception):
    """A write's condition did not hold: the key is someone else's, or the item changed."""


class TransactionRefused(ConditionFailed):
    """A transaction was cancelled because conditions failed; ``keys`` says whose."""

    def __init__(self, keys: frozenset[ItemKey]) -> None:
        super().__init__(f"Conditions failed for {sorted(map(str, keys))}")
        self.keys = keys

    def refused(self, item: TableModel) -> bool:
        """True when ``item``'s own condition failed."""
        return item_key(item) in self.keys


class BatchIncomplete(botocore.exceptions.BotoCoreError):
    """DynamoDB left some of a batch's writes unprocessed (throttled) after every retry.

    A botocore error, so that it is answered as DynamoDB being unavailable (503).
    """

    fmt = "{count} writes to {tables} were left unprocessed after {attempts} attempts."


def item_key(item: TableModel) -> ItemKey:
    model = type(item)
    return _key(model, *_key_values(item))


def item_create(
    item: TableModel, *, reclaim: Condition | None = None, nonce: str | None = None
) -> None:
    """Put ``item`` unless its key is taken (and the taker does not match ``reclaim``)."""
    condition = _absent(type(item)) if reclaim is None else _absent(type(item)) | reclaim
    nonce = _stamp(item, nonce)
    _single_write(lambda: item.save(condition=condition), item, nonce)


def item_replace(
    item: TableModel, *, condition: Condition | None = None, nonce: str | None = None
) -> None:
    """Put the whole item if the stored version is the one ``item`` was loaded with
    (and ``condition`` holds)."""
    _require_loaded(item)
    nonce = _stamp(item, nonce)
    _single_write(lambda: item.save(condition=condition), item, nonce)


def item_put(item: TableModel) -> None:
    """Put the whole (unversioned) item, whatever is stored under its key."""
    if type(item)._version_attribute_name is not None:
        raise ValueError(f"{type(item).__name__} is versioned: use item_create or item_replace.")
    item.save()


def item_update(
    item: TableModel,
    actions: list[Action],
    *,
    condition: Condition | None = None,
    check_version: bool = True,
) -> None:
    """Update an existing item; ``item`` then holds the stored result."""
    _require_loaded(item)
    nonce = secrets.token_urlsafe(12)
    model = type(item)
    condition = condition & _present(model)

    def write() -> None:
        item.update(
            [*actions, model.write_token.set(nonce)],
            condition=condition,
            add_version_condition=check_version,
        )

    _single_write(write, item, nonce)


def item_delete(
    item: TableModel, *, condition: Condition | None = None, check_version: bool = True
) -> None:
    """Delete the item on ``condition`` and, for versioned models, its loaded version."""
    if check_version:
        _require_loaded(item)

    def write() -> None:
        item.delete(condition=condition, add_version_condition=check_version)

    _single_write(write, item, None)


class Transaction:
    """The writes of one TransactWriteItems call, each remembered with its key.

    ``nonce`` marks the items it puts or updates; pass an idempotency key to
    have a resubmitted transaction recognised as already committed.
    """

    def __init__(self, *, nonce: str | None = None) -> None:
        self.nonce = nonce or secrets.token_urlsafe(12)
        self.given_nonce = nonce is not None
        self._writes: list[tuple[str, dict, ItemKey, TableModel | None]] = []
        self._model: type[TableModel] | None = None

    def create(self, item: TableModel, *, reclaim: Condition | None = None) -> None:
        condition = _absent(type(item)) if reclaim is None else _absent(type(item)) | reclaim
        _stamp(item, self.nonce)
        self._add("Put", item.get_save_kwargs_from_instance(condition=condition), item)

    def replace(self, item: TableModel) -> None:
        _require_loaded(item)
        _stamp(item, self.nonce)
        self._add("Put", item.get_save_kwargs_from_instance(), item)

    def update(
        self,
        item: TableModel,
        actions: list[Action],
        *,
        condition: Condition | None = None,
        check_version: bool = True,
    ) -> None:
        if check_version:
            _require_loaded(item)
        model = type(item)
        kwargs = item.get_update_kwargs_from_instance(
            actions=[*actions, model.write_token.set(self.nonce)],
            condition=condition & _present(model),
            add_version_condition=check_version,
        )
        self._add("Update", kwargs, item)

    def count(self, item: TableModel, actions: list[Action]) -> None:
        """Move counters of an existing item (ADD, or SET one back to 0), leaving its version.

        ``update`` also moves a versioned item's version (even with
        ``check_version=False``: SET 1 on an item built blank); a count that
        is nobody's edit (a user's unread notifications) must neither refuse a
        versioned save nor be refused by one.
        """
        model = type(item)
        hash_key, range_key = item._get_hash_range_key_serialized_values()
        kwargs = model._get_connection().get_operation_kwargs(
            hash_key, range_key=range_key, key=KEY, actions=actions, condition=_present(model)
        )
        self._model = model
        self._writes.append(("Update", kwargs, item_key(item), None))

    def delete(
        self, item: TableModel, *, condition: Condition | None = None, check_version: bool = True
    ) -> None:
        if check_version:
            _require_loaded(item)
        kwargs = item.get_delete_kwargs_from_instance(
            condition=condition, add_version_condition=check_version
        )
        self._model = type(item)
        self._writes.append(("Delete", kwargs, item_key(item), None))

    def check(self, item: TableModel, condition: Condition) -> None:
        """Commit only if ``condition`` holds on ``item``'s key (which this writes nothing to)."""
        kwargs = type(item).get_operation_kwargs_from_class(*_key_values(item), condition=condition)
        self._model = type(item)
        self._writes.append(("ConditionCheck", kwargs, item_key(item), None))

    def _add(self, kind: str, kwargs: dict, item: TableModel) -> None:
        self._model = type(item)
        self._writes.append((kind, kwargs, item_key(item), item))

    def send(self, token: str) -> None:
        request = {
            "TransactItems": [{kind: kwargs} for kind, kwargs, _, _ in self._writes],
            "ClientRequestToken": token,
        }
        # Every model shares one connection (apps/core/dynamodb/connection.py).
        self._model._get_connection().connection.dispatch("TransactWriteItems", request)
        for _, _, _, item in self._writes:
            if item is not None:
                item.update_local_version_attribute()

    def refused_keys(self, reasons: list) -> frozenset[ItemKey]:
        return frozenset(
            key
            for (_, _, key, _), reason in zip(self._writes, reasons, strict=False)
            if reason is not None and reason.code == CANCELLED_BY_CONDITION
        )

    def already_committed(self, keys: frozenset[ItemKey]) -> bool:
        """True when a refused item holds this transaction's nonce.

        A transaction writes all its items or none, and the nonce is the
        caller's secret: one item holding it proves the earlier commit, even
        when later writes have since replaced the nonce on the others.
        """
        written = {key: item for _, _, key, item in self._writes if item is not None}
        if not self.given_nonce:
            return False
        return any(_ours(written[key], self.nonce) for key in keys if key in written)


def transaction_commit(transaction: Transaction) -> bool:
    """Commit, retrying conflicts with concurrent transactions; TransactionRefused if refused.

    False when the transaction had already been committed by an earlier
    submission with the same nonce (its items may have changed since: read them).
    """
    for attempt in range(CONFLICT_RETRIES + 1):
        try:
            transaction.send(_transaction_token())
            return True
        except botocore.exceptions.ClientError as error:
            if error_code(error) != TRANSACTION_CANCELLED:
                raise
            reasons = list(getattr(error, "cancellation_reasons", None) or [])
            refused = transaction.refused_keys(reasons)
            if refused:
                if transaction.already_committed(refused):
                    return False
                raise TransactionRefused(refused) from error
            conflict = any(reason and reason.code == TRANSACTION_CONFLICT for reason in reasons)
            if not conflict or attempt == CONFLICT_RETRIES:
                raise
            if not pause(CONFLICT_PAUSE_SECONDS * (attempt + 1)):
                raise


def _transaction_token() -> str:
    """Identical for botocore's retries of one call, unique to each call.

    Derived from the request's id and the transaction's place in the request;
    DynamoDB refuses a token reused with other parameters, so every call
    (including a retry after a conflict) takes the next place.
    """
    scope = current_scope()
    if scope is None:
        return uuid.uuid4().hex
    place = next(scope.transactions)
    return hashlib.sha256(f"{scope.request_id}:{place}".encode()).hexdigest()[:36]


# --- batches ---

PUT, DELETE = "PutRequest", "DeleteRequest"


def items_put_batch(items: Iterable[TableModel]) -> None:
    """Put every item, whatever is stored under its key (``items_write_batch``)."""
    items_write_batch(put=items)


def items_delete_batch(items: Iterable[TableModel]) -> None:
    """Delete every item by its key, whatever it holds (``items_write_batch``)."""
    items_write_batch(delete=items)


def items_write_batch(*, put: Iterable[TableModel] = (), delete: Iterable[TableModel] = ()) -> None:
    """Put ``put``, then delete ``delete``: unconditional, 25 writes a BatchWriteItem.

    The items may belong to several tables. Writes DynamoDB left unprocessed
    (it throttled part of the batch) are sent again after a pause that
    doubles, at most DYNAMODB_MAX_RETRIES times and within the request's
    deadline; ``BatchIncomplete`` when some are still left. Every write is
    idempotent, so a batch that failed part-way is finished by running it
    again. Items are consumed as they come: a Query's pages stream through.
    """
    writes = itertools.chain(((PUT, item) for item in put), ((DELETE, item) for item in delete))
    for connection, request in _batch_requests(writes):
        _batch_send(connection, request)


def _batch_requests(writes: Iterable[tuple[str, TableModel]]) -> Iterator[tuple[Connection, dict]]:
    """BatchWriteItem's RequestItems, 25 writes each; a key met twice starts a new one
    (DynamoDB refuses a batch that names a key twice)."""
    request: dict[str, list] = {}
    keys: set[ItemKey] = set()
    connection = None
    for kind, item in writes:
        key = item_key(item)
        if len(keys) == BATCH_WRITE_MAX or key in keys:
            yield connection, request
            request, keys = {}, set()
        keys.add(key)
        # Every model shares one connection (apps/core/dynamodb/connection.py).
        connection = type(item)._get_connection().connection
        body = (
            {"Item": item.serialize()}
            if kind == PUT
            else {"Key": item.get_delete_kwargs_from_instance(add_version_condition=False)["Key"]}
        )
        request.setdefault(type(item).Meta.table_name, []).append({kind: body})
    if request:
        yield connection, request


def _batch_send(connection: Connection, request: dict) -> None:
    """Send one batch, and again what DynamoDB left unprocessed, while retries and time allow."""
    sent = 0
    while True:
        answer = connection.dispatch("BatchWriteItem", {"RequestItems": request})
        request, sent = answer.get("UnprocessedItems") or {}, sent + 1
        if not request:
            return
        if sent > settings.DYNAMODB_MAX_RETRIES or not pause(BATCH_PAUSE_SECONDS * 2 ** (sent - 1)):
            count = sum(len(writes) for writes in request.values())
            raise BatchIncomplete(count=count, tables=", ".join(sorted(request)), attempts=sent)


# --- single-item writes and lost answers ---


def _single_write(write: Callable[[], object], item: TableModel, nonce: str | None) -> None:
    with watching() as attempts:
        try:
            write()
            return
        except PynamoDBException as error:
            if not condition_failed(error):
                raise
            refusal = error
    if attempts.unanswered and _ours(item, nonce):
        return
    raise ConditionFailed(str(refusal)) from refusal


def _ours(item: TableModel, nonce: str | None) -> bool:
    """Did our write commit? The item holds our nonce (and ``item`` takes its stored
    state), or, for a delete (no nonce), the item is gone."""
    stored = _stored(item)
    if nonce is None:
        return stored is None
    if stored is None or stored.write_token != nonce:
        return False
    item.deserialize(stored.serialize())
    return True


def _stored(item: TableModel) -> TableModel | None:
    model = type(item)
    try:
        return model.get(*_key_values(item), consistent_read=True)
    except model.DoesNotExist:
        return None


def _stamp(item: TableModel, nonce: str | None) -> str:
    item.write_token = nonce or secrets.token_urlsafe(12)
    return item.write_token


def _require_loaded(item: TableModel) -> None:
    name = type(item)._version_attribute_name
    if name is not None and getattr(item, name) is None:
        raise ValueError(NOT_LOADED.format(model=type(item).__name__))


def _key_attributes(model: type[TableModel]) -> list[str]:
    attributes = model.get_attributes().items()
    hash_keys = [name for name, a in attributes if a.is_hash_key]
    range_keys = [name for name, a in attributes if a.is_range_key]
    return hash_keys + range_keys


def _key_values(item: TableModel) -> tuple:
    return tuple(getattr(item, name) for name in _key_attributes(type(item)))


def _key(model: type[TableModel], hash_key, range_key=None) -> ItemKey:
    return (model.Meta.table_name, hash_key, range_key)


def _absent(model: type[TableModel]) -> Condition:
    return getattr(model, _key_attributes(model)[0]).does_not_exist()


def _present(model: type[TableModel]) -> Condition:
    return getattr(model, _key_attributes(model)[0]).exists()


def item_upsert_best_effort(item: TableModel, actions: list[Action]) -> bool:
    """Create or update ``item`` where a lost write costs little (a click count).

    False, and a warning in the log, when DynamoDB failed; never raises for that.
    """
    try:
        item.update(actions)
    except PynamoDBException as error:
        logger.warning("Best-effort write to %s failed: %s", type(item).__name__, error)
        return False
    return True


def item_upsert(item: TableModel, actions: list[Action]) -> None:
    """Create or update the (unversioned) item with ``actions``, whatever is stored."""
    if type(item)._version_attribute_name is not None:
        raise ValueError(f"{type(item).__name__} is versioned: use item_update.")
    item.update(actions)


def item_count_below(
    item: TableModel, counter: NumberAttribute, limit: int, actions: Iterable[Action] = ()
) -> None:
    """Add 1 to ``counter`` (creating ``item``) only while it is below ``limit``.

    ConditionFailed when it has reached ``limit``: one UpdateItem, so concurrent
    counts never pass the limit. An outage propagates (the caller cannot know the
    count). The write carries a nonce and refuses an item that holds it, so a
    retry after a lost answer is refused and then recognised as ours (read back)
    instead of counting twice; only a count that lands in between makes it count
    twice (at worst one use short).
    """
    model = type(item)
    nonce = secrets.token_urlsafe(12)
    below = counter.does_not_exist() | (counter < limit)
    not_ours = model.write_token.does_not_exist() | (model.write_token != nonce)

    def write() -> None:
        item.update(
            [counter.add(1), *actions, model.write_token.set(nonce)], condition=below & not_ours
        )

    _single_write(write, item, nonce)
