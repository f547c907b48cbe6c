"""The city overview (issue 21): a row per organisation with its review's state
and figures, sortable, with the city's totals; CSV/XLSX with the same rows; only
the city's own roles reach it, and only their own city."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lgsys.models import Role
from reviews.approval import services as approval
from reviews.city import selectors
from reviews.city.figures import figures_from_blocks
from tests.city_overview.conftest import (
    decided_review,
    fill_registers,
    submitted_review,
)
from tests.classification.factories import make_asset
from tests.factories import make_member, make_organisation, make_user
from tests.reviews_report.factories import make_review, make_submittable_review

YEAR = timezone.localdate().year


def overview_url(city, **query):
    url = reverse("city_reviews:overview", args=[city.code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.django_db
def test_each_organisation_shows_its_state_with_dates(city, city_ciso, client):
    orgs = {
        state: make_organisation(code, name=name, city=city)
        for state, code, name in [
            ("not_started", "AAA", "Arkivförvaltningen"),
            ("draft", "BBB", "Bostadsförvaltningen"),
            ("submitted", "CCC", "Exploateringsförvaltningen"),
            ("returned", "DDD", "Fastighetsförvaltningen"),
            ("decided", "EEE", "Idrottsförvaltningen"),
        ]
    }
    make_review(orgs["draft"], year=YEAR)
    submitted = submitted_review(orgs["submitted"])
    returned = submitted_review(orgs["returned"])
    head = make_member(orgs["returned"], Role.HEAD, make_user("chef-ddd"))
    approval.review_return(review=returned, by=head, comment="Komplettera 1.2.4.")
    decided = decided_review(orgs["decided"], on=date(YEAR, 1, 20))

    rows = {r.organisation.code: r for r in selectors.overview_rows(city, YEAR)}
    assert {code: r.state for code, r in rows.items()} == {
        "AAA": "not_started",
        "BBB": "draft",
        "CCC": "submitted",
        "DDD": "returned",
        "EEE": "decided",
    }
    assert {code: r.source for code, r in rows.items()} == {
        "AAA": "live",
        "BBB": "live",
        "CCC": "submitted",
        "DDD": "live",
        "EEE": "decided",
    }
    assert rows["EEE"].decided_on == date(YEAR, 1, 20)
    assert rows["CCC"].submitted_at == submitted.submitted_at
    assert rows["CCC"].decided_on is None

    client.force_login(city_ciso)
    response = client.get(overview_url(city, ar=YEAR))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Ej påbörjad", "Utkast", "Inskickad", "Återremitterad", "Beslutad"):
        assert label in html
    assert decided.decided_on.isoformat() in html
    assert "levande uppgifter" in html  # the live rows are labelled


@pytest.mark.django_db
def test_decided_figures_come_from_the_snapshot_not_the_registers(city, kul):
    fill_registers(kul, assets=4)
    review = decided_review(kul)
    (row,) = selectors.overview_rows(city, YEAR)
    assert row.figures == figures_from_blocks(review.blocks_snapshot)
    assert row.figures["assets"] == 4
    make_asset(kul)  # after the decision: the decided figures stay
    (row,) = selectors.overview_rows(city, YEAR)
    assert row.figures["assets"] == 4


@pytest.mark.django_db
def test_a_review_decided_before_snapshots_were_kept_is_read_from_its_archive(
    city, kul
):
    """Reviews approved before the snapshot was kept on the review have it only in
    their archive: the overview and the compilation read the same blocks there."""
    from reviews.archive.services import archive_store
    from reviews.models import ManagementReview

    fill_registers(kul, assets=4)
    review = decided_review(kul)
    blocks = review.blocks_snapshot
    archive_store(
        review=review,
        pdf=b"%PDF-1.7 a stand-in",
        snapshot={"blocks": blocks},
        decided_by=review.decided_by,
        decided_on=review.decided_on,
    )
    ManagementReview.objects.filter(pk=review.pk).update(blocks_snapshot=None)
    (row,) = selectors.overview_rows(city, YEAR)
    assert row.figures == figures_from_blocks(blocks)
    assert row.figures["assets"] == 4
    assert row.heatmap == blocks["risk_heatmap"]
    (decided,) = selectors.compilation(city, YEAR).decided
    assert decided.figures == figures_from_blocks(blocks)
    assert decided.incidents == blocks["incidents"]


@pytest.mark.django_db
def test_live_figures_of_a_draft_count_the_registers(city, kul):
    fill_registers(kul, assets=5, risks=3, breaches=2)
    make_review(kul, year=YEAR)
    (row,) = selectors.overview_rows(city, YEAR)
    figures = row.figures
    assert (row.state, row.source) == ("draft", "live")
    assert (figures["assets"], figures["classified"]) == (5, 3)
    assert (figures["prioritised_total"], figures["prioritised_classified"]) == (3, 3)
    assert figures["risks"] == 3 == sum(b["count"] for b in figures["bands"])
    assert (figures["breaches"], figures["imy_reported"], figures["imy_in_time"]) == (
        2,
        1,
        1,
    )
    assert (figures["actions_done"], figures["actions_delayed"]) == (1, 1)


@pytest.mark.django_db
def test_totals_and_sorting(city, kul, idr, city_ciso, client):
    fill_registers(kul, assets=6)
    fill_registers(idr, assets=2)
    decided_review(kul)
    rows = selectors.overview_rows(city, YEAR)
    totals = selectors.totals(rows)
    assert totals["assets"] == 8
    assert totals["classified"] == 3 + 1
    assert totals["share_classified"] == 50.0
    by_assets, _ = selectors.sort_rows(rows, "-assets")
    assert [r.organisation.code for r in by_assets] == ["KUL", "IDR"]
    by_name, _ = selectors.sort_rows(rows, "bogus")
    assert [r.organisation.code for r in by_name] == ["IDR", "KUL"]

    client.force_login(city_ciso)
    html = client.get(overview_url(city, ar=YEAR, sort="-assets")).content.decode()
    assert html.index("Kulturförvaltningen") < html.index("Idrottsförvaltningen")
    html = client.get(overview_url(city, ar=YEAR, sort="assets")).content.decode()
    assert html.index("Idrottsförvaltningen") < html.index("Kulturförvaltningen")
    assert "Staden totalt" in html


@pytest.mark.django_db
def test_exports_hold_the_same_rows_and_totals(city, kul, idr, city_ciso, client):
    fill_registers(kul, assets=3)
    fill_registers(idr, assets=2)
    decided_review(kul)
    kul.name = "=HYPERLINK(1)"  # a name a spreadsheet would run
    kul.save()
    client.force_login(city_ciso)
    base = reverse("city_reviews:overview_export", args=[city.code, "csv"])
    response = client.get(f"{base}?ar={YEAR}")
    assert response.status_code == 200
    lines = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    header, body = lines[0], lines[1:]
    assert [line[0] for line in body] == [
        "'=HYPERLINK(1)",  # neutralised, and sorted by name as on the page
        "Idrottsförvaltningen",
        "Staden totalt",
    ]
    assets = header.index("Informationsmängder")
    assert [line[assets] for line in body] == ["3", "2", "5"]

    base = reverse("city_reviews:overview_export", args=[city.code, "xlsx"])
    sheet = load_workbook(io.BytesIO(client.get(f"{base}?ar={YEAR}").content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in values[1:]] == [line[0] for line in body]
    assert [row[assets] for row in values[1:]] == [3, 2, 5]


@pytest.mark.django_db
def test_the_city_auditor_reads_the_overview_and_figures(
    city, kul, city_auditor, client
):
    fill_registers(kul)
    decided_review(kul)
    client.force_login(city_auditor)
    assert client.get(overview_url(city)).status_code == 200
    figures = reverse("city_reviews:organisation_figures", args=[city.code, "KUL"])
    response = client.get(f"{figures}?ar={YEAR}")
    assert response.status_code == 200
    assert "Ur den beslutade genomgångens frysta underlag" in response.content.decode()
    assert client.post(overview_url(city)).status_code == 405


@pytest.mark.django_db
def test_organisation_users_get_404(city, kul, client):
    kul_coordinator = make_member(kul, Role.COORDINATOR, make_user("kul-samordnare"))
    kul_head = make_member(kul, Role.HEAD, make_user("kul-chef"))
    elsewhere = make_organisation("ANN", name="Annan förvaltning")
    outsider = make_member(elsewhere, Role.COORDINATOR, make_user("annan"))
    for user in (kul_coordinator, kul_head, outsider):
        client.force_login(user)
        for url in (
            overview_url(city),
            reverse("city_reviews:organisation_figures", args=[city.code, "KUL"]),
            reverse("city_reviews:compilation_pdf", args=[city.code, YEAR]),
            reverse("city_reviews:overview_export", args=[city.code, "csv"]),
        ):
            assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_another_city_sees_nothing_of_this_one(
    city, other_city, kul, other_city_ciso, client
):
    fill_registers(kul)
    decided_review(kul)
    make_organisation("GSK", name="Göteborgs skolförvaltning", city=other_city)
    client.force_login(other_city_ciso)
    assert client.get(overview_url(city)).status_code == 404
    html = client.get(overview_url(other_city, ar=YEAR)).content.decode()
    assert "Göteborgs skolförvaltning" in html
    assert "Kulturförvaltningen" not in html
    # This city's organisation under the other city's address: 404.
    url = reverse("city_reviews:organisation_figures", args=[other_city.code, "KUL"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_decided_pdf_is_served_within_the_city_only(
    city, other_city, kul, city_auditor, other_city_ciso, client
):
    from tests.reviews_archive.factories import make_archive

    head = make_member(kul, Role.HEAD, make_user("kul-chef"))
    archive = make_archive(kul, head, year=2022)
    url = reverse("city_reviews:decided_pdf", args=[city.code, archive.pk])
    client.force_login(city_auditor)
    response = client.get(url)
    assert response.status_code == 200
    assert bytes(response.content) == bytes(archive.pdf)
    rows = selectors.overview_rows(city, 2022)
    assert rows[0].archive_id == archive.pk
    client.force_login(other_city_ciso)
    assert client.get(url).status_code == 404
    other = reverse("city_reviews:decided_pdf", args=[other_city.code, archive.pk])
    assert client.get(other).status_code == 404


def _organisations(city, n):
    """``n`` organisations, each with a small register: one with a decided
    review, one with a draft (live figures), the others alternately submitted
    and drafts."""
    orgs = []
    for i in range(n):
        org = make_organisation(
            f"{city.code}{i}", name=f"Förvaltning {city.code} {i}", city=city
        )
        fill_registers(org, assets=2 + i, risks=1 + i, seed=i)
        if i == 0:
            decided_review(org)
        elif i % 2 == 0:
            submitted_review(org)
        else:
            make_submittable_review(org, year=YEAR)
        orgs.append(org)
    return orgs


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_organisations(
    city, other_city, city_ciso, client
):
    from lgsys.models import CityMembership, CityRole

    _organisations(city, 2)
    CityMembership.objects.create(
        user=city_ciso, municipality=other_city, role=CityRole.CISO
    )
    _organisations(other_city, 5)
    client.force_login(city_ciso)
    counts = {}
    for c in (city, other_city):
        # The first page of a city remembers it as the user's place (session).
        client.get(overview_url(c, ar=YEAR))
        counts[c.code] = (
            _count(client, overview_url(c, ar=YEAR)),
            _count(
                client,
                reverse("city_reviews:overview_export", args=[c.code, "xlsx"])
                + f"?ar={YEAR}",
            ),
        )
        with CaptureQueriesContext(connection) as queries:
            data = selectors.compilation(c, YEAR)
        counts[c.code] += (len(queries),)
        assert len(data.rows) == (2 if c == city else 5)
    assert counts["STH"] == counts["GBG"]


@pytest.mark.django_db
def test_the_overview_opens_on_the_newest_year_with_a_review(
    city, kul, city_ciso, client
):
    fill_registers(kul)
    decided_review(kul, year=YEAR - 3, on=date(YEAR - 2, 1, 15))
    client.force_login(city_ciso)
    html = client.get(overview_url(city)).content.decode()
    assert f"organisationerna sida vid sida {YEAR - 3}</h1>" in html
    assert f'<option value="{YEAR}">' in html  # this year is offered too
    html = client.get(overview_url(city, ar="nonsense")).content.decode()
    assert f"sida vid sida {YEAR - 3}</h1>" in html
    html = client.get(overview_url(city, ar=YEAR)).content.decode()
    assert f"sida vid sida {YEAR}</h1>" in html
    assert "Ej påbörjad" in html
