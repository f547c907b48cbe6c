"""The register as it was (issue 18, point 3): the state is computed once per
page, classifications only for the page's assets, and a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from classification.asof import classifications_at
from lgsys.audit import asof
from tests.classification.factories import make_asset, make_classification

# What the page may cost at most; then exactly as much with more records and on
# another page.
AS_OF_QUERIES = 15


def _as_of(client, org, **params):
    response = client.get(reverse("history_as_of", args=[org.code]), params)
    assert response.status_code == 200
    return response.content.decode()


def _states(queries) -> list[str]:
    """The queries that compute the asset register's state (they read the
    history's created rows)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if "historicalinformationasset" in q["sql"]
        and re.search(r"history_type\"? = '\+'", q["sql"])
    ]


@pytest.mark.django_db
def test_the_state_is_computed_once_and_the_queries_do_not_grow(
    client,
    org,
    coordinator,
    auditor,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    client.force_login(auditor)
    _as_of(client, org)  # the session's first visit writes to it
    for i in range(3):
        make_classification(org, asset=make_asset(org, name=f"Mängd {i:03d}"), k=2)
    with django_assert_max_num_queries(AS_OF_QUERIES) as few:
        _as_of(client, org)
    assert len(_states(few)) == 1
    for i in range(3, 70):
        make_classification(org, asset=make_asset(org, name=f"Mängd {i:03d}"), k=2)
    with django_assert_num_queries(len(few)) as many:
        html = _as_of(client, org)
    with django_assert_num_queries(len(few)) as on_page_two:
        second = _as_of(client, org, page=2)
    assert len(_states(many)) == len(_states(on_page_two)) == 1
    assert "Mängd 000" in html and "Mängd 069" not in html
    assert "Mängd 069" in second and "Mängd 000" not in second
    assert "70 " in html  # the count, from the same computation


@pytest.mark.django_db
def test_classifications_are_read_for_the_assets_on_the_page_only(
    org, coordinator, django_assert_num_queries
):
    assets = [make_asset(org, name=f"Mängd {i:03d}") for i in range(60)]
    for asset in assets:
        make_classification(org, asset=asset, k=1, r=2, t=3)
    later = make_classification(org, asset=assets[5], k=3, r=3, t=3)
    moved = make_classification(org, asset=assets[40], k=2, r=2, t=2)
    moved.asset = assets[7]  # created for another asset, now this one's
    moved._history_user = coordinator
    moved.save()
    moment = timezone.now()
    with django_assert_num_queries(2) as queries:
        found = classifications_at(org, moment, [a.pk for a in assets[:10]])
    assert set(found) == {a.pk for a in assets[:10]}
    assert found[assets[5].pk].id == later.pk  # the latest revision wins
    assert found[assets[7].pk].id == moved.pk
    assert (found[assets[6].pk].k, found[assets[6].pk].r) == (1, 2)
    # The classifications of those assets, then their state: not every one's.
    first, state = (q["sql"] for q in queries.captured_queries)
    assert "asset_id" in first
    wanted = {c.pk for a in assets[:10] for c in a.classifications.all()} | {moved.pk}
    assert state.count(", ") >= len(wanted) - 1
    assert "IN (" + ", ".join(str(pk) for pk in sorted(wanted)) + ")" in state


@pytest.mark.django_db
def test_the_page_of_a_register_is_its_state_in_order(org, coordinator):
    for name in ("Beta", "Alfa", "Gamma"):
        make_asset(org, name=name)
    register = asof.register_by_key("tillgangar")
    page, records = asof.page_at(register, org, timezone.now(), 1, size=2)
    assert page.paginator.count == 3
    assert [r.name for r in records] == ["Alfa", "Beta"]
    page, records = asof.page_at(register, org, timezone.now(), "9", size=2)
    assert page.number == 2 and [r.name for r in records] == ["Gamma"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_sqlite_reads_the_created_rows_by_their_index(org):
    rows = asof.state_at("classification.risk", org, timezone.now())
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "V0 USING INDEX classification_historicalrisk_org_created_date" in plan
    assert "org_timeline" not in plan
