"""An index of each history table's "created" rows by organisation, so "the
register as it was" finds the organisation's records without reading all their
history rows (see lgsys/audit/asof.py)."""

from django.db import migrations


TABLES = __import__(
    "lgsys.migrations.0003_history_indexes", fromlist=["TABLES"]
).TABLES


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
