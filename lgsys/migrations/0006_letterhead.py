"""The organisation's letterhead for the report: its municipality's name and an
optional logo, stored in the database (every app server prints the same)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lgsys', '0005_stepup_events'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalorganisation',
            name='logo',
            field=models.BinaryField(blank=True, null=True, verbose_name='logo'),
        ),
        migrations.AddField(
            model_name='historicalorganisation',
            name='logo_type',
            field=models.CharField(blank=True, editable=False, max_length=20, verbose_name="logo's file type"),
        ),
        migrations.AddField(
            model_name='organisation',
            name='logo',
            field=models.BinaryField(blank=True, null=True, verbose_name='logo'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='logo_type',
            field=models.CharField(blank=True, editable=False, max_length=20, verbose_name="logo's file type"),
        ),
        migrations.AlterField(
            model_name='historicalorganisation',
            name='municipality',
            field=models.CharField(default='Stockholms stad', help_text="Printed in the report's letterhead.", max_length=200, verbose_name='municipality'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='municipality',
            field=models.CharField(default='Stockholms stad', help_text="Printed in the report's letterhead.", max_length=200, verbose_name='municipality'),
        ),
        # SQLite may rebuild the history table for these; give the history
        # browser its index back (lgsys 0003; a no-op where it stands).
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS lgsys_historicalorganisation_object_date "
            "ON lgsys_historicalorganisation (id, history_date)",
            migrations.RunSQL.noop,
        ),
    ]
