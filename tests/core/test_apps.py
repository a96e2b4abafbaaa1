"""The app contract (apps/core/apps.py): every app keeps it, and what each declares works."""

import pytest
from django.apps import apps
from django.urls import reverse

from apps.core.apps import HOOKS, SiteAppConfig, app_hooks, site_app_configs
from tests.support.dynamodb import PROJECT_DIR

SITE_APPS = sorted(path.parent.name for path in (PROJECT_DIR / "apps").glob("*/apps.py"))


def test_every_app_of_the_site_keeps_the_contract():
    assert SITE_APPS == [
        "accounts",
        "billing",
        "captains_log",
        "core",
        "dwipper",
        "shortener",
        "todos",
    ]
    # Besides: apps.core.background (inside core) and, in the tests only, the stream probe.
    kept = sorted(c.label for c in site_app_configs() if c.name.count(".") == 1)
    assert kept == SITE_APPS
    for label in SITE_APPS:
        config = apps.get_app_config(label)
        assert type(config) is not SiteAppConfig
        assert type(config).__module__ == f"apps.{label}.apps"


def test_what_the_apps_name_is_there():
    for config in site_app_configs():
        for name in HOOKS:
            assert (config.hook(name) is None) == (getattr(config, name) == "")
        for _label, url_name in (*config.account_pages, *config.staff_pages):
            assert reverse(url_name)
        if config.nav_url:
            assert reverse(config.nav_url)
            assert config.summary


def test_a_name_outside_the_contract_is_refused_not_ignored():
    with pytest.raises(ValueError, match="not a hook of SiteAppConfig"):
        app_hooks("user_data_delet")


def test_every_app_that_deletes_a_users_data_says_what_it_deletes():
    for config in site_app_configs():
        if config.user_data_delete:
            assert config.user_data_deleted, config.label
