"""Where a city user lands, what the city pages show in the header and menu,
and the page counts' queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lgsys.models import CityRole, Role
from tests.city.factories import make_city_member, make_invitation, make_normative
from tests.factories import make_member, make_organisation, make_user


@pytest.mark.django_db
def test_a_user_with_only_a_city_role_lands_on_the_city_home(client, city, ciso):
    client.force_login(ciso)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == f"/stad/{city.code}/"


@pytest.mark.django_db
def test_a_city_page_shows_the_citys_menu_not_an_organisations(client, city, city_org):
    user = make_member(city_org, Role.COORDINATOR, make_user("both"))
    make_city_member(city, CityRole.CISO, user)
    client.force_login(user)
    page = client.get(f"/stad/{city.code}/").content.decode()
    nav = page.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert f'href="/stad/{city.code}/normerande/"' in nav
    assert f'href="/stad/{city.code}/"' in nav
    assert f'href="/{city_org.code}/register/' not in nav
    assert "Stockholms stad" in page.split("</header>")[0]
    # the switcher lists the city level beside the organisation
    assert f'<option value="stad:{city.code}" selected>' in page
    assert f'<option value="{city_org.code}">' in page
    # and on an organisation's page, the organisation's menu
    page = client.get(f"/{city_org.code}/").content.decode()
    nav = page.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert "/normerande/" not in nav and f"/{city_org.code}/register/" in nav
    # home goes back to where the user was last
    client.get(f"/stad/{city.code}/")
    assert client.get("/").url == f"/stad/{city.code}/"
    client.get(f"/{city_org.code}/")
    assert client.get("/").url == f"/{city_org.code}/"


@pytest.mark.django_db
def test_the_switcher_goes_to_the_city_level_only_for_its_members(
    client, city, city_org, coordinator, ciso
):
    client.force_login(ciso)
    response = client.get("/byt-organisation/", {"organisation": f"stad:{city.code}"})
    assert response.url == f"/stad/{city.code}/"
    client.force_login(coordinator)
    response = client.get("/byt-organisation/", {"organisation": f"stad:{city.code}"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_city_auditor_sees_no_write_buttons(client, city, city_org, city_auditor):
    normative = make_normative(city)
    client.force_login(city_auditor)
    home = client.get(f"/stad/{city.code}/").content.decode()
    assert "/ny-organisation/" not in home
    org_page = client.get(
        f"/stad/{city.code}/organisationer/{city_org.code}/"
    ).content.decode()
    assert "Bjud in en samordnare" not in org_page
    detail = client.get(f"/stad/{city.code}/normerande/{normative.pk}/").content
    assert b"/revidera/" not in detail and "Ändringshistorik" in detail.decode()


def _city_with(city, n: int) -> None:
    for i in range(n):
        org = make_organisation(f"Q{n}X{i}", city=city)
        make_member(org, Role.COORDINATOR)
        make_invitation(org, Role.HEAD)
        make_normative(city, f"Typ {n}-{i}")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    ["", "normerande/", "organisationer/{org}/", "members"],
)
def test_the_query_count_does_not_grow_with_rows(
    client, city, city_org, ciso, coordinator, page
):
    def url():
        if page == "members":
            return f"/{city_org.code}/medlemmar/"
        return f"/stad/{city.code}/" + page.format(org=city_org.code)

    user = coordinator if page == "members" else ciso
    client.force_login(user)
    client.get(url())  # the session's first write
    _city_with(city, 3)
    for _ in range(3):
        make_invitation(city_org, Role.OWNER)
        make_member(city_org, Role.OWNER)
    few = _count(client, url())
    _city_with(city, 30)
    for _ in range(30):
        make_invitation(city_org, Role.OWNER)
        make_member(city_org, Role.OWNER)
    many = _count(client, url())
    assert few == many


@pytest.mark.django_db
def test_the_dashboard_links_the_coordinator_to_the_members_page(
    client, org, coordinator, head
):
    link = f'href="/{org.code}/medlemmar/"'
    client.force_login(coordinator)
    assert link in client.get(f"/{org.code}/").content.decode()
    client.force_login(head)
    assert link not in client.get(f"/{org.code}/").content.decode()


@pytest.mark.django_db
def test_the_organisations_history_names_a_logo_by_its_size(client, city, ciso):
    from lgsys.models import Organisation

    org = Organisation(name="Logo", code="LOGO", city=city, logo=b"<svg/>")
    org.logo_type = "image/svg+xml"
    org.save()
    client.force_login(ciso)
    page = client.get(f"/stad/{city.code}/organisationer/LOGO/").content.decode()
    assert "en fil på 6 byte" in page and "&lt;svg/&gt;" not in page
