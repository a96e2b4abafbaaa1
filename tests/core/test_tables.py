"""manage.py dynamodb_tables: create (idempotent), status, delete (local only)."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from apps.core.models import CacheEntry


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("dynamodb_tables", *args, stdout=out)
    return out.getvalue()


def test_create_is_idempotent():
    output = run("create")
    assert f"{settings.DYNAMODB_TABLE_PREFIX}cache: exists" in output


def test_create_makes_a_missing_table_with_ttl():
    CacheEntry.delete_table(wait=True)
    assert f"{settings.DYNAMODB_TABLE_PREFIX}cache: created" in run("create")
    assert CacheEntry.exists()
    assert "TTL ENABLED" in run("status")


def test_status_lists_each_table():
    output = run("status")
    assert f"{settings.DYNAMODB_TABLE_PREFIX}cache: ACTIVE" in output


def test_dry_run_changes_nothing():
    CacheEntry.delete_table(wait=True)
    try:
        assert "would create" in run("create", "--dry-run")
        assert not CacheEntry.exists()
    finally:
        run("create")


def test_delete_removes_the_tables_of_a_local_dynamodb():
    try:
        assert f"{settings.DYNAMODB_TABLE_PREFIX}cache: deleted" in run("delete")
        assert not CacheEntry.exists()
        assert "MISSING" in run("status")
    finally:
        run("create")


@override_settings(DYNAMODB_ENDPOINT_URL=None)
def test_delete_refuses_a_non_local_dynamodb_without_force():
    with pytest.raises(CommandError, match=r"not a local DynamoDB\. Add --force"):
        run("delete")
    assert CacheEntry.exists()


def test_create_adds_an_index_missing_from_an_existing_table(ttl_deletion_paused):
    """With TTL paused: DynamoDB Local 3.3.1 leaves an index CREATING or DELETING for
    good while several tables have TTL switched on (README: Tests)."""
    import time

    from apps.shortener.models import Link
    from tests.support.dynamodb import ttl_set

    client = Link._get_connection().connection.client
    name = Link.Meta.table_name

    def indexes() -> list[dict]:
        return client.describe_table(TableName=name)["Table"].get("GlobalSecondaryIndexes", [])

    def wait_until(done) -> None:
        deadline = time.monotonic() + 60
        while not done() and time.monotonic() < deadline:
            time.sleep(0.1)

    client.update_table(
        TableName=name,
        GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "owner-created-index"}}],
    )
    wait_until(lambda: not indexes())
    assert "MISSING indexes owner-created-index" in run("status")
    assert f"{name}: added index owner-created-index" in run("create")
    ttl_set(enabled=False)  # `create` switched TTL back on everywhere
    wait_until(lambda: all(index["IndexStatus"] == "ACTIVE" for index in indexes()))
    assert "indexes owner-created-index" in run("status")
    assert "MISSING" not in run("status")


def test_create_switches_on_the_stream_a_model_declares():
    from apps.core.background.models import WorkPiece

    client = WorkPiece._get_connection().connection.client
    name = WorkPiece.Meta.table_name
    client.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    assert "stream NEW_AND_OLD_IMAGES" not in next(
        line for line in run("status").splitlines() if f"{name}:" in line
    )
    assert f"{name}: enabled stream NEW_AND_OLD_IMAGES" in run("create")
    assert f"{name}: exists" in run("create")
    assert "stream NEW_AND_OLD_IMAGES" in next(
        line for line in run("status").splitlines() if f"{name}:" in line
    )
