"""A maximum length on every free-text field (lgsys.fields.BoundedTextField).

Text columns have no length in SQLite or PostgreSQL, so the change is Django's
state only: no table is rebuilt (on SQLite a rebuild would also drop the history
browser's indexes, which lgsys/migrations/0003 and 0004 create in plain SQL)."""

import lgsys.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('classification', '0003_default_scales'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='classification',
                    name='notes',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='notes'),
                ),
                migrations.AlterField(
                    model_name='classification',
                    name='participants',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='participants'),
                ),
                migrations.AlterField(
                    model_name='historicalclassification',
                    name='notes',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='notes'),
                ),
                migrations.AlterField(
                    model_name='historicalclassification',
                    name='participants',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='participants'),
                ),
                migrations.AlterField(
                    model_name='historicalinformationasset',
                    name='description',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='historicalnormativeclassification',
                    name='description',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='historicalrisk',
                    name='description',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='informationasset',
                    name='description',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='normativeclassification',
                    name='description',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='risk',
                    name='description',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='description'),
                ),
            ],
        ),
    ]
