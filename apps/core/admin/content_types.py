"""ContentType without the ORM: the admin asks for one per model, never for its row.

The admin reads a model's ContentType (``get_content_type_for_model``) to build
a change form's context and links of its log entries; only ``app_label``,
``model`` and an id are ever used. Django's ContentTypeManager answers from
its cache before it queries, so the cache is filled with unsaved
ContentTypes, with ids stable for the life of the process.
"""

from __future__ import annotations

import zlib

from django.contrib.contenttypes.models import ContentType


def content_type_for(app_label: str, model_name: str) -> ContentType:
    """The ContentType of ``app_label.model_name``, made up and cached; never a query."""
    manager = ContentType.objects
    key = (app_label, model_name)
    cached = manager._cache.setdefault(manager.db, {}).get(key)
    if cached is not None:
        return cached
    content_type = ContentType(
        id=zlib.crc32(f"{app_label}.{model_name}".encode()), app_label=app_label, model=model_name
    )
    manager._add_to_cache(manager.db, content_type)
    return content_type


def content_type_ensure(model) -> ContentType:
    return content_type_for(model._meta.app_label, model._meta.model_name)
