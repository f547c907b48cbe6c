"""manage.py send_reminders (issue 17, point 4), against Django's outbox: each
reminder once per event and threshold, to those who can act, in Swedish with a
full link, honouring the members' choices."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone

from actions.models import ActionStatus
from classification.models import Risk
from lgsys.models import ReminderKind, Role, SentReminder
from lgsys.profile.services import reminder_settings_update
from reviews.approval import services as approval
from reviews.models import Incident, ManagementReview, ReviewStatus
from reviews.reminders import send
from tests.actions.factories import make_action
from tests.classification.factories import make_asset, make_classification, make_risk
from tests.factories import make_member, make_user
from tests.reviews_inputs.factories import make_incident
from tests.reviews_report.factories import make_review

BASE = "https://lgsys.stockholm.example"
ALL_ON = dict.fromkeys(ReminderKind.values, True)


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.LGSYS_BASE_URL = BASE


@pytest.fixture
def people(org, coordinator, head, owner, auditor):
    for user, address in (
        (coordinator, "samordnare@kul.example"),
        (head, "chef@kul.example"),
        (owner, "agare@kul.example"),
        (auditor, "revisor@kul.example"),
    ):
        user.email = address
        user.save()
    return {"coordinator": coordinator, "head": head, "owner": owner}


def _now():
    return timezone.now()


def _today():
    return timezone.localdate()


def _breach(org, hours_left: float, **fields):
    return make_incident(
        org,
        title=fields.pop("title", "Felskickat mejl med elevuppgifter"),
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment=Incident.ImyAssessment.PENDING,
        discovered_at=_now() - timedelta(hours=72 - hours_left),
        **fields,
    )


def _classified(org, days_to_review: int, **asset_fields):
    asset = make_asset(org, **asset_fields)
    make_classification(
        org, asset=asset, next_review=_today() + timedelta(days=days_to_review)
    )
    return asset


def _submitted(org, by, days_ago: float):
    review = make_review(org, year=2024)
    ManagementReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.SUBMITTED,
        submitted_at=_now() - timedelta(days=days_ago),
        submitted_by=by,
    )
    review.refresh_from_db()
    return review


def _run() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out, stderr=StringIO())
    return out.getvalue()


def _mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def _one_of_each(org, people):
    """An event of every kind."""
    breach = _breach(org, 40)
    mine = _classified(org, 10, name="Elevregister", owner_user=people["owner"])
    orphan = _classified(org, -3, name="Lånekort")
    risk = make_risk(org, title="Obehörig åtkomst", next_review=_today())
    action = make_action(
        org, text="Uppdatera anvisningen", start_year=2020, end_year=_today().year - 1
    )
    waiting = _submitted(org, people["coordinator"], days_ago=8)
    returned = make_review(org, year=2023)
    ManagementReview.objects.filter(pk=returned.pk).update(
        status=ReviewStatus.SUBMITTED, submitted_at=_now()
    )
    approval.review_return(review=returned, by=people["head"], comment="Komplettera.")
    mail.outbox.clear()  # the return's own notification
    return locals()


@pytest.mark.django_db
def test_each_reminder_goes_once_to_who_can_act(org, people):
    made = _one_of_each(org, people)
    out = _run()
    assert "6 reminder e-mails sent (7 events)" in out

    coordinator = {m.subject: m for m in _mails_to("samordnare@kul.example")}
    assert sorted(coordinator) == [
        "Påminnelse: 1 genomgång återremitterad till dig – Kulturförvaltningen",
        "Påminnelse: 1 personuppgiftsincident att anmäla till IMY – "
        "Kulturförvaltningen",
        "Påminnelse: 1 åtgärd vars period har passerat – Kulturförvaltningen",
        "Påminnelse: 2 klassningar eller risker att se över – Kulturförvaltningen",
    ]
    imy = coordinator[
        "Påminnelse: 1 personuppgiftsincident att anmäla till IMY – Kulturförvaltningen"
    ].body
    assert imy.startswith("Hej Samordnare Testsson,")
    assert "ska anmälas till IMY inom 72 timmar" in imy
    assert (
        "Felskickat mejl med elevuppgifter: 39 tim kvar, anmäl till IMY senast" in imy
    )
    assert f"{BASE}/KUL/granskning/incidenter/{made['breach'].pk}/" in imy
    assert "som informationssäkerhetssamordnare i Kulturförvaltningen" in imy
    assert f"{BASE}/profil/" in imy
    due = coordinator[
        "Påminnelse: 2 klassningar eller risker att se över – Kulturförvaltningen"
    ].body
    assert "Klassningen av Lånekort: översynen är försenad sedan" in due
    assert f"Risken Obehörig åtkomst: ska ses över senast {_today()}" in due
    assert f"{BASE}/KUL/register/risker/{made['risk'].pk}/" in due
    assert "Elevregister" not in due  # its owner is reminded instead

    (owners,) = _mails_to("agare@kul.example")
    assert "Klassningen av Elevregister: ska ses över senast" in owners.body
    assert f"{BASE}/KUL/register/informationsmangder/{made['mine'].pk}/" in owners.body
    (heads,) = _mails_to("chef@kul.example")
    assert heads.subject.startswith("Påminnelse: 1 genomgång väntar på ditt beslut")
    assert f"{BASE}/KUL/granskning/{made['waiting'].pk}/underlag/" in heads.body
    assert not _mails_to("revisor@kul.example")
    assert SentReminder.objects.count() == 7

    # a second run sends nothing
    mail.outbox.clear()
    assert "0 reminder e-mails sent" in _run()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_imy_clock_reminds_at_48_and_at_12_hours_left(org, people):
    breach = _breach(org, 50)
    start = _now()

    def run(hours_later):
        mail.outbox.clear()
        send.send_pending(now=start + timedelta(hours=hours_later))
        return [m.body for m in mail.outbox]

    assert run(0) == []  # 50 h left
    (first,) = run(3)  # 47 h left
    assert ": 46 tim kvar" in first or ": 47 tim kvar" in first
    assert run(4) == []  # still within 48 h: sent already
    (second,) = run(39)  # 11 h left
    assert ": 10 tim kvar" in second or ": 11 tim kvar" in second
    assert run(40) == []
    assert run(80) == []  # the clock has run out: the dashboard says so
    assert set(SentReminder.objects.values_list("key", flat=True)) == {
        f"incident:{breach.pk}:48h",
        f"incident:{breach.pk}:12h",
    }
    # reported: no reminder however little time is left
    Incident.objects.filter(pk=breach.pk).update(
        imy_assessment=Incident.ImyAssessment.REPORTED, reported_to_imy_at=start
    )
    SentReminder.objects.all().delete()
    assert run(39) == []


@pytest.mark.django_db
def test_a_review_date_is_reminded_30_days_before_and_once_overdue(org, people):
    _classified(org, 31, name="Elevregister", owner_user=people["owner"])
    today = _now()

    def run(days_later):
        mail.outbox.clear()
        send.send_pending(now=today + timedelta(days=days_later))
        return [m.body for m in mail.outbox]

    assert run(0) == []  # 31 days left
    (soon,) = run(1)
    assert "ska ses över senast" in soon
    assert run(20) == []
    assert run(31) == []  # the day itself is not overdue yet
    (late,) = run(32)
    assert "översynen är försenad sedan" in late
    assert run(60) == []


@pytest.mark.django_db
def test_closed_risks_and_finished_actions_are_not_reminded(org, people):
    make_risk(org, status=Risk.Status.CLOSED, next_review=_today() - timedelta(days=5))
    last_year = _today().year - 1
    make_action(org, start_year=last_year, status=ActionStatus.DONE)
    make_action(org, start_year=last_year, status=ActionStatus.CANCELLED)
    make_action(org, start_year=last_year, end_year=None)  # open-ended
    make_action(org, start_year=last_year + 1)  # this year
    _run()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_review_is_reminded_after_7_days_waiting_and_each_return_once(org, people):
    review = _submitted(org, people["coordinator"], days_ago=6)
    _run()
    assert mail.outbox == []
    ManagementReview.objects.filter(pk=review.pk).update(
        submitted_at=_now() - timedelta(days=7, minutes=1)
    )
    _run()
    (waiting,) = mail.outbox
    assert waiting.to == ["chef@kul.example"]
    assert "har väntat minst 7 dagar på ditt beslut" in waiting.body

    for n in (1, 2):  # returned, submitted again, returned again
        approval.review_return(review=review, by=people["head"], comment=f"Nr {n}.")
        mail.outbox.clear()
        _run()
        (returned,) = mail.outbox
        assert returned.to == ["samordnare@kul.example"]
        assert "återremitterat de här genomgångarna till dig" in returned.body
        ManagementReview.objects.filter(pk=review.pk).update(
            status=ReviewStatus.SUBMITTED, submitted_at=_now()
        )
    assert SentReminder.objects.filter(kind=ReminderKind.REVIEW_RETURNED).count() == 2


@pytest.mark.django_db
def test_a_kind_turned_off_is_not_sent_nor_marked(org, people):
    coordinator = people["coordinator"]
    reminder_settings_update(
        user=coordinator,
        by=coordinator,
        enabled={ReminderKind.IMY_CLOCK: False},
        version=ALL_ON,
    )
    _breach(org, 30)
    make_risk(org, next_review=_today())
    _run()
    (sent,) = mail.outbox
    assert "klassning eller risk" in sent.subject
    assert not SentReminder.objects.filter(kind=ReminderKind.IMY_CLOCK).exists()
    # another coordinator who keeps it gets it
    second = make_member(
        org, Role.COORDINATOR, make_user("andra", email="andra@kul.example")
    )
    mail.outbox.clear()
    _run()
    assert [m.to for m in mail.outbox] == [["andra@kul.example"]] * 2
    assert {m.subject.split(" – ")[0] for m in mail.outbox} == {
        "Påminnelse: 1 personuppgiftsincident att anmäla till IMY",
        "Påminnelse: 1 klassning eller risk att se över",
    }
    # turned on again, it comes (it was never marked sent)
    reminder_settings_update(
        user=coordinator,
        by=coordinator,
        enabled={ReminderKind.IMY_CLOCK: True},
        version={**ALL_ON, ReminderKind.IMY_CLOCK: False},
    )
    mail.outbox.clear()
    _run()
    assert [m.to for m in mail.outbox] == [["samordnare@kul.example"]]
    assert second.pk


@pytest.mark.django_db
def test_members_without_address_inactive_or_elsewhere_get_nothing(
    org, other_org, people
):
    people["coordinator"].is_active = False
    people["coordinator"].save()
    make_member(org, Role.COORDINATOR, make_user("utanadress"))  # no e-mail
    make_member(
        other_org, Role.COORDINATOR, make_user("idrott", email="idrott@idr.example")
    )
    _breach(org, 30)
    _run()
    assert mail.outbox == []


@pytest.mark.django_db
def test_swedish_whatever_the_language_active(org, people):
    from django.utils import translation

    _breach(org, 30)
    with translation.override("en"):
        _run()
    (sent,) = mail.outbox
    assert sent.subject.startswith("Påminnelse:")


class _RefusesTheOwner(EmailBackend):
    """Accepts every mail but the owner's."""

    def send_messages(self, messages):
        if any("agare@kul.example" in m.to for m in messages):
            raise ConnectionRefusedError("refused")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_refused_mail_is_reported_the_rest_sent_and_only_they_marked(
    org, people, settings
):
    _classified(org, 5, name="Elevregister", owner_user=people["owner"])
    _breach(org, 30)
    settings.EMAIL_BACKEND = f"{__name__}._RefusesTheOwner"
    err = StringIO()
    with pytest.raises(CommandError, match="1 reminder e-mails could not be sent"):
        call_command("send_reminders", stdout=StringIO(), stderr=err)
    assert "Not sent to agare@kul.example" in err.getvalue()
    assert [m.to for m in mail.outbox] == [["samordnare@kul.example"]]
    assert set(SentReminder.objects.values_list("user__username", flat=True)) == {
        "samordnare"
    }
    # the next run, with the server back, sends the owner's only
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    _run()
    assert [m.to for m in mail.outbox] == [["agare@kul.example"]]


@pytest.mark.django_db
def test_dry_run_lists_and_sends_nothing(org, people):
    breach = _breach(org, 30)
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert f"samordnare@kul.example: imy_clock, incident:{breach.pk}:48h" in (
        out.getvalue()
    )
    assert mail.outbox == [] and not SentReminder.objects.exists()
