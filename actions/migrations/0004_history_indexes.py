# The change-history browser's indexes on the plan's history tables, and the
# history search's names from their rows (both once made by lgsys' migrations
# 0003, 0004 and 0008, which named every app; where they exist, nothing changes).

from django.db import migrations

from lgsys.history_indexes import history_indexes, history_names

TABLES = ["actions_historicalactionarea", "actions_historicalaction"]
NAMES = [
    ("actions.action", "actions_historicalaction", "organisation_id", ["text"]),
    ("actions.actionarea", "actions_historicalactionarea", "organisation_id", ["title"]),
]


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_review_links_move_to_reviews"),
        ("lgsys", "0008_history_search"),
    ]

    operations = [
        *(op for table in TABLES for op in history_indexes(table)),
        history_names(NAMES),
    ]
