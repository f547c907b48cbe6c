"""An index of each history table's "created" rows by organisation, so "the
register as it was" finds the organisation's records without reading all their
history rows (see lgsys/audit/asof.py)."""

from importlib import import_module

from django.db import migrations

# The same history tables as the migration before (a module name that starts
# with a digit cannot be imported with a plain import statement).
TABLES = import_module("lgsys.migrations.0003_history_indexes").TABLES


class Migration(migrations.Migration):
    dependencies = [("lgsys", "0003_history_indexes")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {table}_org_created "
            f"ON {table} (organisation_id, history_type, id)",
            f"DROP INDEX IF EXISTS {table}_org_created",
        )
        for table in TABLES
    ]
