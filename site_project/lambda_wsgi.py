"""The WSGI application that Zappa's Lambda handler serves, set up during init.

On Lambda with SnapStart, init runs once per published version: Lambda then
snapshots the memory, and every cold start restores that snapshot instead of
starting Python and Django. Zappa's handler imports this module during init
because the stage sets ``INSTANTIATE_LAMBDA_HANDLER_ON_IMPORT`` (in
``aws_environment_variables``: the handler reads it at import), which sets up
settings, apps and middleware. Before the snapshot, ``before_snapshot`` primes
what the first request of every restored environment would otherwise do:
the URLconf, the templates of every page, the static files manifest, the
botocore client with the service model of every DynamoDB operation the site
makes, and the stream handlers (``prime``). Events other than requests
(stream batches, scheduled sweeps) are routed by apps/core/background/aws.py,
installed into Zappa's handler here.

Without SnapStart, a cold start is init and then its first request, which
waits for both: so init does only what every request needs, and the first
request loads its own page's templates and operation models, as Django and
botocore do by themselves. Priming would make it wait for the home page, the
shared templates, every stream handler and every operation model too.

Nothing unique or connected may be cloned into every restored environment:
``before_snapshot`` opens no connection to DynamoDB (priming serves a page that
reads nothing) and closes any connection that is open all the same,
and ``after_restore`` closes them again and re-seeds ``random`` (the click
shards and retry jitter draw from it; ids, tokens and keys come from
``secrets``, which reads the kernel's entropy at every call). The runtime's
``snapshot_restore_py`` module runs both hooks; it is part of the Lambda runtime
and must never be packaged, or the runtime would call another copy's registry.

A cold start without SnapStart benefits from one thing done here: collection is
paused while a few hundred thousand long-lived objects are created, and they are
then frozen out of later collections (``gc.freeze``). ``bench/cold_start.py`` and
``bench/restore.py`` measure both kinds of start.
"""

import gc
import io
import logging
import random
import sys
from pathlib import Path

gc.disable()

from django.conf import settings  # noqa: E402

from apps.core.background.aws import zappa_routing_install  # noqa: E402
from apps.core.background.registry import stream_handlers  # noqa: E402
from apps.core.dynamodb.connection import shared_connection  # noqa: E402
from apps.core.dynamodb.models import table_models  # noqa: E402
from apps.core.http.request_log import cold_start_next  # noqa: E402
from apps.core.http.resolving import wsgi_application  # noqa: E402

logger = logging.getLogger(__name__)

# The DynamoDB operations the site sends; their models are parsed during init.
DYNAMODB_OPERATIONS = (
    "GetItem",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactGetItems",
    "TransactWriteItems",
)
# Fragments and pages that every request may render.
SHARED_TEMPLATES = ("base.html", "core/_form.html", "core/_messages.html", "404.html", "503.html")


def prime(application) -> None:
    """Do before the snapshot what a restored environment's first request would otherwise do."""
    from django.contrib.auth import get_backends
    from django.template.loader import get_template
    from django.urls import get_resolver

    _urlconfs_import(get_resolver())
    get_backends()
    stream_handlers()  # imports every handler's module
    for name in SHARED_TEMPLATES:
        get_template(name)
    _botocore_prime()
    _home_page_serve(application)
    cold_start_next()  # the priming request was not a user's


def _urlconfs_import(resolver) -> None:
    """Import every URLconf, with its views, and the admin's with every app's admin.py:
    site_project/urls.py names the apps' own, which Django imports on first use."""
    from django.urls import URLResolver

    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _urlconfs_import(pattern)


def _botocore_prime() -> None:
    """Build the client and parse the shapes of every operation, sending nothing.

    Credentials are not resolved here: with SnapStart, Lambda hands them out
    through the container credentials endpoint, and credentials cached during
    init would be cloned into every restored environment.
    """
    import encodings.idna  # noqa: F401 - http.client encodes host names with it on first connect

    service = shared_connection().client.meta.service_model
    for name in DYNAMODB_OPERATIONS:
        operation = service.operation_model(name)
        operation.input_shape.members  # noqa: B018 - resolved lazily, then cached
        operation.output_shape.members  # noqa: B018


def _home_page_serve(application) -> None:
    """Serve the home page once: middleware, resolver, templates, static manifest.

    Anonymous and without a session cookie, it reads nothing from DynamoDB.
    """
    status = []
    body = application(_home_page_environ(), lambda code, headers: status.append(code))
    b"".join(body)
    if not status or not status[0].startswith("200"):
        logger.warning("Priming the home page answered %s", status[0] if status else None)


def _home_page_environ() -> dict:
    host = next(iter(settings.ALLOWED_HOSTS), "localhost").lstrip(".").replace("*", "localhost")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_X_FORWARDED_PROTO": "https",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def connections_close() -> None:
    """Close the DynamoDB client's pooled connections; the next call opens new ones."""
    shared_connection().client.close()


def before_snapshot() -> None:
    """Prime, compile every page's templates and describe every table to the shared
    connection, then drop connections.

    Only SnapStart calls it, so a cold start without SnapStart does not pay for it;
    a restored environment's first request then finds its page's templates compiled.
    """
    prime(application)
    _templates_compile()
    for model in table_models():
        model._get_connection()  # each table's schema, sending nothing
    # Out of later collections like init's objects: else the first request after a
    # restore pays for a collection that walks every compiled template.
    gc.freeze()
    connections_close()


def _templates_compile() -> None:
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template

    for directory in settings.TEMPLATES[0]["DIRS"]:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            try:
                get_template(path.relative_to(root).as_posix())
            except (TemplateDoesNotExist, TemplateSyntaxError):
                logger.warning("Template %s was not compiled before the snapshot", path)


def after_restore() -> None:
    """Give the restored environment its own random state and fresh connections."""
    random.seed()
    connections_close()
    cold_start_next()


def _hooks_register() -> None:
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:  # not on Lambda: local runs, tests and benchmarks
        return
    register_before_snapshot(before_snapshot)
    register_after_restore(after_restore)


application = wsgi_application()
zappa_routing_install()
_hooks_register()

gc.freeze()
gc.enable()
