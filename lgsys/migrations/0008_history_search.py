# The history search's text index (issue 18, point 3): the names every record
# ever had (lgsys/audit/names.py), indexed for "contains" searches: pg_trgm's GIN
# index on PostgreSQL, an FTS5 trigram table kept in step by triggers on SQLite.
# The table is filled from the history already stored.
#
# Also for "the register as it was" (lgsys/audit/asof.py): an index of each
# history table's rows by (organisation, type, date), so the records created by a
# moment are read from their "created" rows alone; with only (organisation, type,
# id) beside (organisation, date, id), SQLite's planner took the date index and
# read every row of the organisation up to the moment.

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

# (source key, history table, organisation column, name columns) as they stood
# when this migration was written; later rows fill themselves.
# The core's own tables; each app's migration fills the names of its own
# (lgsys/history_indexes.history_names), and the org_created_date index there too.
TABLES = [
    ("lgsys.membership", "lgsys_historicalmembership", "organisation_id", ["title"]),
    ("lgsys.organisation", "lgsys_historicalorganisation", "id", ["name"]),
]

HISTORY_TABLES = import_module("lgsys.migrations.0003_history_indexes").TABLES

POSTGRESQL = [
    (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        None,  # other tables may use it
    ),
    (
        "CREATE INDEX lgsys_historyname_trgm ON lgsys_historyname "
        "USING gin (UPPER(name) gin_trgm_ops)",
        "DROP INDEX IF EXISTS lgsys_historyname_trgm",
    ),
]
SQLITE = [
    (
        "CREATE VIRTUAL TABLE lgsys_historyname_fts USING fts5(name, "
        "content='lgsys_historyname', content_rowid='id', tokenize='trigram')",
        "DROP TABLE IF EXISTS lgsys_historyname_fts",
    ),
    (
        "CREATE TRIGGER lgsys_historyname_fts_insert AFTER INSERT ON lgsys_historyname "
        "BEGIN INSERT INTO lgsys_historyname_fts(rowid, name) "
        "VALUES (new.id, new.name); END",
        "DROP TRIGGER IF EXISTS lgsys_historyname_fts_insert",
    ),
    (
        "CREATE TRIGGER lgsys_historyname_fts_delete AFTER DELETE ON lgsys_historyname "
        "BEGIN INSERT INTO lgsys_historyname_fts(lgsys_historyname_fts, rowid, name) "
        "VALUES ('delete', old.id, old.name); END",
        "DROP TRIGGER IF EXISTS lgsys_historyname_fts_delete",
    ),
    (
        "CREATE TRIGGER lgsys_historyname_fts_update AFTER UPDATE ON lgsys_historyname "
        "BEGIN INSERT INTO lgsys_historyname_fts(lgsys_historyname_fts, rowid, name) "
        "VALUES ('delete', old.id, old.name); "
        "INSERT INTO lgsys_historyname_fts(rowid, name) VALUES (new.id, new.name); END",
        "DROP TRIGGER IF EXISTS lgsys_historyname_fts_update",
    ),
]


def _statements(schema_editor):
    vendor = schema_editor.connection.vendor
    return {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, [])


def create_index(apps, schema_editor):
    for forward, _backward in _statements(schema_editor):
        schema_editor.execute(forward)


def drop_index(apps, schema_editor):
    for _forward, backward in reversed(_statements(schema_editor)):
        if backward:
            schema_editor.execute(backward)


def fill_names(apps, schema_editor):
    from lgsys.audit.names import fill

    fill(TABLES, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("lgsys", "0007_reminders_deadline_visits")]

    operations = [
        migrations.CreateModel(
            name="HistoryName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "source",
                    models.CharField(max_length=100, verbose_name="kind of record"),
                ),
                ("record_id", models.BigIntegerField(verbose_name="record number")),
                ("name", models.TextField(verbose_name="name")),
                ("digest", models.CharField(max_length=64)),
                (
                    "organisation",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="lgsys.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "name in the history",
                "verbose_name_plural": "names in the history",
                "indexes": [
                    models.Index(
                        fields=["organisation", "source", "record_id"],
                        name="historyname_org_record",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "record_id", "digest"),
                        name="historyname_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(fill_names, migrations.RunPython.noop),
        *(
            migrations.RunSQL(
                f"CREATE INDEX IF NOT EXISTS {table}_org_created_date "
                f"ON {table} (organisation_id, history_type, history_date)",
                f"DROP INDEX IF EXISTS {table}_org_created_date",
            )
            for table in HISTORY_TABLES
        ),
    ]
