import pytest

from tests.support.accounts import PASSWORD, account_create


@pytest.fixture
def picard():
    return account_create()


@pytest.fixture
def signed_in(client, picard):
    assert client.login(username="picard", password=PASSWORD)
    return client
