"""The model base: table names, endpoint and timeouts come from settings; one shared client."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pynamodb.attributes import UnicodeAttribute
from pynamodb.constants import PAY_PER_REQUEST_BILLING_MODE

from apps.core.dynamodb.connection import shared_connection
from apps.core.dynamodb.models import TableModel, table_models
from apps.core.models import CacheEntry


def test_table_name_is_the_prefix_plus_the_logical_name():
    assert CacheEntry.Meta.table_name == settings.DYNAMODB_TABLE_PREFIX + "cache"


def test_endpoint_region_billing_and_timeouts_come_from_settings():
    meta = CacheEntry.Meta
    assert meta.host == settings.DYNAMODB_ENDPOINT_URL
    assert meta.region == settings.AWS_REGION
    assert meta.billing_mode == PAY_PER_REQUEST_BILLING_MODE
    assert meta.connect_timeout_seconds == settings.DYNAMODB_CONNECT_TIMEOUT == 0.5
    assert meta.read_timeout_seconds == settings.DYNAMODB_READ_TIMEOUT == 2
    assert meta.max_retry_attempts == settings.DYNAMODB_MAX_RETRIES == 2


def test_every_model_uses_the_one_shared_connection():
    for model in table_models():
        assert model._get_connection().connection is shared_connection()


def test_registry_lists_every_table_model():
    assert CacheEntry in table_models()
    names = [model.Meta.logical_name for model in table_models()]
    assert names == sorted(set(names))


def test_a_model_without_a_logical_name_is_refused():
    with pytest.raises(ImproperlyConfigured, match="logical_name"):

        class Nameless(TableModel):
            class Meta:
                pass

            key = UnicodeAttribute(hash_key=True)


def test_two_models_cannot_claim_one_table():
    with pytest.raises(ImproperlyConfigured, match="claimed by both"):

        class Impostor(TableModel):
            class Meta:
                logical_name = "cache"

            key = UnicodeAttribute(hash_key=True)
