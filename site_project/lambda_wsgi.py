"""The WSGI application that Zappa's Lambda handler serves (``app_function``).

A cold start creates a few hundred thousand objects that live as long as the
container. Python's cyclic garbage collector would walk them over and over
while Django loads, so collection is paused during set-up and everything
loaded is then frozen out of later collections (``gc.freeze``). Set-up also
builds the DynamoDB client and imports the URLconf, so the first request pays
for neither. bench/cold_start.py measures the effect.
"""

import gc

gc.disable()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from apps.core.dynamodb import shared_connection  # noqa: E402

application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every urls and views module
shared_connection().client  # noqa: B018 - builds the botocore client, sends nothing

gc.freeze()
gc.enable()
