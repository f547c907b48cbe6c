"""A maximum length on every free-text field (lgsys.fields.BoundedTextField).

Text columns have no length in SQLite or PostgreSQL, so the change is Django's
state only: no table is rebuilt (on SQLite a rebuild would also drop the history
browser's indexes, which lgsys/migrations/0003 and 0004 create in plain SQL)."""

import lgsys.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='action',
                    name='follow_up',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=100000, verbose_name='follow-up notes'),
                ),
                migrations.AlterField(
                    model_name='action',
                    name='text',
                    field=lgsys.fields.BoundedTextField(max_length=10000, verbose_name='action'),
                ),
                migrations.AlterField(
                    model_name='actionarea',
                    name='intro',
                    field=lgsys.fields.BoundedTextField(blank=True, help_text="The paragraph printed under the area's heading in the report.", max_length=10000, verbose_name='introduction'),
                ),
                migrations.AlterField(
                    model_name='historicalaction',
                    name='follow_up',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=100000, verbose_name='follow-up notes'),
                ),
                migrations.AlterField(
                    model_name='historicalaction',
                    name='text',
                    field=lgsys.fields.BoundedTextField(max_length=10000, verbose_name='action'),
                ),
                migrations.AlterField(
                    model_name='historicalactionarea',
                    name='intro',
                    field=lgsys.fields.BoundedTextField(blank=True, help_text="The paragraph printed under the area's heading in the report.", max_length=10000, verbose_name='introduction'),
                ),
            ],
        ),
    ]
