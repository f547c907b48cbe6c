"""A maximum length on every free-text field (lgsys.fields.BoundedTextField),
and the archive's history without the PDF bytes.

Text columns have no length in SQLite or PostgreSQL, so the change is Django's
state only: no table is rebuilt (on SQLite a rebuild would also drop the history
browser's indexes, which lgsys/migrations/0003 and 0004 create in plain SQL)."""

import lgsys.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0006_approval'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='accessrequest',
                    name='extension_reason',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='reason for the extension'),
                ),
                migrations.AlterField(
                    model_name='accessrequest',
                    name='note',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='note'),
                ),
                migrations.AlterField(
                    model_name='contextchange',
                    name='text',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='text'),
                ),
                migrations.AlterField(
                    model_name='finding',
                    name='recommendation',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='recommendation'),
                ),
                migrations.AlterField(
                    model_name='finding',
                    name='response',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name="the organisation's response"),
                ),
                migrations.AlterField(
                    model_name='finding',
                    name='text',
                    field=lgsys.fields.BoundedTextField(max_length=10000, verbose_name='finding'),
                ),
                migrations.AlterField(
                    model_name='historicalaccessrequest',
                    name='extension_reason',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='reason for the extension'),
                ),
                migrations.AlterField(
                    model_name='historicalaccessrequest',
                    name='note',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='note'),
                ),
                migrations.AlterField(
                    model_name='historicalcontextchange',
                    name='text',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='text'),
                ),
                migrations.AlterField(
                    model_name='historicalfinding',
                    name='recommendation',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='recommendation'),
                ),
                migrations.AlterField(
                    model_name='historicalfinding',
                    name='response',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name="the organisation's response"),
                ),
                migrations.AlterField(
                    model_name='historicalfinding',
                    name='text',
                    field=lgsys.fields.BoundedTextField(max_length=10000, verbose_name='finding'),
                ),
                migrations.AlterField(
                    model_name='historicalincident',
                    name='consequences',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='consequences'),
                ),
                migrations.AlterField(
                    model_name='historicalincident',
                    name='correction',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='correction (ISO 10.2)'),
                ),
                migrations.AlterField(
                    model_name='historicalincident',
                    name='corrective_action',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='corrective action'),
                ),
                migrations.AlterField(
                    model_name='historicalincident',
                    name='description',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='historicalincident',
                    name='late_reason',
                    field=lgsys.fields.BoundedTextField(blank=True, help_text='Required when IMY was notified more than 72 hours after discovery.', max_length=10000, verbose_name='reason for late report'),
                ),
                migrations.AlterField(
                    model_name='historicalincident',
                    name='measures',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='measures taken'),
                ),
                migrations.AlterField(
                    model_name='historicalincident',
                    name='root_cause',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='root cause'),
                ),
                migrations.AlterField(
                    model_name='historicalreviewcomment',
                    name='text',
                    field=lgsys.fields.BoundedTextField(max_length=5000, verbose_name='comment'),
                ),
                migrations.AlterField(
                    model_name='historicalreviewsection',
                    name='text',
                    field=lgsys.fields.BoundedTextField(blank=True, help_text='Paragraphs are separated by an empty line; a line starting with “- ” is a bullet; *text* is emphasised.', max_length=50000, verbose_name='text'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='consequences',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='consequences'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='correction',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='correction (ISO 10.2)'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='corrective_action',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='corrective action'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='description',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='late_reason',
                    field=lgsys.fields.BoundedTextField(blank=True, help_text='Required when IMY was notified more than 72 hours after discovery.', max_length=10000, verbose_name='reason for late report'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='measures',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='measures taken'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='root_cause',
                    field=lgsys.fields.BoundedTextField(blank=True, max_length=10000, verbose_name='root cause'),
                ),
                migrations.AlterField(
                    model_name='reviewcomment',
                    name='text',
                    field=lgsys.fields.BoundedTextField(max_length=5000, verbose_name='comment'),
                ),
                migrations.AlterField(
                    model_name='reviewsection',
                    name='text',
                    field=lgsys.fields.BoundedTextField(blank=True, help_text='Paragraphs are separated by an empty line; a line starting with “- ” is a bullet; *text* is emphasised.', max_length=50000, verbose_name='text'),
                ),
            ],
        ),
        # The archive's history keeps the hash, not a second copy of the PDF.
        migrations.RemoveField(
            model_name='historicalarchivedreport',
            name='pdf',
        ),
        # SQLite rebuilds the table for that, dropping the history browser's
        # indexes (lgsys 0003/0004); create them again (a no-op where they stand).
        *[
            migrations.RunSQL(
                f"CREATE INDEX IF NOT EXISTS reviews_historicalarchivedreport_{name} "
                f"ON reviews_historicalarchivedreport ({columns})",
                migrations.RunSQL.noop,
            )
            for name, columns in (
                ("org_timeline", "organisation_id, history_date, history_id"),
                ("object_date", "id, history_date"),
                ("org_created", "organisation_id, history_type, id"),
            )
        ],
    ]
