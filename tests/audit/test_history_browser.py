"""The auditors' change-history browser (issue 8)."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from classification.models import AssetStatus
from lgsys.audit import timeline
from lgsys.audit.sources import SECURITY, sources
from lgsys.models import Membership, Role, SecurityEvent
from tests.classification.factories import make_asset, make_classification, make_risk
from tests.factories import make_member, make_user

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _timeline(client, org, **params):
    return client.get(reverse("history_timeline", args=[org.code]), params)


def _save(obj, user, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


def _date_history(obj, *dates, pk=None):
    """Give the object's history rows (oldest first) these dates."""
    history = type(obj).history.model
    rows = list(history.objects.filter(id=pk or obj.pk).order_by("history_id"))
    assert len(rows) == len(dates)
    for row, when in zip(rows, dates, strict=True):
        type(row).objects.filter(pk=row.pk).update(history_date=when)


@pytest.mark.django_db
def test_a_change_shows_before_and_after_with_labels_and_names(
    client, org, coordinator, auditor
):
    owner = make_member(
        org, Role.OWNER, make_user("stina", first_name="Stina", last_name="Ek")
    )
    asset = make_asset(org, name="Lånekort")
    _save(asset, coordinator, status=AssetStatus.CLASSIFIED, owner_user=owner)
    client.force_login(auditor)
    html = _timeline(client, org).content.decode()
    assert "Lånekort" in html
    # Choice labels and the related user's name, never the raw code or the id.
    assert "Inventerad" in html and "Klassad" in html
    assert "Stina Ek" in html
    assert f"#{owner.pk}" not in html
    row = timeline.page(
        org, timeline.Filters(kind="classification.informationasset")
    ).rows[0]
    assert row.object_label == "Lånekort"
    assert row.change_type == "~"
    assert row.user == coordinator
    changed = {c.field: (c.old, c.new) for c in row.changes}
    assert changed["status"] == ("Inventerad", "Klassad")
    assert changed["owner_user"] == ("–", "Stina Ek")
    assert row.object_url == reverse(
        "classification:asset_detail", args=[org.code, asset.pk]
    )


@pytest.mark.django_db
def test_each_row_is_compared_with_the_row_before_it_of_its_record(org, coordinator):
    """The predecessor of a row is read with the page's rows: the newest older
    row of the same record, also when it is pages back or saved at the same
    instant (then the lower history id is the older)."""
    asset = make_asset(org, name="Lånekort")
    other = make_asset(org, name="Annat")
    for n in range(1, 4):
        _save(asset, coordinator, description=f"version {n}")
    for n in range(25):
        _save(other, coordinator, description=f"annat {n}")
    history = list(asset.history.order_by("history_id"))  # +, v1, v2, v3
    now = history[-1].history_date
    # v2 and v3 at one instant; v1 a day earlier; the creation a year earlier.
    _date_history(asset, now - timedelta(365), now - timedelta(1), now, now)
    _date_history(other, *[now - timedelta(2)] * other.history.count())
    assets = timeline.Filters(kind="classification.informationasset")
    rows = timeline.page(org, assets, size=2).rows
    assert [r.record for r in rows] == history[:1:-1]  # v3, v2
    changed = [{c.field: (c.old, c.new) for c in r.changes} for r in rows]
    assert changed[0]["description"] == ("version 2", "version 3")
    assert changed[1]["description"] == ("version 1", "version 2")
    # Far back: v1 (the 3rd newest row) against the creation, 26 rows older.
    third = timeline.page(org, assets, cursor=rows[-1].cursor, size=1).rows[0]
    assert third.record.history_id == history[1].history_id
    assert {c.field: (c.old, c.new) for c in third.changes}["description"][1] == (
        "version 1"
    )


