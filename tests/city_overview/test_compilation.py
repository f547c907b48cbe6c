""" "Stadens sammanställning <år>": compiled from the decided reviews' frozen
snapshots only, its figures the sum of theirs; rendered through the core's PDF
cache and worker like the review's PDF."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from classification.models import NormativeClassification
from lgsys.models import Municipality
from lgsys.pdfs import services as pdfs
from lgsys.pdfs.models import PdfRender
from reviews.city import pdf, selectors
from tests.city_overview.conftest import (
    decided_review,
    fill_registers,
    submitted_review,
)
from tests.classification.factories import make_asset, make_risk
from tests.factories import make_organisation
from tests.reviews_report.factories import make_submittable_review

YEAR = timezone.localdate().year
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def four(city, kul, idr):
    """Two decided reviews with different registers, a draft with a large
    live register and a submitted review: only the first two are compiled."""
    fill_registers(kul, assets=6, risks=5, breaches=2, seed=1)
    fill_registers(idr, assets=3, risks=2, breaches=1, seed=2)
    draft = make_organisation("UTB", name="Utbildningsförvaltningen", city=city)
    fill_registers(draft, assets=40, risks=30, breaches=4, seed=3)
    make_submittable_review(draft, year=YEAR)
    waiting = make_organisation("SOC", name="Socialförvaltningen", city=city)
    fill_registers(waiting, assets=9, risks=7, seed=4)
    submitted_review(waiting)
    return {
        "KUL": decided_review(kul, on=date(YEAR, 1, 20)),
        "IDR": decided_review(idr, on=date(YEAR, 2, 3)),
    }


@pytest.mark.django_db
def test_the_compilation_is_the_sum_of_the_decided_snapshots(city, four):
    snapshots = [review.blocks_snapshot for review in four.values()]
    data = selectors.compilation(city, YEAR)
    assert [r.organisation.code for r in data.decided] == ["IDR", "KUL"]
    assert [r.organisation.code for r in data.undecided] == ["SOC", "UTB"]

    def total(block, *path):
        result = 0
        for snapshot in snapshots:
            value = snapshot[block]
            for key in path:
                value = value[key]
            result += value
        return result

    assert data.totals["assets"] == total("coverage", "assets") == 9
    assert data.totals["classified"] == total("coverage", "classified")
    assert data.totals["prioritised_classified"] == total(
        "coverage", "prioritised_classified"
    )
    assert data.totals["risks"] == total("risk_heatmap", "total") == 7
    assert data.totals["breaches"] == total("incidents", "imy", "breaches") == 3
    assert data.totals["imy_in_time"] == total("incidents", "imy", "in_time")
    for band in data.totals["bands"]:
        assert band["count"] == sum(
            b["count"]
            for s in snapshots
            for b in s["risk_heatmap"]["by_band"]
            if b["label"] == band["label"]
        )
    cells = {
        (c["likelihood"], c["consequence"]): c["count"]
        for row in data.heatmap["rows"]
        for c in row["cells"]
    }
    for (lk, c), count in cells.items():
        assert count == sum(
            cell["count"]
            for s in snapshots
            for row in s["risk_heatmap"]["rows"]
            for cell in row["cells"]
            if (cell["likelihood"], cell["consequence"]) == (lk, c)
        )
    assert sum(cells.values()) == 7
    (this_year,) = data.trend
    assert this_year == {
        "year": YEAR,
        "organisations": 2,
        "incidents": total("incidents", "years", -1, "total"),
        "breaches": 3,
        "imy_reported": total("incidents", "imy", "reported"),
        "imy_in_time": total("incidents", "imy", "in_time"),
    }
    assert data.as_of == date(YEAR, 2, 3)  # the newest decision


@pytest.mark.django_db
def test_live_data_never_enters_the_compilation(city, kul, idr, four):
    before = selectors.compilation(city, YEAR)
    for org in (kul, idr):  # the decided organisations' registers move on
        make_asset(org)
        make_risk(org, likelihood=4, consequence=4)
    after = selectors.compilation(city, YEAR)
    assert after.totals == before.totals
    assert after.heatmap == before.heatmap
    html = pdf.render_compilation_html(city, YEAR)
    row = re.search(r"Utbildningsförvaltningen</th>\s*<td[^>]*>([^<]*)<", html)
    assert row[1] == f"Ingen beslutad genomgång för {YEAR}"
    assert "40" not in re.findall(r'class="num">(\d+)<', html)  # the draft's assets


@pytest.mark.django_db
def test_the_trend_covers_each_years_decided_reviews(city, kul):
    fill_registers(kul, assets=2)
    decided_review(kul, year=YEAR - 1, on=date(YEAR, 1, 10))
    decided_review(kul, year=YEAR, on=date(YEAR, 1, 20))
    trend = selectors.compilation(city, YEAR).trend
    assert [t["year"] for t in trend] == [YEAR - 1, YEAR]
    assert [t["organisations"] for t in trend] == [1, 1]


@pytest.mark.django_db
def test_only_the_citys_normative_classifications_in_force(city, kul):
    other = Municipality.objects.create(name="Malmö stad", code="MLM")
    NormativeClassification.objects.create(
        municipality=city, name="E-post", k=2, r=2, t=2
    )
    NormativeClassification.objects.create(
        municipality=city, name="Fax", k=1, r=1, t=1, retired_on=date(2020, 1, 1)
    )
    NormativeClassification.objects.create(
        municipality=other, name="Bygglov", k=1, r=2, t=1
    )
    data = selectors.compilation(city, YEAR)
    assert [n.name for n in data.normative] == ["E-post"]


@pytest.mark.django_db
def test_the_city_auditor_downloads_the_pdf_a(
    city, kul, idr, four, city_auditor, client
):
    NormativeClassification.objects.create(
        municipality=city, name="Personalakter", k=3, r=3, t=1
    )
    client.force_login(city_auditor)
    response = client.get(
        reverse("city_reviews:compilation_pdf", args=[city.code, YEAR])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert f"Stadens sammanställning {YEAR}" in text
    assert "Uppgifter från beslutade genomgångar per" in text
    assert f"{YEAR}-02-03" in text
    for name in ("Kulturförvaltningen", "Idrottsförvaltningen", "Personalakter"):
        assert name in text
    assert f"Ingen beslutad genomgång för {YEAR}" in text
    reader = PdfReader(io.BytesIO(response.content))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="?3', xmp) and re.search(r'conformance="?A', xmp)
    assert reader.metadata.title == f"Stadens sammanställning {YEAR} Stockholms stad"


@pytest.mark.django_db
def test_genererar_pdf_until_the_worker_has_rendered_it(
    city, kul, city_ciso, client, settings
):
    settings.TASKS = DATABASE_QUEUE  # nothing renders until a worker does
    fill_registers(kul)
    decided_review(kul)
    client.force_login(city_ciso)
    url = reverse("city_reviews:compilation_pdf", args=[city.code, YEAR])
    response = client.get(url)
    assert response.status_code == 202
    assert "Genererar PDF" in response.content.decode()
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled.status_code == 202 and 'hx-get="' in polled.content.decode()
    job = PdfRender.objects.get(subject=pdf.subject(city, YEAR))
    pdfs.render_run(job.key, isolated=False)
    ready = client.get(url, headers={"HX-Request": "true"})
    assert "Ladda ned PDF" in ready.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert "Kulturförvaltningen" in _text(response.content)
