"""Recording a reminder as sent: the one write path for SentReminder."""

from django.db import IntegrityError, transaction

from lgsys.models import Organisation, SentReminder


def reminders_mark_sent(
    *, user, organisation: Organisation, kind: str, keys: list[str]
) -> None:
    """Record that the mail reminding ``user`` of the events ``keys`` was
    accepted by the mail server. Called only after it was: a reminder that was
    not sent is tried again at the next run. A row another run wrote meanwhile
    is left as it is."""
    for key in keys:
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    user=user, organisation=organisation, kind=kind, key=key
                )
        except IntegrityError:
            continue
