# The change-history browser's indexes on the reviews' history tables, and the
# history search's names from their rows (both once made by lgsys' migrations
# 0003, 0004 and 0008, which named every app; where they exist, nothing changes).

from django.db import migrations

from lgsys.history_indexes import history_indexes, history_names

TABLES = [
    "reviews_historicalreviewcomment",
    "reviews_historicalarchivedreport",
    "reviews_historicalincident",
    "reviews_historicalfinding",
    "reviews_historicalcontextchange",
    "reviews_historicaltrainingrecord",
    "reviews_historicalaccessrequest",
    "reviews_historicalmanagementreview",
    "reviews_historicalreviewsection",
    "reviews_historicaldecidedaction",
]
NAMES = [
    ("reviews.contextchange", "reviews_historicalcontextchange", "organisation_id", ["title", "text"]),
    ("reviews.finding", "reviews_historicalfinding", "organisation_id", ["reference", "text"]),
    ("reviews.incident", "reviews_historicalincident", "organisation_id", ["title"]),
    ("reviews.reviewcomment", "reviews_historicalreviewcomment", "organisation_id", ["text"]),
    ("reviews.reviewsection", "reviews_historicalreviewsection", "organisation_id", ["title", "key", "text"]),
    ("reviews.trainingrecord", "reviews_historicaltrainingrecord", "organisation_id", ["course"]),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0009_decided_actions"),
        ("lgsys", "0008_history_search"),
    ]

    operations = [
        *(op for table in TABLES for op in history_indexes(table)),
        history_names(NAMES),
    ]
