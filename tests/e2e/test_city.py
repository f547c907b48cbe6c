"""The city level in a real browser: the city's officer onboards a förvaltning
and invites its coordinator, who accepts the link, creates the first asset and
review; every city page passes axe for both city roles."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client

from lgsys.models import Organisation, Role
from reviews.models import ManagementReview
from tests.crawl import crawl
from tests.e2e.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Vinter-Sol-2026-lgsys"


@pytest.mark.parametrize("username", ["stad", "stadsrevisor"])
def test_every_city_page_has_no_accessibility_violations(login, live_server, username):
    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    pages = crawl(client, "http://testserver/stad/STH/").pages
    assert "city:home" in pages and "normative:list" in pages
    page = login(user, password="lgsys-demo")
    assert page.url.endswith("/stad/STH/")  # lands on the city level
    problems = {}
    for view_name, path in sorted(pages.items()):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        screenshot(page, f"{username}-{view_name.replace(':', '-')}")
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}


def test_a_new_forvaltning_is_onboarded_and_makes_its_first_review(
    page, login, live_server, browser
):
    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    stad = get_user_model().objects.get(username="stad")
    login(stad, password="lgsys-demo")
    page.get_by_role("link", name="Ny förvaltning eller nytt bolag").click()
    page.get_by_label("Namn").fill("Miljöförvaltningen")
    page.get_by_label("Kod").fill("MILJO")
    page.get_by_label("Sista dag för genomgången").fill("2026-11-30")
    page.get_by_role("button", name="Skapa").click()
    page.wait_for_url(re.compile(r"/stad/STH/organisationer/MILJO/$"))
    assert not axe_violations(page)
    page.get_by_label("E-post").fill("samordnare@miljo.example.se")
    page.get_by_label("Titel", exact=True).fill("informationssäkerhetssamordnare")
    page.get_by_role("button", name="Skicka inbjudan").click()
    page.get_by_text("En inbjudan skickades till").wait_for()
    link = re.search(r"https?://\S+/(inbjudan/\S+/)", mail.outbox[-1].body)[1]

    # the invitee, in a browser of their own
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    invitee = context.new_page()
    invitee.goto(f"{live_server.url}/{link}")
    assert not axe_violations(invitee)
    invitee.get_by_label("Förnamn").fill("Mira")
    invitee.get_by_label("Efternamn").fill("Miljösson")
    invitee.get_by_label("Användarnamn").fill("miljosam")
    invitee.locator("#id_password1").fill(PASSWORD)
    invitee.locator("#id_password2").fill(PASSWORD)
    invitee.get_by_role("button", name="Skapa mitt konto").click()
    invitee.wait_for_url(re.compile(r"/MILJO/$"))
    screenshot(invitee, "city-onboarded-dashboard")
    # the link worked once
    again = invitee.goto(f"{live_server.url}/{link}")
    assert again.status == 410
    # the first asset and the first review
    invitee.goto(f"{live_server.url}/MILJO/register/informationsmangder/ny/")
    invitee.get_by_label("Namn").fill("Föreningsregister")
    invitee.get_by_role("button", name="Spara").click()
    invitee.wait_for_url(re.compile(r"/informationsmangder/\d+/$"))
    invitee.goto(f"{live_server.url}/MILJO/granskning/ny/")
    invitee.get_by_label("Genomgångens år").fill("2026")
    invitee.get_by_label("Den tomma dispositionen").check()
    invitee.get_by_role("button", name="Skapa").click()
    invitee.wait_for_url(re.compile(r"/granskning/\d+/$"))
    miljo = Organisation.objects.get(code="MILJO")
    assert miljo.city.code == "STH"
    assert ManagementReview.objects.filter(organisation=miljo, year=2026).exists()
    assert miljo.memberships.get().role == Role.COORDINATOR
    context.close()
