# The city level's onboarding (issue 21): the reminder of a raised normative
# floor (the invitations' history got its indexes in 0010_city).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lgsys", "0011_sso_events"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalremindersetting",
            name="kind",
            field=models.CharField(
                choices=[
                    ("imy_clock", "IMY's 72-hour clock for a personal data breach"),
                    ("review_due", "A classification or risk due for review"),
                    ("action_overdue", "An action past its period"),
                    ("decision_waiting", "A review waiting for a decision"),
                    ("review_returned", "A review returned with comments"),
                    (
                        "normative_floor",
                        "A classification below the floor of a normative classification the city raised",
                    ),
                ],
                max_length=30,
                verbose_name="reminder",
            ),
        ),
        migrations.AlterField(
            model_name="remindersetting",
            name="kind",
            field=models.CharField(
                choices=[
                    ("imy_clock", "IMY's 72-hour clock for a personal data breach"),
                    ("review_due", "A classification or risk due for review"),
                    ("action_overdue", "An action past its period"),
                    ("decision_waiting", "A review waiting for a decision"),
                    ("review_returned", "A review returned with comments"),
                    (
                        "normative_floor",
                        "A classification below the floor of a normative classification the city raised",
                    ),
                ],
                max_length=30,
                verbose_name="reminder",
            ),
        ),
        migrations.AlterField(
            model_name="sentreminder",
            name="kind",
            field=models.CharField(
                choices=[
                    ("imy_clock", "IMY's 72-hour clock for a personal data breach"),
                    ("review_due", "A classification or risk due for review"),
                    ("action_overdue", "An action past its period"),
                    ("decision_waiting", "A review waiting for a decision"),
                    ("review_returned", "A review returned with comments"),
                    (
                        "normative_floor",
                        "A classification below the floor of a normative classification the city raised",
                    ),
                ],
                max_length=30,
                verbose_name="reminder",
            ),
        ),
    ]
