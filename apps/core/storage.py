"""Static files: hashed names, served by CloudFront from S3, manifest in the package.

On Lambda, ``{% static %}`` maps names to hashed URLs through
``static_manifest/staticfiles.json``, a file inside the package, so a cold
start never reads S3. Two commands write that manifest, with the same hashes
because they hash the same files:

- `make package` runs collectstatic with ``ManifestBuildStorage`` (files into
  STATIC_ROOT, nothing uploaded), so every package carries a manifest;
- `make deploy` / `make update` upload what `make package` wrote to STATIC_ROOT
  to the stage's bucket (deploy/static_files.py), each file with
  ``cache_control``; ``StaticS3Storage`` (collectstatic to S3) does the same
  by hand, and on Lambda serves ``{% static %}`` from the manifest.

A hashed name never changes content, so browsers and CloudFront may keep it
for a year without asking again; the unhashed copies collectstatic also
uploads are never linked by the site and get a short lifetime.
"""

import re

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3ManifestStaticStorage


def manifest_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.BASE_DIR / "static_manifest")


class ManifestBuildStorage(ManifestStaticFilesStorage):
    def __init__(self, **options):
        super().__init__(manifest_storage=manifest_storage(), **options)


# "site.css" -> "site.0123456789ab.css", "LICENSE" -> "LICENSE.0123456789ab"
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}(\.[^./]+)?$")
CACHE_HASHED = "public, max-age=31536000, immutable"
CACHE_UNHASHED = "public, max-age=300"


class StaticS3Storage(S3ManifestStaticStorage):
    def __init__(self, **options):
        super().__init__(manifest_storage=manifest_storage(), **options)

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters["CacheControl"] = cache_control(name)
        return parameters


def cache_control(name: str) -> str:
    """A year for a hashed name (its content never changes), minutes for any other."""
    return CACHE_HASHED if HASHED_NAME.search(name) else CACHE_UNHASHED
