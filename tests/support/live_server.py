"""The site served over HTTP for the browser tests, on the tests' own DynamoDB Local.

pytest-django's ``live_server`` fixture asks for ``transactional_db``, and this
site has no database (``DATABASES = {}``). Django's own ``LiveServerThread``
needs none: it serves the site in this process (so the tests' settings
overrides and the locmem email outbox are shared with it) on a free port,
with the static files served from the apps' folders as ``runserver`` does.
"""

from __future__ import annotations

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread


class LiveServer:
    def __init__(self) -> None:
        self._thread = LiveServerThread("127.0.0.1", StaticFilesHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._thread.port}"

    def start(self) -> LiveServer:
        self._thread.daemon = True
        self._thread.start()
        self._thread.is_ready.wait()
        if self._thread.error:
            raise self._thread.error
        return self

    def stop(self) -> None:
        self._thread.terminate()
