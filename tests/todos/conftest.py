"""A signed-up Picard with one device (a phone) and its token."""

import pytest

from tests.support.todos import token_for


@pytest.fixture
def device(client, picard):
    """Picard's phone: its token and the list its Todo-Backend address is bound to."""
    return token_for(client)


@pytest.fixture
def token(device):
    return device["token"]


@pytest.fixture
def list_id(device):
    return device["device"]["list"]
