"""Every page a coordinator, the head of administration and an auditor can reach,
checked with axe-core (WCAG 2.1 A and AA) in chromium and saved as screenshots.
The pages are found by crawling the demo organisation, so a new page is checked
without being listed."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.crawl import crawl
from tests.e2e.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("username", ["samordnare", "chef", "revisor"])
def test_every_page_has_no_accessibility_violations(login, live_server, username):
    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    pages = crawl(client, "http://testserver/KUL/").pages
    assert "dashboard" in pages

    page = login(user, password="lgsys-demo")
    problems, too_wide = {}, {}
    for view_name, path in sorted(pages.items()):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        screenshot(page, f"{username}-{view_name.replace(':', '-')}")
        # On a phone the page must not scroll sideways (wide tables scroll
        # inside their own box).
        page.set_viewport_size({"width": 390, "height": 900})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
        page.set_viewport_size({"width": 1280, "height": 900})
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}
    assert too_wide == {}
