"""An unmanaged Django model standing in for a PynamoDB model: the admin's ``_meta``.

The admin builds its changelist columns, forms and messages from a Django
model's ``_meta``. ``shadow_model`` makes one from a PynamoDB model's
attributes (or from chosen ones, ``fields`` overriding the guess), with
``managed = False``: no table, no query. Its instances are plain carriers of
values; the item they were made from rides along as ``instance.item`` and
is what the services write. Save and delete refuse, so that nothing writes
around the services.
"""

from __future__ import annotations

from django.db import models
from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)

from apps.core.dynamodb.storable import PARTITION_KEY_MAX_BYTES

NOT_THROUGH_THE_ORM = "{model} lives in DynamoDB: write it through its app's services."
# Attributes of the write layer, never shown.
HIDDEN_ATTRIBUTES = {"write_token"}
# Text fields and keys take as much as DynamoDB's longest key.
CHAR_MAX_LENGTH = PARTITION_KEY_MAX_BYTES


class ShadowModel(models.Model):
    """Base of every shadow: values only; uniqueness and writes belong to the services."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        raise NotImplementedError(NOT_THROUGH_THE_ORM.format(model=type(self).__name__))

    def delete(self, *args, **kwargs):
        raise NotImplementedError(NOT_THROUGH_THE_ORM.format(model=type(self).__name__))

    def validate_unique(self, exclude=None) -> None:
        """Conditional writes enforce uniqueness; a query here would need the ORM."""

    def validate_constraints(self, exclude=None) -> None:
        """No database constraints: there is no database."""


def field_for(attribute) -> models.Field:
    """A Django field holding what ``attribute`` holds."""
    if isinstance(attribute, VersionAttribute):
        return models.IntegerField(null=True, blank=True, editable=False)
    if isinstance(attribute, BooleanAttribute):
        return models.BooleanField(default=False)
    if isinstance(attribute, NumberAttribute):
        return models.IntegerField(null=attribute.null, blank=attribute.null)
    if isinstance(attribute, UTCDateTimeAttribute):
        return models.DateTimeField(null=attribute.null, blank=attribute.null)
    if isinstance(attribute, UnicodeAttribute):
        return models.CharField(max_length=CHAR_MAX_LENGTH, blank=True, null=attribute.null)
    # TTL, binary, sets, maps: shown as text, never edited.
    return models.TextField(null=True, blank=True, editable=False)


def shadow_model(
    table,
    *,
    name: str,
    app_label: str,
    module: str,
    key_field: str | None = None,
    fields: dict[str, models.Field] | None = None,
    exclude: tuple[str, ...] = (),
    verbose_name: str | None = None,
    verbose_name_plural: str | None = None,
    label=None,
) -> type[ShadowModel]:
    """An unmanaged model named ``name`` in ``app_label`` with a field per attribute.

    ``key_field`` names the primary key: a table's hash key attribute, or (the
    default) an extra ``key`` field holding the admin's string for the item.
    ``label(instance)`` is its ``str()``.
    """
    attributes = {
        attr_name: field_for(attribute)
        for attr_name, attribute in table.get_attributes().items()
        if attr_name not in HIDDEN_ATTRIBUTES and attr_name not in exclude
    }
    attributes.update(fields or {})
    if key_field is None:
        attributes = {
            "key": models.CharField(max_length=CHAR_MAX_LENGTH, primary_key=True),
            **attributes,
        }
    elif key_field not in (fields or {}):
        attributes[key_field] = models.CharField(max_length=CHAR_MAX_LENGTH, primary_key=True)
    options = {
        "managed": False,
        "app_label": app_label,
        "db_table": f"dynamodb_{app_label}_{name.lower()}",  # never created
    }
    if verbose_name:
        options["verbose_name"] = verbose_name
    if verbose_name_plural:
        options["verbose_name_plural"] = verbose_name_plural
    meta = type("Meta", (), options)
    body = {"__module__": module, "Meta": meta, **attributes}
    if label is not None:
        body["__str__"] = lambda self: str(label(self))
    return type(name, (ShadowModel,), body)
