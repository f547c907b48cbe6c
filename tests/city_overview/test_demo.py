"""The demo's city: Stockholms stad with Kulturförvaltningen and the demo's own
Idrottsförvaltningen, whose 2023 review is decided, so the overview and the
compilation show both."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from lgsys.models import Membership, Municipality, Role
from reviews.city import pdf, selectors
from reviews.models import ArchivedReport, ReviewStatus


@pytest.mark.django_db
def test_the_demo_city_has_two_forvaltningar_one_decided():
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    city = Municipality.objects.get(code="STH")
    rows = {r.organisation.code: r for r in selectors.overview_rows(city, 2023)}
    assert set(rows) == {"KUL", "IDR"}
    assert rows["KUL"].state == "submitted"
    assert rows["IDR"].state == "decided"
    assert rows["IDR"].review.status == ReviewStatus.APPROVED
    assert rows["IDR"].figures["assets"] == 5
    assert rows["IDR"].figures["risks"] == 4
    assert (
        rows["IDR"].archive_id
        == ArchivedReport.objects.get(organisation__code="IDR").pk
    )

    data = selectors.compilation(city, 2023)
    assert [r.organisation.code for r in data.decided] == ["IDR"]
    assert [r.organisation.code for r in data.undecided] == ["KUL"]
    html = pdf.render_compilation_html(city, 2023)
    assert "Idrottsförvaltningen" in html and "Kulturförvaltningen" in html
    assert "Uppgifter från beslutade genomgångar per 2023-11-28" in html

    roles = dict(
        Membership.objects.filter(organisation__code="IDR").values_list(
            "user__username", "role"
        )
    )
    assert roles == {"idr-samordnare": Role.COORDINATOR, "idr-chef": Role.HEAD}
    for username in roles:
        request = RequestFactory().post("/logga-in/")
        assert authenticate(request, username=username, password="lgsys-demo")
    assert "idr-samordnare" in out.getvalue()