@pytest.mark.django_db
def test_a_deleted_record_keeps_its_history(client, org, coordinator, auditor):
    risk = make_risk(org, title="Obehörig åtkomst till lånesystemet")
    risk_id = risk.pk
    _save(risk, coordinator, likelihood=4)
    risk._history_user = coordinator
    risk.delete()
    client.force_login(auditor)
    html = _timeline(client, org, kind="classification.risk").content.decode()
    assert "Obehörig åtkomst till lånesystemet" in html
    assert "Raderad" in html
    assert reverse("classification:risk_detail", args=[org.code, risk_id]) not in html
    page = client.get(
        reverse("history_object", args=[org.code, "classification.risk", risk_id])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Obehörig åtkomst till lånesystemet" in text
    assert "Raderad" in text and "Skapad" in text and "Ändrad" in text
    assert "Sannolikhet" in text


@pytest.mark.django_db
def test_as_of_shows_the_value_before_a_later_change(client, org, coordinator, auditor):
    risk = make_risk(org, title="Brand i arkivet", likelihood=2)
    _save(risk, coordinator, title="Brand i centralarkivet", likelihood=4)
    _date_history(
        risk,
        datetime(2024, 3, 1, 10, tzinfo=STOCKHOLM),
        datetime(2025, 3, 1, 10, tzinfo=STOCKHOLM),
    )
    asset = make_asset(org, name="Diarium")
    make_classification(org, asset=asset, k=1, r=1, t=1)
    later = make_classification(org, asset=asset, k=3, r=2, t=2)
    _date_history(asset, datetime(2024, 1, 1, tzinfo=STOCKHOLM))
    for c in asset.classifications.all():
        _date_history(c, datetime(2024, 1, 1, tzinfo=STOCKHOLM))
    type(later.history.first()).objects.filter(id=later.pk).update(
        history_date=datetime(2025, 1, 1, tzinfo=STOCKHOLM)
    )
    gone = make_risk(org, title="Risk som togs bort")
    gone_id = gone.pk
    gone.delete()
    _date_history(
        gone,
        datetime(2024, 2, 1, tzinfo=STOCKHOLM),
        datetime(2024, 12, 1, tzinfo=STOCKHOLM),
        pk=gone_id,
    )
    client.force_login(auditor)
    url = reverse("history_as_of", args=[org.code])
    then = client.get(url, {"day": "2024-06-01", "show": "risker"}).content.decode()
    assert "Brand i arkivet" in then and "Brand i centralarkivet" not in then
    assert "Risk som togs bort" in then  # deleted since, shown as it was
    now = client.get(url, {"day": "2025-06-01", "show": "risker"}).content.decode()
    assert "Brand i centralarkivet" in now and "Risk som togs bort" not in now
    before = client.get(url, {"day": "2023-06-01", "show": "risker"}).content.decode()
    assert "Brand i" not in before
    assets_then = client.get(url, {"day": "2024-06-01", "show": "tillgangar"})
    assert "1-1-1" in assets_then.content.decode()
    assets_now = client.get(url, {"day": "2025-06-01", "show": "tillgangar"})
    assert "3-2-2" in assets_now.content.decode()


@pytest.mark.django_db
def test_bad_dates_are_field_errors(client, org, auditor):
    client.force_login(auditor)
    response = client.get(
        reverse("history_as_of", args=[org.code]), {"day": "0001-01-01"}
    )
    assert response.status_code == 200
    assert "Ange ett datum mellan 1990 och 2100." in response.content.decode()
    response = _timeline(
        client, org, start="2025-05-01", end="2025-01-01", after="x_y_z"
    )
    assert response.status_code == 200
    assert "Slutdatumet ligger före startdatumet." in response.content.decode()


@pytest.mark.django_db
def test_filters_combine_and_live_in_the_url(client, org, coordinator, auditor):
    other_editor = make_member(org, Role.COORDINATOR, make_user("nils"))
    lib = make_asset(org, name="Låntagarregister")
    _save(lib, coordinator, description="Ändrad av samordnaren")
    _save(lib, other_editor, description="Ändrad av Nils")
    museum = make_asset(org, name="Föremålsregister")
    _save(museum, coordinator, description="Också ändrad")
    make_risk(org, title="Låntagarregister läcker")
    client.force_login(auditor)
    user = coordinator
    rows = timeline.page(
        org,
        timeline.Filters(
            user_id=user.pk,
            kind="classification.informationasset",
            change_type="~",
            text="Lånt",
        ),
    ).rows
    assert [(r.object_label, r.user) for r in rows] == [
        ("Låntagarregister", coordinator)
    ]
    html = _timeline(
        client,
        org,
        user=user.pk,
        kind="classification.informationasset",
        change="~",
        q="Lånt",
    ).content.decode()
    assert "Ändrad av samordnaren" in html
    assert "Ändrad av Nils" not in html
    assert "Föremålsregister" not in html
    assert "läcker" not in html
    # Dates: nothing before tomorrow.
    tomorrow = _timeline(client, org, start="2100-01-01").content.decode()
    assert "Låntagarregister" not in tomorrow
    # One object.
    single = timeline.page(
        org,
        timeline.Filters(kind="classification.informationasset", object_pk=museum.pk),
    ).rows
    assert {r.object_id for r in single} == {museum.pk}


@pytest.mark.django_db
def test_pages_follow_each_other_without_gaps_or_repeats(org, coordinator):
    for i in range(30):
        asset = make_asset(org, name=f"Mängd {i}")
        _save(asset, coordinator, description="x")
    everything = timeline.page(org, size=1000).rows
    seen, cursor = [], None
    while True:
        current = timeline.page(org, cursor=cursor, size=7)
        seen += [(r.index, r.pk) for r in current.rows]
        if not current.next_cursor:
            break
        cursor = timeline.Cursor.decode(current.next_cursor)
    assert seen == [(r.index, r.pk) for r in everything]
    assert len(seen) == len(set(seen))


# What the timeline may cost at most: then exactly as much with a long history,
# on a page deep in it, and less when filtered to one kind.
TIMELINE_QUERIES = 50


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_history(
    client,
    org,
    coordinator,
    auditor,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    client.force_login(auditor)
    _timeline(client, org)  # the session's first visit writes to it
    make_asset(org)
    with django_assert_max_num_queries(TIMELINE_QUERIES) as few:
        assert _timeline(client, org).status_code == 200
    for i in range(120):
        asset = make_asset(org, name=f"Mängd {i}")
        _save(asset, coordinator, description="x")
        make_risk(org)
    with django_assert_num_queries(len(few)):
        assert _timeline(client, org).status_code == 200
    deep = timeline.cursor_at_fraction(org, 0.9).split("=", 1)[1]
    from urllib.parse import unquote

    with django_assert_num_queries(len(few)):
        assert _timeline(client, org, after=unquote(deep)).status_code == 200
    with django_assert_max_num_queries(len(few) - 1):
        assert _timeline(client, org, kind="classification.risk").status_code == 200


@pytest.mark.django_db
def test_exports_hold_the_filtered_rows(client, org, coordinator, auditor):
    asset = make_asset(org, name='=HYPERLINK("x")')
    _save(asset, coordinator, description="ny beskrivning")
    make_risk(org, title="Ska inte med")
    client.force_login(auditor)
    response = _timeline(
        client, org, kind="classification.informationasset", format="csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    content = response.getvalue().decode("utf-8-sig")  # a streamed response
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:3] == ["När", "Vem", "Ändring"]
    assert len(rows) == 3
    assert all(r[4] == '\'=HYPERLINK("x")' for r in rows[1:])  # no formula
    assert "Ska inte med" not in content
    assert "ny beskrivning" in rows[1][7]
    response = _timeline(
        client, org, kind="classification.informationasset", format="xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.max_row == 3


@pytest.mark.django_db
def test_another_organisations_history_stays_hidden(
    client, org, other_org, auditor, outsider
):
    theirs = make_asset(other_org, name="Idrottens hemliga register")
    client.force_login(auditor)
    assert "Idrottens hemliga register" not in _timeline(client, org).content.decode()
    assert (
        "Idrottens hemliga register"
        not in _timeline(client, org, q="hemliga").content.decode()
    )
    foreign = reverse(
        "history_object", args=[org.code, "classification.informationasset", theirs.pk]
    )
    assert client.get(foreign).status_code == 404
    assert _timeline(client, other_org).status_code == 404
    client.force_login(outsider)
    assert _timeline(client, org).status_code == 404


@pytest.mark.django_db
def test_head_and_owner_do_not_see_the_history(client, org, head, owner):
    for user in (head, owner):
        client.force_login(user)
        assert _timeline(client, org).status_code == 404
        dashboard = client.get(reverse("dashboard", args=[org.code])).content.decode()
        assert reverse("history_timeline", args=[org.code]) not in dashboard


@pytest.mark.django_db
def test_every_history_table_has_the_browser_indexes():
    with connection.cursor() as cursor:
        for source in sources():
            table = source.history._meta.db_table
            constraints = connection.introspection.get_constraints(cursor, table)
            indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
            assert ("id", "history_date") in indexed, table
            if source.org_field == "organisation_id":
                for columns in (
                    ("organisation_id", "history_date", "history_id"),
                    ("organisation_id", "history_type", "id"),
                    ("organisation_id", "history_type", "history_date"),
                ):
                    assert columns in indexed, (table, columns)


@pytest.mark.django_db
def test_role_changes_are_in_the_history(client, org, coordinator, auditor):
    membership = Membership.objects.get(user=coordinator)
    membership.role = Role.HEAD
    membership.save()
    client.force_login(auditor)
    html = _timeline(client, org, kind="lgsys.membership").content.decode()
    assert "Informationssäkerhetssamordnare" in html and "Förvaltningschef" in html


@pytest.mark.django_db
def test_a_record_links_to_its_full_history_for_those_who_may_see_it(
    client, org, auditor, head
):
    asset = make_asset(org, name="Diarium")
    detail = reverse("classification:asset_detail", args=[org.code, asset.pk])
    full = reverse(
        "history_object", args=[org.code, "classification.informationasset", asset.pk]
    )
    client.force_login(auditor)
    assert full in client.get(detail).content.decode()
    assert client.get(full).status_code == 200
    client.force_login(head)
    assert full not in client.get(detail).content.decode()


@pytest.mark.django_db
def test_the_sql_and_the_orm_branches_select_the_same_rows(org, coordinator, auditor):
    """The timeline reads the keys with hand-written SQL (a text search adds the
    WHERE clause the ORM compiles); ``orm_branches`` builds the same SELECTs
    with the ORM alone. Both must select the same rows for the same filters."""
    from lgsys.audit.timeline import _branches, _top_keys, _wanted_sources
    from tests.audit.orm_branches import orm_branches

    for i in range(12):
        asset = make_asset(org, name=f"Mängd {i}")
        _save(asset, coordinator if i % 2 else auditor, description="ändrad")
        make_risk(org)
        make_classification(org, asset=asset)
        SecurityEvent.objects.create(
            organisation=org, user=coordinator, username="samordnare", kind="login"
        )
    middle = timeline.page(org, size=15).rows[-1].cursor
    for filters, cursor in [
        (timeline.Filters(), None),
        (timeline.Filters(), middle),
        (timeline.Filters(user_id=coordinator.pk, change_type="~"), None),
        (timeline.Filters(kind="classification.informationasset"), middle),
        (timeline.Filters(start=middle.when, end=middle.when + timedelta(1)), None),
        # a text: by record (few candidates), through the organisation's
        # timeline (many), through a related object's name, the security events
        (timeline.Filters(text="Mängd 1"), None),
        (timeline.Filters(text="mängd"), middle),
        (timeline.Filters(text="Mängd 3", kind="classification.classification"), None),
        (timeline.Filters(text="mängd", user_id=coordinator.pk, change_type="~"), None),
        (timeline.Filters(text="ORDNA", kind=SECURITY), None),
    ]:
        wanted, with_security = _wanted_sources(filters)
        raw = _top_keys(_branches(wanted, with_security, org, filters, cursor, 20), 20)
        orm = _top_keys(
            [
                b.query.sql_with_params()
                for b in orm_branches(wanted, with_security, org, filters, cursor, 20)
            ],
            20,
        )
        assert raw == orm
        assert raw


@pytest.mark.django_db
def test_a_reviews_data_and_block_choices_read_as_words_in_the_timeline(
    client, org, coordinator, auditor
):
    from lgsys.services import version_of
    from reviews.approval import services
    from reviews.report import services as report_services
    from reviews.report.blocks import report_blocks
    from tests.reviews_report.factories import fill_required, make_review

    review = fill_required(make_review(org, year=2024))
    left_out = report_blocks()[1]
    report_services.blocks_set(
        review=review,
        enabled={b.key for b in report_blocks()} - {left_out.key},
        by=coordinator,
        version=version_of(review),
    )
    services.review_submit(review=review, by=coordinator)
    client.force_login(auditor)
    html = _timeline(client, org, kind="reviews.managementreview").content.decode()
    # the data taken at submission is named, the blocks left out by their titles
    assert (
        '<strong>Uppgifterna som de skickades in:</strong> <span class="old">–</span>'
    ) in html
    assert '<span class="new">tagna per uppgiftsdagen</span>' in html
    with translation.override("sv"):
        title = escape(str(left_out.title))
    assert f'<span class="new">{title}</span>' in html
    # never a Python literal of the JSON ({'coverage': …} or ['coverage'])
    assert "{&#x27;" not in html and "[&#x27;" not in html
    assert f"&#x27;{left_out.key}&#x27;" not in html


def test_json_kept_in_a_history_is_shown_in_words():
    from django.db import models

    from lgsys.history import display_value

    field = models.JSONField()
    with translation.override("sv"):
        assert display_value(field, ["a", "b"], {}) == "a, b"
        assert display_value(field, [], {}) == "–"
        assert display_value(field, {}, {}) == "–"
        assert display_value(field, {"x": {"y": 1}, "z": 2}, {}) == (
            "uppgifter i 2 delar"
        )
        assert display_value(field, [{"y": 1}], {}) == "uppgifter i 1 del"
        assert display_value(field, [True], {}) == "uppgifter i 1 del"
