"""Stream records as handlers see them, and as Lambda delivers them.

One shape travels everywhere: the record as Lambda's event source mapping
puts it in the event (``eventID``, ``eventName``, ``eventSourceARN``,
``dynamodb`` with ``Keys``, ``NewImage``, ``OldImage``, ``SequenceNumber``,
``ApproximateCreationDateTime`` in epoch seconds, binary values in base64,
``userIdentity`` on deletions by TTL). The local worker turns what
GetRecords returns into that shape (``lambda_shape``), dead letters keep it
whole, and handlers get it wrapped in a ``StreamRecord``: the images as
instances of the table's PynamoDB model.

DynamoDB Local 3.3.1 names a deletion by TTL ``UNKNOWN_TO_SDK_VERSION`` and
gives it no ``userIdentity``; ``lambda_shape`` makes it the ``REMOVE`` by the
DynamoDB service that AWS delivers.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from apps.core.dynamodb.models import TableModel

INSERT, MODIFY, REMOVE = "INSERT", "MODIFY", "REMOVE"
TTL_DELETER = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
LOCAL_TTL_EVENT_NAME = "UNKNOWN_TO_SDK_VERSION"
# AWS sequence numbers have 21 to 40 digits: padded, they compare as strings.
POSITION_DIGITS = 40
# ApproximateCreationDateTime is rounded down to the minute (DynamoDB Local) or second (AWS).
RECORD_TIME_ROUNDING = timedelta(minutes=1)


@dataclass(frozen=True)
class StreamRecord:
    """One change of one item, as a handler gets it.

    ``new`` and ``old`` are the item after and before the change, as
    instances of the table's model (None where the change has no such image);
    ``position`` orders the changes of one item (apps/core/background/idempotence.py).
    """

    raw: dict
    source: str  # the table's logical name
    model: type[TableModel]

    @property
    def event(self) -> str:
        return self.raw["eventName"]

    @property
    def event_id(self) -> str:
        return self.raw["eventID"]

    @property
    def sequence(self) -> str:
        return self.raw["dynamodb"]["SequenceNumber"]

    @property
    def position(self) -> str:
        return self.sequence.zfill(POSITION_DIGITS)

    @property
    def created(self) -> datetime:
        return datetime.fromtimestamp(self.raw["dynamodb"]["ApproximateCreationDateTime"], UTC)

    @cached_property
    def new(self) -> TableModel | None:
        return self._image("NewImage")

    @cached_property
    def old(self) -> TableModel | None:
        return self._image("OldImage")

    @property
    def expired(self) -> bool:
        """A removal because the item's time was up: by TTL, or by a sweep for late TTL.

        A removal by anyone else counts too when the item's expiry had come by
        then (give or take the minute to which the record's time is rounded).
        """
        if self.event != REMOVE:
            return False
        if self.raw.get("userIdentity") == TTL_DELETER:
            return True
        attribute = self.model._ttl_attribute()
        expiry = attribute and self.old and getattr(self.old, attribute.attr_name)
        return bool(expiry) and expiry <= self.created + RECORD_TIME_ROUNDING

    def _image(self, name: str) -> TableModel | None:
        image = self.raw["dynamodb"].get(name)
        return None if image is None else self.model.from_raw_data(_wire_values(image))


def lambda_shape(record: dict, stream_arn: str) -> dict:
    """A record from GetRecords (as boto3 parsed it) in the shape Lambda delivers."""
    change = dict(record["dynamodb"])
    created = change.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        change["ApproximateCreationDateTime"] = created.timestamp()
    for name in ("Keys", "NewImage", "OldImage"):
        if name in change:
            change[name] = _json_values(change[name])
    shaped = {**record, "dynamodb": change, "eventSourceARN": stream_arn}
    if shaped["eventName"] == LOCAL_TTL_EVENT_NAME and "NewImage" not in change:
        shaped.update(eventName=REMOVE, userIdentity=TTL_DELETER)
    return shaped


def stream_table_name(stream_arn: str) -> str:
    """``arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`` -> ``<name>``."""
    resource = stream_arn.split(":", 5)[-1]
    kind, _, rest = resource.partition("/")
    name, _, stream = rest.partition("/stream/")
    return name if kind == "table" and stream else ""


def logical_table_name(table_name: str) -> str | None:
    """The logical name of one of this site's tables, or None for another one."""
    prefix = settings.DYNAMODB_TABLE_PREFIX
    return table_name.removeprefix(prefix) if table_name.startswith(prefix) else None


def _json_values(item: dict) -> dict:
    return {name: _json_value(value) for name, value in item.items()}


def _json_value(value: dict) -> dict:
    ((kind, data),) = value.items()
    if kind == "B":
        return {"B": base64.b64encode(data).decode()}
    if kind == "BS":
        return {"BS": [base64.b64encode(part).decode() for part in data]}
    if kind == "M":
        return {"M": _json_values(data)}
    if kind == "L":
        return {"L": [_json_value(part) for part in data]}
    return value


def _wire_values(item: dict) -> dict:
    return {name: _wire_value(value) for name, value in item.items()}


def _wire_value(value: dict) -> dict:
    ((kind, data),) = value.items()
    if kind == "B":
        return {"B": base64.b64decode(data)}
    if kind == "BS":
        return {"BS": [base64.b64decode(part) for part in data]}
    if kind == "M":
        return {"M": _wire_values(data)}
    if kind == "L":
        return {"L": [_wire_value(part) for part in data]}
    return value
