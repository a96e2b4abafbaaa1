"""TableModel reads items its own, faster way, into what PynamoDB's own makes of them.

Every registered model is read from items holding every one of its attributes
(with a value of each shape the attribute's type can take), none of them, and
each one null, then compared with what PynamoDB's own deserialisation makes of
the same item (after the site's surrogate scrub, which both apply).
"""

from datetime import UTC, datetime

import pytest
from pynamodb.attributes import (
    AttributeContainer,
    BinaryAttribute,
    BooleanAttribute,
    JSONAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import AttributeDeserializationError

from apps.core.dynamodb.models import table_models
from apps.core.dynamodb.storable import raw_item_scrubbed
from apps.shortener.models import LinkDay
from apps.todos.models import Record

# What DynamoDB may send for each attribute type the site's models use, most
# specific type first (a VersionAttribute is a NumberAttribute, a
# UTCDateTimeAttribute and a JSONAttribute are stored as text).
SAMPLES = [
    (VersionAttribute, [{"N": "1"}, {"N": "42"}]),
    (TTLAttribute, [{"N": "1796000000"}]),
    (NumberAttribute, [{"N": "0"}, {"N": "-7"}, {"N": "2.5"}, {"N": "1E+3"}]),
    (BooleanAttribute, [{"BOOL": False}, {"BOOL": True}]),
    (
        UTCDateTimeAttribute,
        [
            {"S": "2026-12-07T20:57:33.955712+0000"},
            {"S": "0999-01-02T03:04:05.000006+0000"},
            {"S": "999-01-02T03:04:05.000006+0000"},  # as an older PynamoDB wrote it
            {"S": "2026-12-07T20:57:33.9557\uff112+0000"},  # int() reads a full-width 1
        ],
    ),
    (JSONAttribute, [{"S": '{"a": [1, "é", null]}'}, {"S": "[]"}]),
    (UnicodeSetAttribute, [{"SS": ["a", "é"]}, {"SS": ["x\ud800y"]}]),
    (BinaryAttribute, [{"B": b"\x00\xff"}]),
    (
        MapAttribute,
        [{"M": {}}, {"M": {"s": {"S": "é\udfff"}, "n": {"N": "3"}, "l": {"L": [{"S": "x"}]}}}],
    ),
    (UnicodeAttribute, [{"S": "plain"}, {"S": ""}, {"S": "“quoted” é"}, {"S": "lone \ud800"}]),
]


def samples_of(attribute) -> list[dict]:
    for kind, samples in SAMPLES:
        if isinstance(attribute, kind):
            return samples
    raise AssertionError(f"No sample for {type(attribute).__name__}: add one to SAMPLES.")


def pynamodb_read(model, item: dict):
    """What PynamoDB's own ``_instantiate`` makes of ``item`` (scrubbed, as the site's is)."""
    instance = model(_user_instantiated=False)
    AttributeContainer._container_deserialize(instance, raw_item_scrubbed(item))
    return instance


def assert_same(read, expected) -> None:
    assert read.attribute_values.keys() == expected.attribute_values.keys()
    for name, value in expected.attribute_values.items():
        found = read.attribute_values[name]
        assert type(found) is type(value), name
        if isinstance(value, MapAttribute):  # == on attributes builds a condition
            assert found.as_dict() == value.as_dict(), name
        else:
            assert found == value, name
    assert read.serialize(null_check=False) == expected.serialize(null_check=False)


def items_of(model) -> list[dict]:
    """Items with every attribute (each sample in turn), with none, with each one null."""
    attributes = model.get_attributes().values()
    samples = {attribute.attr_name: samples_of(attribute) for attribute in attributes}
    most = max(len(found) for found in samples.values())
    every = [{name: found[n % len(found)] for name, found in samples.items()} for n in range(most)]
    nulls = [{name: {"NULL": True}} for name in samples]
    return [*every, {}, {"not_an_attribute": {"S": "ignored"}}, *nulls]


@pytest.mark.parametrize("model", table_models(), ids=lambda model: model.__name__)
def test_an_item_reads_as_pynamodb_reads_it(model):
    for item in items_of(model):
        assert_same(model.from_raw_data(item), pynamodb_read(model, item))


@pytest.mark.parametrize("model", table_models(), ids=lambda model: model.__name__)
def test_an_update_s_answer_reads_as_pynamodb_reads_it(model):
    """``Model.update`` sets the item's new values on the instance it was called on."""
    for item in items_of(model):
        instance = model(_user_instantiated=False)
        instance.deserialize(item)
        assert_same(instance, pynamodb_read(model, item))


def test_absent_attributes_get_their_defaults_and_a_version_is_a_whole_number():
    stats = LinkDay.from_raw_data({"link": {"S": "abc@1"}, "clicks": {"N": "5"}})
    assert (stats.clicks, stats.bots, stats.referrers.as_dict()) == (5, 0, {})
    todo = Record.from_raw_data({"PK": {"S": "U#u"}, "SK": {"S": "T#1"}, "version": {"N": "3"}})
    assert todo.version == 3
    assert type(todo.version) is int
    assert (todo.title, todo.completed) == (None, None)


def test_a_date_reads_as_an_aware_moment_in_utc():
    todo = Record.from_raw_data({"created": {"S": "2026-12-07T20:57:33.955712+0000"}})
    assert todo.created == datetime(2026, 12, 7, 20, 57, 33, 955712, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-07T24:00:00.000000+0000",
        "2026-02-30T00:00:00.000000+0000",
        "2026-12-07T20:57:33,955712+0000",
        "2026-12-07 20:57:33.955712+0000",
        "2026-12-07T20:57:33.955712+0100",
        "2026-12-07T20:57:33.955712Z",
        "2026-12-07",
    ],
)
def test_a_date_pynamodb_refuses_is_refused(text):
    with pytest.raises(ValueError, match="does not match format"):
        pynamodb_read(Record, {"created": {"S": text}})
    with pytest.raises(ValueError, match="does not match format"):
        Record.from_raw_data({"created": {"S": text}})


def test_a_value_of_the_wrong_type_fails_as_in_pynamodb():
    with pytest.raises(AttributeDeserializationError):
        Record.from_raw_data({"title": {"N": "1"}})
    with pytest.raises(AttributeDeserializationError):
        pynamodb_read(Record, {"title": {"N": "1"}})
