"""Create, inspect or delete the DynamoDB tables of every registered model.

manage.py dynamodb_tables create    # idempotent: creates what is missing
manage.py dynamodb_tables status
manage.py dynamodb_tables delete    # DynamoDB Local only, unless --force
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.dynamodb.models import table_models
from apps.core.dynamodb.tables import is_local_endpoint, table_create, table_delete, table_status


class Command(BaseCommand):
    help = (
        "Create (idempotently, with indexes, TTL, streams and on-demand billing), show the "
        "status of, or delete the DynamoDB tables of every registered model."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "status", "delete"])
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow delete when the endpoint is not a DynamoDB Local on this machine.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Name the tables that would be changed."
        )

    def handle(self, *args, action, force, dry_run, **options):
        self.verbosity = options["verbosity"]
        if action == "delete" and not (force or is_local_endpoint()):
            raise CommandError(
                f"Refusing to delete tables with prefix '{settings.DYNAMODB_TABLE_PREFIX}' on "
                f"{settings.DYNAMODB_ENDPOINT_URL or 'AWS'}: not a local DynamoDB. "
                "Add --force if you mean it."
            )
        self._say(
            1,
            f"Tables with prefix '{settings.DYNAMODB_TABLE_PREFIX}' "
            f"at {settings.DYNAMODB_ENDPOINT_URL or 'AWS ' + settings.AWS_REGION}:",
        )
        for model in table_models():
            getattr(self, f"_{action}")(model, dry_run)

    def _create(self, model, dry_run):
        if dry_run:
            self._say(1, f"  {model.Meta.table_name}: would create or complete")
            return
        self._say(1, f"  {model.Meta.table_name}: {', '.join(table_create(model))}")

    def _status(self, model, dry_run):
        status = table_status(model)
        if not status.exists:
            self._say(0, f"  {status.name}: MISSING", self.style.WARNING)
            return
        line = f"  {status.name}: {status.status}, {status.items} items, TTL {status.ttl}"
        if status.stream != "-":
            line += f", stream {status.stream}"
        if status.indexes:
            line += f", indexes {', '.join(status.indexes)}"
        if status.missing_indexes:
            line += f", MISSING indexes {', '.join(status.missing_indexes)}"
        self._say(0, line)

    def _delete(self, model, dry_run):
        if dry_run:
            self._say(1, f"  {model.Meta.table_name}: would delete")
            return
        deleted = table_delete(model)
        self._say(1, f"  {model.Meta.table_name}: {'deleted' if deleted else 'absent'}")

    def _say(self, level, text, style=None):
        if self.verbosity >= level:
            self.stdout.write(style(text) if style else text)
