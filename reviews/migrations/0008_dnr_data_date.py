"""The Dnr as the registrar wrote it (free text: "ABC 2024/0815" keeps its
zero) instead of a serial number; the review's data date and the data blocks
taken at submission."""

from django.db import migrations, models


def dnr_from_serial(apps, schema_editor):
    """KUL 2023/1946 from the serial, for the reviews and their history."""
    for name in ("ManagementReview", "HistoricalManagementReview"):
        model = apps.get_model("reviews", name)
        rows = model.objects.filter(dnr_serial__isnull=False).select_related(
            "organisation"
        )
        for row in rows:
            code = row.organisation.code if row.organisation_id else ""
            model.objects.filter(pk=row.pk).update(
                dnr=f"{code} {row.year}/{row.dnr_serial}".strip()
            )


def restore_history_indexes(table):
    for name, columns in (
        ("org_timeline", "organisation_id, history_date, history_id"),
        ("object_date", "id, history_date"),
        ("org_created", "organisation_id, history_type, id"),
    ):
        yield migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {table}_{name} ON {table} ({columns})",
            migrations.RunSQL.noop,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0007_bounded_text_archive_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalmanagementreview',
            name='blocks_snapshot',
            field=models.JSONField(blank=True, editable=False, help_text='The data blocks as of the data date, taken at submission; what the head reads and approves.', null=True, verbose_name='data as submitted'),
        ),
        migrations.AddField(
            model_name='historicalmanagementreview',
            name='data_date',
            field=models.DateField(blank=True, help_text="The day the report's figures describe (registers, risks, actions, incidents). Empty: today, while the review is a draft.", null=True, verbose_name='data as of'),
        ),
        migrations.AddField(
            model_name='historicalmanagementreview',
            name='dnr',
            field=models.CharField(blank=True, help_text="As the registrar wrote it: the organisation's code, the year, “/” and the number with its leading zeros, e.g. KUL 2023/1946 or ABC 2024/0815.", max_length=40, verbose_name='Dnr'),
        ),
        migrations.AddField(
            model_name='managementreview',
            name='blocks_snapshot',
            field=models.JSONField(blank=True, editable=False, help_text='The data blocks as of the data date, taken at submission; what the head reads and approves.', null=True, verbose_name='data as submitted'),
        ),
        migrations.AddField(
            model_name='managementreview',
            name='data_date',
            field=models.DateField(blank=True, help_text="The day the report's figures describe (registers, risks, actions, incidents). Empty: today, while the review is a draft.", null=True, verbose_name='data as of'),
        ),
        migrations.AddField(
            model_name='managementreview',
            name='dnr',
            field=models.CharField(blank=True, help_text="As the registrar wrote it: the organisation's code, the year, “/” and the number with its leading zeros, e.g. KUL 2023/1946 or ABC 2024/0815.", max_length=40, verbose_name='Dnr'),
        ),
        migrations.RunPython(dnr_from_serial, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='historicalmanagementreview',
            name='dnr_serial',
        ),
        migrations.RemoveField(
            model_name='managementreview',
            name='dnr_serial',
        ),
        # SQLite rebuilds the table for these; give the history browser its
        # indexes back (lgsys 0003/0004; a no-op where they stand).
        *restore_history_indexes("reviews_historicalmanagementreview"),
    ]
