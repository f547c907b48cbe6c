import pytest
from django.contrib.auth import get_user_model

from lgsys.models import Membership, Organisation, Role


@pytest.mark.django_db
def test_superuser_manages_organisations_and_memberships_with_history(client, org):
    admin = get_user_model().objects.create_superuser(
        "admin", "a@example.se", "pw-Adm1n!x"
    )
    client.force_login(admin)
    assert client.get("/admin/lgsys/organisation/").status_code == 200
    response = client.post(
        "/admin/lgsys/organisation/add/",
        {
            "name": "Stadsbyggnadskontoret",
            "code": "SBK",
            "kind": "forvaltning",
            "municipality": "Stockholms stad",
        },
    )
    assert response.status_code == 302
    sbk = Organisation.objects.get(code="SBK")
    assert sbk.history.get().history_user == admin

    user = get_user_model().objects.create_user("ny")
    response = client.post(
        "/admin/lgsys/membership/add/",
        {"user": user.pk, "organisation": sbk.pk, "role": Role.AUDITOR, "title": ""},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert membership.history.get().history_user == admin


@pytest.mark.django_db
def test_invalid_code_is_refused(client, db):
    admin = get_user_model().objects.create_superuser(
        "admin", "a@example.se", "pw-Adm1n!x"
    )
    client.force_login(admin)
    response = client.post(
        "/admin/lgsys/organisation/add/",
        {"name": "Fel", "code": "kul", "kind": "forvaltning", "municipality": "X"},
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Fel").exists()
