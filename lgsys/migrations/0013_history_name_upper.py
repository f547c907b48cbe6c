# The history search compares the stored UPPER(name) on PostgreSQL (issue 18,
# point 3): UPPER over every name of an organisation cost 8 of the search's
# 11 ms in the database. The column is filled by the database's own UPPER, as
# lgsys.audit.names.insert writes it; the trigram index moves onto it. A
# nullable column, so SQLite adds it in place and the FTS triggers stay.

from django.db import migrations, models

POSTGRESQL = [
    (
        "DROP INDEX IF EXISTS lgsys_historyname_trgm",
        "CREATE INDEX lgsys_historyname_trgm ON lgsys_historyname "
        "USING gin (UPPER(name) gin_trgm_ops)",
    ),
    (
        "CREATE INDEX lgsys_historyname_upper_trgm ON lgsys_historyname "
        "USING gin (name_upper gin_trgm_ops)",
        "DROP INDEX IF EXISTS lgsys_historyname_upper_trgm",
    ),
]


def forwards(apps, schema_editor):
    schema_editor.execute("UPDATE lgsys_historyname SET name_upper = UPPER(name)")
    if schema_editor.connection.vendor == "postgresql":
        for forward, _backward in POSTGRESQL:
            schema_editor.execute(forward)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _forward, backward in reversed(POSTGRESQL):
            schema_editor.execute(backward)


class Migration(migrations.Migration):
    dependencies = [("lgsys", "0012_city_onboarding")]

    operations = [
        migrations.AddField(
            model_name="historyname",
            name="name_upper",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
