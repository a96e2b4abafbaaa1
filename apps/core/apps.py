"""The app contract: what an app may give the site, declared once.

Every app's AppConfig subclasses ``SiteAppConfig``; core and accounts read
what the apps provide through ``site_app_configs()`` and ``app_hooks()`` and
know no app by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string

# The attributes that hold one dotted path: ``hook()`` and ``app_hooks()`` import them.
HOOKS = (
    "openapi_paths",
    "demo_seed",
    "user_access_revoke",
    "user_data_delete",
    "stream_handlers",
    "scheduled_sweeps",
)


class SiteAppConfig(AppConfig):
    """Base of every app's AppConfig: everything an app may provide, each with its default.

    A "dotted path" names a module attribute (``"apps.todos.demo.demo_seed"``);
    it is imported when first used, so naming one costs a cold start nothing.
    "URL name" is a name ``reverse()`` takes (``"todos:index"``).

    Navigation (apps/core/site.py):
        ``nav_url`` (URL name, default ``""``: not in the navigation) puts the
        app in the header and on the home page, described by ``summary`` (one
        sentence, also the pages' meta description). ``account_pages`` are the
        signed-in user's own things (``(("My links", "shortener:mine"),)``:
        label and URL name), listed on the profile; ``staff_pages`` are pages
        for staff, listed on the profile and in the header of staff.
        ``header_badges``: (label, URL name, dotted path of ``fn(request) ->
        int``) triples, a link in the header of signed-in users on every page
        with a count (unread notifications); the function reads only what the
        page has loaded anyway (the user), never a DynamoDB request of its own.

    OpenAPI (apps/core/http/openapi.py):
        ``openapi_paths`` (dotted path) names a dict of OpenAPI path items, or
        a function returning one when the texts depend on settings; they join
        ``/api/openapi.json``.

    Demo data (``manage.py seed_demo``, apps/core/management/commands/):
        ``demo_seed`` (dotted path) names ``fn(run: DemoRun) -> list[str]``,
        called once per run in INSTALLED_APPS order, so accounts, which creates
        the demo users, comes before the apps. It writes the app's demo data
        for the users in ``run.new_users`` only (so running again changes
        nothing), writes nothing when ``run.dry_run``, and returns a sentence
        for each thing it made or would make (``run.made(...)``), which the
        command prints; it refuses bad options with ``CommandError``.

    Deleting an account (apps.accounts.services: ``account_close`` on the
    page, then background work in pieces; ``account_delete`` at once):
        ``user_access_revoke`` (dotted path) names ``fn(user)`` that ends every
        way in other than a session (todos: device tokens); it runs in the
        request, while the account is still whole, so it must be small.
        ``user_data_delete`` (dotted path) names ``fn(user, limit) -> bool``
        that deletes at most about ``limit`` items of the app's data of the
        user, with bounded requests (Queries by key, never a Scan), and says
        True when nothing is left; the background work calls it again (in a
        later piece) until it does. Both are resumable: a run cut short
        (DynamoDB down) leaves a closed account, and calling the hook again,
        alone or concurrently with another run, continues where the first
        stopped and finds nothing to do once done. ``user_data_deleted`` and
        ``user_data_kept`` say in a sentence each what the app deletes and what it
        keeps, written about the account (its owner and staff read them), never
        to "you"; the delete page, the page after it and the
        admin's delete confirmation list them.

    Admin registration (Django's own door, no attribute):
        the app's ``admin.py`` registers its tables with the adapter in
        apps/core/admin (``shadow_model`` and ``TableAdmin``); Django's admin
        finds it by autodiscovery when an admin URL is first used (not at
        start-up: apps/core/admin/apps.py), and the user admin offers the
        permissions of every registered model.

    Background work (apps/core/background/registry.py):
        ``stream_handlers`` (dotted path) names a mapping, or a function
        returning one, of table logical name -> ``fn(record)`` (a
        ``StreamRecord``); the stream worker calls the function for every
        DynamoDB Streams record of that table (on AWS through the stage's event
        source mappings). The table's model declares ``Meta.stream_view_type``.
        Delivery is at least once and unordered across items: a handler is
        idempotent (conditional writes keyed on the source record) and order
        tolerant. ``scheduled_sweeps`` (dotted path) names a sequence, or a
        function returning one, of ``Sweep`` (apps/core/background/sweeps.py):
        work that must run without traffic (stuck work, items whose TTL
        deletion is late), from the stage's schedule on AWS and from the local
        worker; idempotent, bounded per call.

    Declared for the work that follows; nothing reads them yet:
        ``account_sections``: (template name, dotted path of ``fn(request) ->
        dict``) pairs; sections of ``/account/`` that an app adds (API keys,
        two-factor sign-in), each its template rendered with the function's
        context.
        ``api_key_scopes``: (scope, description) pairs; what an API key made on
        ``/account/`` may be allowed to do in this app (``("shortener", "Shorten
        links and read their statistics")``); the key door in accounts offers
        and checks them.
    """

    nav_url: str = ""
    summary: str = ""
    account_pages: tuple[tuple[str, str], ...] = ()
    staff_pages: tuple[tuple[str, str], ...] = ()
    openapi_paths: str = ""
    demo_seed: str = ""
    user_access_revoke: str = ""
    user_data_delete: str = ""
    user_data_deleted: str = ""
    user_data_kept: str = ""
    stream_handlers: str = ""
    scheduled_sweeps: str = ""
    header_badges: tuple[tuple[str, str, str], ...] = ()
    account_sections: tuple[tuple[str, str], ...] = ()
    api_key_scopes: tuple[tuple[str, str], ...] = ()

    # Django takes the one AppConfig in an app's apps.py that does not say
    # ``default = False``; this base, imported into every apps.py, must not be it.
    default = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    def hook(self, name: str) -> object | None:
        """What this app names in the dotted-path attribute ``name``; None if it names nothing."""
        if name not in HOOKS:
            raise ValueError(f"{name!r} is not a hook of SiteAppConfig; hooks: {', '.join(HOOKS)}.")
        path = getattr(self, name)
        return import_string(path) if path else None


@dataclass
class DemoRun:
    """One run of ``manage.py seed_demo``, handed to every app's ``demo_seed`` in turn."""

    dry_run: bool = False
    # Demo users' passwords chosen with --password (username -> password).
    passwords: dict[str, str] = field(default_factory=dict)
    # The demo users this run creates (or would create): accounts' demo_seed adds them.
    new_users: list[str] = field(default_factory=list)

    def made(self, what: str, username: str) -> str:
        """The sentence saying what an app made (on a dry run: would make) for a demo user."""
        return f"{'would make' if self.dry_run else 'made'} {what} for {username}."


def site_app_configs() -> list[SiteAppConfig]:
    """The site's apps (every AppConfig that keeps the contract), in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, SiteAppConfig)]


def app_hooks(name: str) -> list:
    """What the apps name in the dotted-path attribute ``name`` (a hook), in app order."""
    found = [config.hook(name) for config in site_app_configs()]
    return [hook for hook in found if hook is not None]


class CoreConfig(SiteAppConfig):
    name = "apps.core"
    verbose_name = "Core"
