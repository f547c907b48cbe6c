import pytest

from lgsys.models import Role
from tests.factories import make_member

# What the dashboard may cost at most, and then exactly the same with more rows.
DASHBOARD_QUERIES = 40


@pytest.mark.django_db
def test_dashboard_shows_real_member_counts(as_user, coordinator, head, org, other_org):
    make_member(org, Role.OWNER)
    make_member(org, Role.OWNER)
    make_member(other_org, Role.OWNER)  # another organisation's member is not counted
    response = as_user(coordinator).get(f"/{org.code}/")
    assert response.status_code == 200
    roles = {str(label): n for label, n in response.context["roles"]}
    assert roles == {
        "Informationssäkerhetssamordnare": 1,
        "Förvaltningschef": 1,
        "Revisor": 0,
        "Informationsägare": 2,
    }
    assert response.context["member_count"] == 4


@pytest.mark.django_db
def test_every_role_sees_the_dashboard(as_user, role_users, org):
    for user in role_users.values():
        assert as_user(user).get(f"/{org.code}/").status_code == 200


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_rows(
    as_user,
    coordinator,
    org,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    client = as_user(coordinator)
    # the first visit also stores the organisation in the session
    client.get(f"/{org.code}/")
    for _ in range(2):
        make_member(org, Role.OWNER)
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as few:
        assert client.get(f"/{org.code}/").status_code == 200
    for _ in range(50):
        make_member(org, Role.OWNER)
    with django_assert_num_queries(len(few)):
        assert client.get(f"/{org.code}/").status_code == 200
