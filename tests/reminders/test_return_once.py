"""A return's own notification and the reminder job never send the coordinator
the same return twice, and a kind turned off on the profile is not sent at the
transition either."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lgsys.models import ReminderKind, SentReminder
from lgsys.profile.services import reminder_settings_update
from reviews.approval import services as approval
from reviews.models import ManagementReview, ReviewStatus
from tests.reviews_report.factories import make_review

BASE = "https://lgsys.stockholm.example"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.LGSYS_BASE_URL = BASE


@pytest.fixture
def people(coordinator, head):
    coordinator.email, head.email = "samordnare@kul.example", "chef@kul.example"
    coordinator.save()
    head.save()
    return {"coordinator": coordinator, "head": head}


def _run():
    call_command("send_reminders", stdout=StringIO(), stderr=StringIO())


def _submitted(org):
    review = make_review(org, year=2023)
    ManagementReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.SUBMITTED, submitted_at=timezone.now()
    )
    return review


@pytest.mark.django_db
def test_the_return_is_mailed_once_with_a_full_link(
    org, people, django_capture_on_commit_callbacks
):
    review = _submitted(org)
    with django_capture_on_commit_callbacks(execute=True):
        approval.review_return(review=review, by=people["head"], comment="Komplettera.")
    (sent,) = mail.outbox
    assert sent.to == ["samordnare@kul.example"]
    assert f"{BASE}/{org.code}/granskning/{review.pk}/" in sent.body
    assert SentReminder.objects.filter(kind=ReminderKind.REVIEW_RETURNED).count() == 1
    mail.outbox.clear()
    _run()
    assert [m for m in mail.outbox if "återremitterad" in m.subject] == []


@pytest.mark.django_db
def test_a_kind_turned_off_is_not_mailed_at_the_transition(
    org, people, django_capture_on_commit_callbacks
):
    coordinator = people["coordinator"]
    settings = dict.fromkeys(ReminderKind.values, True)
    settings[ReminderKind.REVIEW_RETURNED] = False
    reminder_settings_update(
        user=coordinator,
        by=coordinator,
        enabled=settings,
        version=dict.fromkeys(ReminderKind.values, True),
    )
    review = _submitted(org)
    with django_capture_on_commit_callbacks(execute=True):
        approval.review_return(review=review, by=people["head"], comment="Komplettera.")
    assert mail.outbox == []
