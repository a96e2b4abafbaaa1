"""The site's settings, plus the test-only app that exercises the background engine.

tests/background/probe has a table with a stream, a handler, a task and a
sweep, as an app of the site would; the site itself is not changed for it.
"""

from site_project.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.background.probe"]  # noqa: F405
