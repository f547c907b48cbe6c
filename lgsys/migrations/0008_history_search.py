# The history search's text index (issue 18, point 3). Filled by that work.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("lgsys", "0007_reminders_deadline_visits"),
    ]

    operations = []
