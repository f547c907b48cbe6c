"""The indexes the change-history browser needs on a history table, as migration
operations an app's own migration runs for its tables (plain SQL that SQLite and
PostgreSQL both understand; ``IF NOT EXISTS``, so running them again is harmless,
e.g. after SQLite rebuilt the table for a removed column and lost them):

- (organisation, date, id): the timeline's keyset pagination;
- (object id, date): each record's own history and "as it was on";
- (organisation, type, id) and (organisation, type, date): "the register as it
  was" finds the organisation's records by their created rows
  (lgsys/audit/asof.py).

tests/audit/test_history_browser.py checks every history table has them.
"""

from django.db import migrations

INDEXES = {
    "org_timeline": "(organisation_id, history_date, history_id)",
    "object_date": "(id, history_date)",
    "org_created": "(organisation_id, history_type, id)",
    "org_created_date": "(organisation_id, history_type, history_date)",
}


def history_indexes(table: str) -> list[migrations.RunSQL]:
    return [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {table}_{name} ON {table} {columns}",
            f"DROP INDEX IF EXISTS {table}_{name}",
        )
        for name, columns in INDEXES.items()
    ]


def history_names(entries) -> migrations.RunPython:
    """Fill the history search's table of names (lgsys/audit/names.py) from history
    tables already holding rows: ``entries`` are (source key, history table,
    organisation column, name columns) as they stand when the migration is
    written. Names already there are kept once."""

    def fill(apps, schema_editor):
        from lgsys.audit.names import fill

        fill(list(entries), using=schema_editor.connection.alias)

    return migrations.RunPython(fill, migrations.RunPython.noop)
