"""Indexes the change-history browser needs on every history table, so its pages
stay fast with millions of rows: (organisation, date, id) for the timeline's keyset
pagination and (object id, date) for each object's own history and "as it was on".

Plain SQL that SQLite and PostgreSQL both understand; tests/audit/test_history_browser.py
checks that every organisation's history table has them, so a new tracked model
cannot be forgotten.
"""

from django.db import migrations

# The core's own history tables; each app's migrations index theirs
# (lgsys/history_indexes.py). Until issue 19 this listed the apps' tables too:
# databases made then have those indexes already, and the apps' migrations
# create them only where they are missing.
TABLES = ["lgsys_historicalmembership"]


def _operations():
    for table in TABLES:
        yield migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {table}_org_timeline "
            f"ON {table} (organisation_id, history_date, history_id)",
            f"DROP INDEX IF EXISTS {table}_org_timeline",
        )
    for table in [*TABLES, "lgsys_historicalorganisation"]:
        yield migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {table}_object_date "
            f"ON {table} (id, history_date)",
            f"DROP INDEX IF EXISTS {table}_object_date",
        )


class Migration(migrations.Migration):
    dependencies = [("lgsys", "0002_security_events")]

    operations = list(_operations())
