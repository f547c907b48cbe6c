"""Writing and sending the reminders: one mail per member, organisation and kind
of reminder, listing its events; each event once (lgsys.models.SentReminder)."""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lgsys.models import ReminderKind, ReminderSetting, SentReminder
from reviews.reminders import services
from reviews.reminders.events import Event, due_events

log = logging.getLogger(__name__)

# The reminders are Swedish whatever language the member uses on screen.
LANGUAGE = "sv"


@dataclass
class Mail:
    user: object
    organisation: object
    kind: str
    events: list[Event] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [e.key for e in self.events]


@dataclass
class Outcome:
    sent: list[Mail] = field(default_factory=list)
    failed: list[tuple[Mail, str]] = field(default_factory=list)  # (mail, why)


def pending_mails(now: datetime | None = None) -> list[Mail]:
    """The mails due now: every due event, for each recipient who has not turned
    its kind off and has not been sent it yet."""
    with translation.override(LANGUAGE):
        events = due_events(now)
    turned_off = set(
        ReminderSetting.objects.filter(enabled=False).values_list("user_id", "kind")
    )
    already = set(
        SentReminder.objects.filter(key__in={e.key for e in events}).values_list(
            "user_id", "kind", "key"
        )
    )
    mails: dict[tuple, Mail] = {}
    for event in events:
        for user in event.recipients:
            if (user.pk, event.kind) in turned_off:
                continue
            if (user.pk, event.kind, event.key) in already:
                continue
            group = (user.pk, event.organisation.pk, event.kind)
            mail = mails.get(group)
            if mail is None:
                mail = mails[group] = Mail(user, event.organisation, event.kind)
            if event.key not in mail.keys:
                mail.events.append(event)
    return list(mails.values())


def send_pending(now: datetime | None = None, connection=None) -> Outcome:
    """Send every pending mail, one at a time; a mail counts as sent, and its
    events are recorded, only once the mail server accepted it. A refusal (or no
    server at all) is reported and the next mail is tried."""
    outcome = Outcome()
    connection = connection or get_connection()
    for mail in pending_mails(now):
        try:
            accepted = connection.send_messages([message(mail)])
        except Exception as error:  # any refusal: report it and go on
            log.warning("Reminder to %s not sent: %s", mail.user.email, error)
            outcome.failed.append((mail, f"{type(error).__name__}: {error}"))
            continue
        if not accepted:
            outcome.failed.append((mail, "not accepted"))
            continue
        services.reminders_mark_sent(
            user=mail.user,
            organisation=mail.organisation,
            kind=mail.kind,
            keys=mail.keys,
        )
        outcome.sent.append(mail)
    return outcome


def message(mail: Mail) -> EmailMessage:
    base = settings.LGSYS_BASE_URL
    with translation.override(LANGUAGE):
        membership = mail.user.memberships.filter(
            organisation=mail.organisation
        ).first()
        body = render_to_string(
            "reviews/reminders/email.txt",
            {
                "user": mail.user,
                "organisation": mail.organisation,
                "role": membership.get_role_display() if membership else "",
                "intro": INTRO[mail.kind],
                "events": [(e.text, base + e.path) for e in mail.events],
                "kind_label": ReminderKind(mail.kind).label,
                "profile_url": base + reverse("profile"),
            },
        )
        subject = f"{subject_of(mail)} – {mail.organisation.name}"
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.user.email],
    )


def subject_of(mail: Mail) -> str:
    n = len(mail.events)
    subjects = {
        ReminderKind.IMY_CLOCK: ngettext(
            "%(count)d personal data breach to report to IMY",
            "%(count)d personal data breaches to report to IMY",
            n,
        ),
        ReminderKind.REVIEW_DUE: ngettext(
            "%(count)d classification or risk due for review",
            "%(count)d classifications or risks due for review",
            n,
        ),
        ReminderKind.ACTION_OVERDUE: ngettext(
            "%(count)d action past its period",
            "%(count)d actions past their period",
            n,
        ),
        ReminderKind.DECISION_WAITING: ngettext(
            "%(count)d review waiting for your decision",
            "%(count)d reviews waiting for your decision",
            n,
        ),
        ReminderKind.REVIEW_RETURNED: ngettext(
            "%(count)d review returned to you",
            "%(count)d reviews returned to you",
            n,
        ),
        ReminderKind.NORMATIVE_FLOOR: ngettext(
            "%(count)d classification below its normative floor",
            "%(count)d classifications below their normative floor",
            n,
        ),
    }
    return _("Reminder: %(what)s") % {"what": subjects[mail.kind] % {"count": n}}


# The first paragraph of each kind's mail.
INTRO = {
    ReminderKind.IMY_CLOCK: gettext_lazy(
        "A personal data breach must be reported to IMY within 72 hours of its "
        "discovery (GDPR art. 33). These are not reported yet:"
    ),
    ReminderKind.REVIEW_DUE: gettext_lazy(
        "These classifications and risks are due for review within 30 days, or overdue:"
    ),
    ReminderKind.ACTION_OVERDUE: gettext_lazy(
        "These actions' periods have ended, and they are not done:"
    ),
    ReminderKind.DECISION_WAITING: gettext_lazy(
        "These reviews have waited at least 7 days for your decision:"
    ),
    ReminderKind.REVIEW_RETURNED: gettext_lazy(
        "The head of administration returned these reviews to you with comments:"
    ),
    ReminderKind.NORMATIVE_FLOOR: gettext_lazy(
        "The city raised the floor of normative classifications these "
        "classifications follow; raise their levels (or unlink them, with a reason):"
    ),
}
