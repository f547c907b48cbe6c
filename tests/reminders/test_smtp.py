"""send_reminders end to end against a real SMTP server (aiosmtpd) started by the
test: what the server accepted is sent and recorded once; a server that refuses
the connection, or the recipient, is reported, the command goes on, and nothing
is marked sent that was not sent."""

import email
import os
from datetime import timedelta
from email.policy import default
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command
from django.utils import timezone

from lgsys.models import SentReminder
from reviews.models import Incident
from tests.classification.factories import make_asset, make_classification
from tests.reviews_inputs.factories import make_incident

# This suite's SMTP ports: 8226 and 8227, and two more for each further
# pytest-xdist worker (gw1: 8228-8229, …), so parallel workers never share one.
PORT = 8226 + 2 * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
NOBODY_LISTENS = PORT + 1


class Inbox:
    """aiosmtpd handler: keeps what it accepts, refuses the addresses in
    ``refuse`` at RCPT."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=PORT)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", PORT
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.LGSYS_BASE_URL = "https://lgsys.stockholm.example"
    yield inbox
    controller.stop()


@pytest.fixture
def due(org, coordinator, owner):
    coordinator.email, owner.email = "samordnare@kul.example", "agare@kul.example"
    coordinator.save()
    owner.save()
    breach = make_incident(
        org,
        title="Felskickat mejl",
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment=Incident.ImyAssessment.PENDING,
        discovered_at=timezone.now() - timedelta(hours=62),  # 10 h left
    )
    asset = make_asset(org, name="Elevregister", owner_user=owner)
    make_classification(
        org, asset=asset, next_review=timezone.localdate() - timedelta(days=1)
    )
    return {"breach": breach, "asset": asset}


def _run():
    out, err = StringIO(), StringIO()
    try:
        call_command("send_reminders", stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.mark.django_db
def test_the_reminders_reach_a_real_smtp_server_once(smtp, due):
    out, err, error = _run()
    assert error is None and err == ""
    assert "2 reminder e-mails sent (2 events)" in out
    by_address = {m["To"]: m for m in smtp.messages}
    imy = by_address["samordnare@kul.example"]
    assert imy["Subject"].strip() == (  # Django folds it onto a line of its own
        "Påminnelse: 1 personuppgiftsincident att anmäla till IMY – Kulturförvaltningen"
    )
    body = imy.get_content()
    assert "Felskickat mejl: 9 tim kvar, anmäl till IMY senast" in body
    assert (
        "https://lgsys.stockholm.example/KUL/granskning/incidenter/"
        f"{due['breach'].pk}/" in body
    )
    owners = by_address["agare@kul.example"].get_content()
    assert "Klassningen av Elevregister: översynen är försenad sedan" in owners
    assert SentReminder.objects.count() == 2

    out, err, error = _run()
    assert error is None and "0 reminder e-mails sent" in out
    assert len(smtp.messages) == 2


@pytest.mark.django_db
def test_a_server_that_refuses_the_connection(settings, due):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", NOBODY_LISTENS
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    out, err, error = _run()
    assert error is not None and "2 reminder e-mails could not be sent" in str(error)
    assert "0 reminder e-mails sent (0 events), 2 not sent." in out
    # each mail tried and reported, the command went on to the next
    assert "Not sent to samordnare@kul.example" in err
    assert "Not sent to agare@kul.example" in err
    assert "ConnectionRefusedError" in err
    assert not SentReminder.objects.exists()


@pytest.mark.django_db
def test_a_refused_recipient_is_reported_and_tried_again(smtp, due):
    smtp.refuse = {"agare@kul.example"}
    out, err, error = _run()
    assert error is not None
    assert "Not sent to agare@kul.example" in err and "SMTPRecipientsRefused" in err
    assert [m["To"] for m in smtp.messages] == ["samordnare@kul.example"]
    assert list(SentReminder.objects.values_list("user__email", flat=True)) == [
        "samordnare@kul.example"
    ]
    # the mailbox is back: the next run sends the owner's, and only it
    smtp.refuse = set()
    out, err, error = _run()
    assert error is None and "1 reminder e-mails sent" in out
    assert [m["To"] for m in smtp.messages] == [
        "samordnare@kul.example",
        "agare@kul.example",
    ]
