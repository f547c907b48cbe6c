"""Indexes the change-history browser needs on every history table, so its pages
stay fast with millions of rows: (organisation, date, id) for the timeline's keyset
pagination and (object id, date) for each object's own history and "as it was on".

Plain SQL that SQLite and PostgreSQL both understand; tests/test_history_browser.py
checks that every organisation's history table has them, so a new tracked model
cannot be forgotten.
"""

from django.db import migrations

TABLES = [
    "lgsys_historicalmembership",
    "classification_historicalscalelevel",
    "classification_historicalriskband",
    "classification_historicalsystem",
    "classification_historicalinformationasset",
    "classification_historicalclassification",
    "classification_historicalrisk",
    "classification_historicalthresholdanalysis",
    "reviews_historicalreviewcomment",
    "reviews_historicalarchivedreport",
    "reviews_historicalincident",
    "reviews_historicalfinding",
    "reviews_historicalcontextchange",
    "reviews_historicaltrainingrecord",
    "reviews_historicalaccessrequest",
    "reviews_historicalmanagementreview",
    "reviews_historicalreviewsection",
    "actions_historicalactionarea",
    "actions_historicalaction",
]


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
    dependencies = [
        ("lgsys", "0002_security_events"),
        ("classification", "0003_default_scales"),
        ("reviews", "0006_approval"),
        ("actions", "0001_initial"),
    ]

    operations = list(_operations())
