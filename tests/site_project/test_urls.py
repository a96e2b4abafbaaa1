"""The root URLconf names the apps' URLconfs (``urls_of``), which Django imports on first use."""

import importlib

from django.urls import URLResolver, get_resolver, resolve, reverse


def test_each_named_urlconf_declares_the_app_name_the_root_gives_it():
    named = [p for p in get_resolver().url_patterns if isinstance(p, URLResolver)]
    assert len(named) >= 10
    for pattern in named:
        module = importlib.import_module(pattern.urlconf_name)
        assert module.app_name == pattern.app_name == pattern.namespace, pattern.urlconf_name


def test_every_apps_urls_resolve_and_reverse_through_the_root():
    assert resolve("/healthz").view_name == "core:healthz"
    assert resolve("/api/todos/").view_name == "todos_api:todos"
    assert resolve("/abcdefg").view_name == "shortener:redirect"
    assert reverse("captains_log:list") == "/log/"
    assert reverse("admin:index") == "/admin/"
