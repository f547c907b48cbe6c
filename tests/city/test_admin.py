"""The city level in the Django admin: superusers give city roles there, with
history; invitations are shown read only, never their token's hash."""

import pytest
from django.contrib.auth import get_user_model

from lgsys.models import CityMembership, CityRole, Municipality, Role
from tests.city.factories import make_invitation
from tests.factories import make_user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "admin", "a@example.se", "pw-Adm1n!x"
    )


@pytest.mark.django_db
def test_superuser_manages_cities_and_city_roles_with_history(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/lgsys/municipality/").status_code == 200
    response = client.post(
        "/admin/lgsys/municipality/add/", {"name": "Göteborgs stad", "code": "GBG"}
    )
    assert response.status_code == 302
    gbg = Municipality.objects.get(code="GBG")
    assert gbg.history.get().history_user == superuser
    user = make_user("ciso")
    response = client.post(
        "/admin/lgsys/citymembership/add/",
        {
            "user": user.pk,
            "municipality": gbg.pk,
            "role": CityRole.CISO,
            "title": "stadens informationssäkerhetsansvarig",
        },
    )
    assert response.status_code == 302
    membership = CityMembership.objects.get(user=user)
    assert membership.history.get().history_user == superuser
    assert (
        client.get(f"/admin/lgsys/citymembership/{membership.pk}/history/").status_code
        == 200
    )


@pytest.mark.django_db
def test_invitations_are_read_only_and_hide_the_hash(client, superuser, org):
    invitation, _token = make_invitation(org, Role.HEAD)
    client.force_login(superuser)
    page = client.get(f"/admin/lgsys/invitation/{invitation.pk}/change/")
    assert page.status_code == 200
    assert invitation.token_hash not in page.content.decode()
    assert client.get("/admin/lgsys/invitation/add/").status_code == 403
    response = client.post(
        f"/admin/lgsys/invitation/{invitation.pk}/change/", {"email": "x@example.se"}
    )
    assert response.status_code == 403
