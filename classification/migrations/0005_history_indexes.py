# The change-history browser's indexes on the register's history tables, and the
# history search's names from their rows (both once made by lgsys' migrations
# 0003, 0004 and 0008, which named every app; where they exist, nothing changes).

from django.db import migrations

from lgsys.history_indexes import history_indexes, history_names

TABLES = [
    "classification_historicalscalelevel",
    "classification_historicalriskband",
    "classification_historicalsystem",
    "classification_historicalinformationasset",
    "classification_historicalclassification",
    "classification_historicalrisk",
    "classification_historicalthresholdanalysis",
]
NAMES = [
    ("classification.informationasset", "classification_historicalinformationasset", "organisation_id", ["name"]),
    ("classification.risk", "classification_historicalrisk", "organisation_id", ["title"]),
    ("classification.riskband", "classification_historicalriskband", "organisation_id", ["label"]),
    ("classification.scalelevel", "classification_historicalscalelevel", "organisation_id", ["label"]),
    ("classification.system", "classification_historicalsystem", "organisation_id", ["name"]),
]


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0004_bounded_text"),
        ("lgsys", "0008_history_search"),
    ]

    operations = [
        *(op for table in TABLES for op in history_indexes(table)),
        history_names(NAMES),
        # The classifications that ever belonged to the assets on a page of the
        # register as it was, read from the index alone.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS classification_historicalclassification_"
            "asset_record ON classification_historicalclassification (asset_id, id)",
            "DROP INDEX IF EXISTS classification_historicalclassification_asset_record",
        ),
    ]
