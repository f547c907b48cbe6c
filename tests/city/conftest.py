import pytest

from lgsys.models import CityRole
from tests.city.factories import make_city, make_city_member
from tests.factories import make_user


@pytest.fixture
def city(db):
    return make_city("STH", "Stockholms stad")


@pytest.fixture
def other_city(db):
    return make_city("GBG", "Göteborgs stad")


@pytest.fixture
def city_org(org, city):
    """The conftest's organisation, moved into the city."""
    org.city = city
    org.municipality = city.name
    org.save()
    return org


@pytest.fixture
def ciso(city):
    return make_city_member(
        city,
        CityRole.CISO,
        make_user("stad", first_name="Annika", last_name="Bergström"),
        title="stadens informationssäkerhetsansvarig",
    )


@pytest.fixture
def city_auditor(city):
    return make_city_member(city, CityRole.AUDITOR, make_user("stadsrevisor"))


@pytest.fixture
def other_ciso(other_city):
    return make_city_member(other_city, CityRole.CISO, make_user("gbg"))
