"""Test set-up: a fresh in-memory DynamoDB Local for the run, clean tables for every test.

DynamoDB Local starts in ``pytest_configure``, before Django is set up, because
PynamoDB models read their endpoint from settings when their classes are
created. pytest-django then finds Django set up and only adds its database
blocker (there is no database).
"""

import os
import uuid

import pytest

from tests.support.dynamodb import start_local_dynamodb, tables_create, tables_empty

dynamodb_key = pytest.StashKey()


def pytest_configure(config):
    dynamodb = start_local_dynamodb()
    config.stash[dynamodb_key] = dynamodb
    os.environ.update(
        DJANGO_SETTINGS_MODULE="site_project.settings",
        DJANGO_ENV="local",
        DYNAMODB_ENDPOINT_URL=dynamodb.url,
        DYNAMODB_TABLE_PREFIX=f"test-{uuid.uuid4().hex[:8]}-",
    )
    import django

    django.setup()


def pytest_unconfigure(config):
    dynamodb = config.stash.get(dynamodb_key, None)
    if dynamodb is not None:
        dynamodb.stop()


@pytest.fixture(scope="session")
def dynamodb(request):
    """The run's DynamoDB Local, with every registered table created."""
    tables_create()
    return request.config.stash[dynamodb_key]


@pytest.fixture(autouse=True)
def clean_tables(dynamodb):
    tables_empty()
