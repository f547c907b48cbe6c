"""Detail pages show the latest 20 changes and link to the whole history, in a
fixed number of queries whatever the record's history (issue 18: a detail page
rendered every history row)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import services as action_services
from classification import services as register_services
from lgsys.services import version_of
from tests.actions.factories import make_action, make_area
from tests.classification.factories import make_system

LATEST = 20  # the issue: the latest 20 history rows


def _change(obj, update, by, times):
    for i in range(times):
        obj.refresh_from_db()
        obj.supplier = f"Version {i}"
        update(obj, by, version_of(type(obj).objects.get(pk=obj.pk)))


def _system_update(system, by, version):
    register_services.system_update(system=system, by=by, version=version)


def _shown_rows(page: str) -> int:
    history = page.split('id="history-heading"', 1)[1]
    return history.split("</tbody>", 1)[0].count("<tr>") - 1  # the head's row


def _queries(client, url) -> tuple[int, str]:
    client.get(url)  # the session and the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_crud_detail_shows_the_latest_changes_in_fixed_queries(
    as_user, coordinator, org
):
    client = as_user(coordinator)
    one, many = make_system(org), make_system(org)
    _change(many, _system_update, coordinator, 29)
    assert many.history.count() == 30
    url = "classification:system_detail"
    few_queries, few = _queries(client, reverse(url, args=[org.code, one.pk]))
    many_queries, page = _queries(client, reverse(url, args=[org.code, many.pk]))
    assert _shown_rows(few) == 1
    assert _shown_rows(page) == LATEST
    assert "Version 28" in page and "Version 8" in page and "Version 7" not in page
    assert many_queries == few_queries
    full = reverse("history_object", args=[org.code, "classification.system", many.pk])
    assert f'href="{full}"' in page
    assert "Show the whole history" in page or "Visa hela historiken" in page


def _action_update(action, by, version):
    action_services.action_update(action=action, by=by, version=version, m2m=None)


def test_action_detail_and_area_form_show_the_latest_changes(as_user, coordinator, org):
    client = as_user(coordinator)
    area = make_area(org)
    one, many = make_action(org, area=area), make_action(org, area=area)
    for i in range(29):
        action_services.action_set_status(
            action=many,
            status="pagar" if i % 2 else "forsenad",
            note=f"Notering {i}",
            by=coordinator,
            version=version_of(type(many).objects.get(pk=many.pk)),
        )
        many.refresh_from_db()
    assert many.history.count() == 30
    url = "actions:action_detail"
    few_queries, few = _queries(client, reverse(url, args=[org.code, one.pk]))
    many_queries, page = _queries(client, reverse(url, args=[org.code, many.pk]))
    assert (_shown_rows(few), _shown_rows(page)) == (1, LATEST)
    assert many_queries == few_queries
    full = reverse("history_object", args=[org.code, "actions.action", many.pk])
    assert f'href="{full}"' in page


def test_a_role_without_the_history_browser_gets_no_link(as_user, head, org):
    system = make_system(org)
    page = as_user(head).get(
        reverse("classification:system_detail", args=[org.code, system.pk])
    )
    assert reverse("history_timeline", args=[org.code]) not in page.content.decode()
