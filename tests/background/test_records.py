"""Records from DynamoDB Local's GetRecords take the shape Lambda delivers on AWS."""

from datetime import UTC, datetime

from apps.core.background.records import TTL_DELETER, lambda_shape
from apps.core.background.registry import stream_record
from apps.core.background.streams import stream_arn
from tests.background.probe.models import ProbeItem

# A deletion by TTL as boto3 parses DynamoDB Local 3.3.1's answer (seen in its raw JSON).
LOCAL_TTL_DELETION = {
    "eventID": "0cb277ce-442b-45d8-814b-a5e067fc1eda",
    "eventName": "UNKNOWN_TO_SDK_VERSION",
    "eventVersion": "1.1",
    "eventSource": "aws:dynamodb",
    "awsRegion": "ddblocal",
    "dynamodb": {
        "ApproximateCreationDateTime": datetime(2026, 12, 6, 22, 11, tzinfo=UTC),
        "Keys": {"name": {"S": "yar"}},
        "OldImage": {"name": {"S": "yar"}, "expires": {"N": "1796595000"}, "b": {"B": b"\x00"}},
        "SequenceNumber": "000000000000000000002",
        "SizeBytes": 15,
        "StreamViewType": "NEW_AND_OLD_IMAGES",
    },
}


def test_a_deletion_by_dynamodb_locals_ttl_is_the_removal_by_ttl_aws_sends(dynamodb):
    shaped = lambda_shape(LOCAL_TTL_DELETION, stream_arn(ProbeItem))
    assert shaped["eventName"] == "REMOVE"
    assert shaped["userIdentity"] == TTL_DELETER
    assert shaped["eventSourceARN"] == stream_arn(ProbeItem)
    assert shaped["dynamodb"]["ApproximateCreationDateTime"] == 1796595060.0
    assert shaped["dynamodb"]["OldImage"]["b"] == {"B": "AA=="}  # base64, as in Lambda's events

    record = stream_record(shaped)
    assert record.expired
    assert record.new is None
    assert record.old.name == "yar"
    assert record.position == "2".zfill(40)
