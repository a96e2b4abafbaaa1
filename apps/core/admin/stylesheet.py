"""The admin's stylesheets as one file a page: ``admin/css/site-admin.css``, ``…-forms.css``.

Django's admin links up to seven stylesheets in its pages' heads (base,
dark_mode, changelists or widgets and forms, dashboard, responsive, and this
site's core/admin.css), each holding back the first paint: on a phone
Lighthouse counted them as most of the admin's time to show anything.
templates/admin/base_site.html and the admin's page templates link one file
instead, the same stylesheets in the same order, so the cascade is Django's;
a page gets the form styles when Django would give it them.
(nav_sidebar.css stays on its own: Django's base.html links it outside any
block; none of the files after it here styles what it styles.)

``AdminStylesheetFinder`` (first in STATICFILES_FINDERS) makes each file from
the installed Django's own stylesheets whenever it is asked for it, so
runserver, collectstatic (and from it the manifest and S3) see two more static
files, always in step with the Django version installed. They sit beside
Django's stylesheets, so their relative ``url(../img/…)`` paths stay right; an
``@import`` (Django 5.2's forms.css imports widgets.css) is replaced by the
file it names, once.
"""

import hashlib
import os
import posixpath
import re
import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.storage import FileSystemStorage

# Each file a page links (templates/admin/), and the stylesheets it joins, in Django's order.
FORMS = (
    "admin/css/base.css",
    "admin/css/dark_mode.css",
    "admin/css/changelists.css",
    "admin/css/widgets.css",
    "admin/css/forms.css",
    "admin/css/dashboard.css",
    "admin/css/unusable_password_field.css",
    "admin/css/responsive.css",
    "core/admin.css",
)
FORM_ONLY = (
    "admin/css/widgets.css",
    "admin/css/forms.css",
    "admin/css/unusable_password_field.css",
)
STYLESHEETS = {
    # changelists, the index, delete and history pages: Django gives them no form styles
    # (which would move a changelist's columns and search box)
    "admin/css/site-admin.css": tuple(part for part in FORMS if part not in FORM_ONLY),
    # change forms, add forms, the password form, a changelist edited in place
    "admin/css/site-admin-forms.css": FORMS,
    # the sign-in page (templates/admin/sign_in.html): Django links login.css before
    # responsive.css, whose rules for a phone override it (its box is 28em wide otherwise)
    "admin/css/site-admin-login.css": (
        "admin/css/base.css",
        "admin/css/dark_mode.css",
        "admin/css/login.css",
        "admin/css/responsive.css",
        "core/admin.css",
    ),
}
IMPORT = re.compile(r"""^@import url\(['"]?([^'")]+)['"]?\);[ \t]*\n?""", re.MULTILINE)


def stylesheet_text(name: str) -> str:
    """The parts of stylesheet ``name``, in order, each after a comment naming it; each once."""
    seen: set[str] = set()
    return "".join(_part(part, seen) for part in STYLESHEETS[name])


def _part(name: str, seen: set[str]) -> str:
    if name in seen:
        return ""
    seen.add(name)
    text = Path(finders.find(name)).read_text(encoding="utf-8")

    def imported(match):
        return _part(posixpath.normpath(posixpath.join(posixpath.dirname(name), match[1])), seen)

    return f"/* {name} */\n" + IMPORT.sub(imported, text) + "\n"


def stylesheet_storage(name: str) -> FileSystemStorage:
    """A directory holding stylesheet ``name`` as it is now (named by its content: never stale)."""
    text = stylesheet_text(name)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    storage = FileSystemStorage(location=Path(tempfile.gettempdir()) / f"site-admin-css-{digest}")
    if not storage.exists(name):
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(partial, 0o644)  # as any static file (mkstemp makes it the owner's alone)
        os.replace(partial, path)  # whole or absent, for a request served meanwhile
    return storage


class AdminStylesheetFinder(finders.BaseFinder):
    """Finds the STYLESHEETS, made from the installed stylesheets."""

    def find(self, path, find_all=False, **kwargs):
        if path not in STYLESHEETS:
            return [] if find_all else None
        found = stylesheet_storage(path).path(path)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        for name in STYLESHEETS:
            yield name, stylesheet_storage(name)
