"""The action plan in pages (issue 18: it rendered every action, 390–620 ms at
five times the bench's size): a page holds at most 50 actions in a fixed number
of queries, the pages keep the filters, every action is on exactly one page,
and the exports still hold every filtered action."""

import csv
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import ActionStatus
from tests.actions.factories import make_action, make_area

PER_PAGE = 50
PLAN = "/{code}/atgarder/?review_year=2023"


def _fill(org, areas, n, **fields):
    return [
        make_action(
            org,
            areas[i * len(areas) // n],
            text=f"Åtgärd nummer {i:03d}",
            start_year=2024 + i % 3,
            end_year=None if i % 5 == 0 else 2026,
            **fields,
        )
        for i in range(n)
    ]


def _texts(html: str) -> list[str]:
    """The actions listed (each links its text to its page once)."""
    return re.findall(
        r'plan-action__text"><a href="[^"]*">(Åtgärd nummer \d{3})<', html
    )


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url) -> int:
    client.get(url)  # the session and the caches
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


def test_a_page_holds_at_most_50_actions_in_fixed_queries(as_user, coordinator, org):
    client = as_user(coordinator)
    areas = [make_area(org) for _ in range(3)]
    _fill(org, areas[:1], 1)
    url = PLAN.format(code=org.code)
    one = _queries(client, url)
    _fill(org, areas, 130)
    assert _queries(client, url) == one
    assert len(_texts(_get(client, url))) == PER_PAGE


def test_the_pages_keep_the_filters_and_show_every_action_once(
    as_user, coordinator, org
):
    client = as_user(coordinator)
    areas = [make_area(org, title=f"Område {i}") for i in range(4)]
    empty = make_area(org, title="Tomt område")  # last in order, no actions
    _fill(org, areas, 120, status=ActionStatus.IN_PROGRESS)
    make_action(org, areas[0], text="Klar sedan länge", status=ActionStatus.DONE)
    url = PLAN.format(code=org.code) + "&status=pagar"
    seen, pages, empty_shown = [], 0, 0
    while url:
        html = _get(client, url)
        pages += 1
        seen += _texts(html)
        empty_shown += html.count("Tomt område</h2>")
        assert "Klar sedan länge" not in html
        following = re.search(r'href="\?([^"]*page=\d+)" rel="next"', html)
        if following:
            query = following.group(1).replace("&amp;", "&")
            assert "status=pagar" in query and "review_year=2023" in query
            url = f"/{org.code}/atgarder/?{query}"
        else:
            url = None
    assert pages == 3
    assert sorted(seen) == [f"Åtgärd nummer {i:03d}" for i in range(120)]
    assert empty_shown == 1
    assert empty.title == "Tomt område"


def test_an_area_in_the_page_order_and_its_continuation(as_user, coordinator, org):
    client = as_user(coordinator)
    first, second = make_area(org, title="Första"), make_area(org, title="Andra")
    _fill(org, [first, second], 80)
    page_one = _get(client, PLAN.format(code=org.code))
    page_two = _get(client, PLAN.format(code=org.code) + "&page=2")
    assert "1.3.1 Första" in page_one and "1.3.2 Andra" in page_one
    assert "1.3.1 Första" not in page_two and "1.3.2 Andra" in page_two


def test_moving_is_offered_across_a_page_boundary(as_user, coordinator, org):
    area = make_area(org)
    actions = [
        make_action(org, area, text=f"Åtgärd nummer {i:03d}", order=i)
        for i in range(PER_PAGE + 1)
    ]
    client = as_user(coordinator)
    last_on_one = _get(client, PLAN.format(code=org.code))
    first_on_two = _get(client, PLAN.format(code=org.code) + "&page=2")
    assert f"/atgarder/{actions[PER_PAGE - 1].pk}/ned/" in last_on_one
    assert f"/atgarder/{actions[PER_PAGE].pk}/upp/" in first_on_two
    assert f"/atgarder/{actions[PER_PAGE].pk}/ned/" not in first_on_two
    # Moving from page two comes back to page two, with its filters.
    moved = client.post(
        f"/{org.code}/atgarder/{actions[PER_PAGE].pk}/upp/?review_year=2023&page=2"
    )
    assert moved["Location"] == (
        f"/{org.code}/atgarder/?review_year=2023&page=2#action-{actions[PER_PAGE].pk}"
    )


def test_the_export_holds_every_filtered_action(as_user, coordinator, org):
    client = as_user(coordinator)
    _fill(org, [make_area(org)], 120, status=ActionStatus.IN_PROGRESS)
    response = client.get(PLAN.format(code=org.code) + "&status=pagar&format=csv")
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert len(rows) == 1 + 120
