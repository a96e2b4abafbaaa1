"""The admin's permissions, without the ORM's Permission table.

A permission is Django's string ``"<app_label>.<action>_<model_name>"`` (what
``ModelAdmin.has_*_permission`` asks ``user.has_perm`` for). Non-superuser
staff hold theirs as a set on their user record (apps/accounts), edited in the
user admin, which offers the permissions of every registered model, and those a
ModelAdmin names in ``extra_permissions`` for its actions (billing's "refund").
"""

from __future__ import annotations

from django.contrib.admin import autodiscover
from django.contrib.auth import get_permission_codename

ACTIONS = ("view", "add", "change", "delete")


def permission_choices(site) -> list[tuple[str, str]]:
    """Every permission the admin asks about, as (value, label) pairs, by app and model."""
    autodiscover()  # a superuser's permissions may be asked for before any admin page
    models = sorted(
        site._registry, key=lambda model: (model._meta.app_label, model._meta.model_name)
    )
    return [
        (
            f"{model._meta.app_label}.{get_permission_codename(action, model._meta)}",
            f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | Can {action}",
        )
        for model in models
        for action in (*ACTIONS, *getattr(site._registry[model], "extra_permissions", ()))
    ]
