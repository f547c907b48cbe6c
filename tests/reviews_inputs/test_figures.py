from datetime import date

import pytest
from django.core.management import call_command

from lgsys.models import Organisation
from reviews.inputs import report_blocks
from reviews.models import AccessRequest, Finding, Incident, TrainingRecord
from tests.reviews_inputs.factories import (
    at,
    make_finding,
    make_incident,
    make_request,
    make_training,
)

BLOCKS_QUERIES = 20  # what the inputs' report blocks may cost at most


@pytest.mark.django_db
def test_incidents_per_year_type_and_quarter(org, other_org):
    make_incident(org, kind="it", discovered_at=at(2023, 1, 5, 9, 0))
    make_incident(org, kind="it", discovered_at=at(2023, 12, 31, 23, 30))  # local year
    make_incident(
        org,
        kind="personuppgift",
        imy_assessment="ej_anmald",
        discovered_at=at(2022, 6, 1, 9, 0),
    )
    make_incident(other_org, kind="it", discovered_at=at(2023, 2, 1, 9, 0))
    qs = Incident.objects.filter(organisation=org)
    by_year = qs.by_year_and_type([2021, 2022, 2023])
    assert by_year[2023]["it"] == 2 and by_year[2022]["personuppgift"] == 1
    assert sum(by_year[2021].values()) == 0
    assert qs.by_quarter(2023) == {1: 1, 2: 0, 3: 0, 4: 1}


@pytest.mark.django_db
def test_imy_summary_counts_reports_and_deadlines_met(org):
    make_incident(
        org,
        kind="personuppgift",
        imy_assessment="anmald",
        discovered_at=at(2023, 3, 1, 10, 0),
        reported_to_imy_at=at(2023, 3, 2, 10, 0),
    )
    make_incident(
        org,
        kind="personuppgift",
        imy_assessment="anmald",
        discovered_at=at(2023, 3, 1, 10, 0),
        reported_to_imy_at=at(2023, 3, 6, 10, 0),
        late_reason="helg",
    )
    make_incident(
        org,
        kind="personuppgift",
        imy_assessment="ej_anmald",
        discovered_at=at(2023, 4, 1, 10, 0),
    )
    summary = Incident.objects.filter(organisation=org).imy_summary(2023)
    assert summary == {"breaches": 3, "reported": 2, "in_time": 1}


@pytest.mark.django_db
def test_open_findings_training_and_requests(org):
    make_finding(org, source="gdpr", status="oppen")
    make_finding(org, source="gdpr", status="atgardad")
    make_finding(org, source="rsa", status="kvarstar")
    assert Finding.objects.filter(organisation=org).open_by_source()["gdpr"] == 1
    assert Finding.objects.filter(organisation=org).open_by_source()["rsa"] == 1
    make_training(org, course="A", required=200, completed=150)
    make_training(org, course="A", required=100, completed=100)
    assert TrainingRecord.objects.filter(organisation=org).completion(2023) == [
        {"course": "A", "required": 300, "completed": 250, "rate": 83.3}
    ]
    from datetime import date

    make_request(org, received_on=date(2023, 1, 31), answered_on=date(2023, 2, 28))
    make_request(org, received_on=date(2023, 1, 31), answered_on=date(2023, 3, 1))
    make_request(org, received_on=date(2023, 5, 1))
    assert AccessRequest.objects.filter(organisation=org).timeliness(2023) == {
        "received": 3,
        "answered": 2,
        "in_time": 1,
        "overdue": 1,
    }


@pytest.mark.django_db
def test_the_incident_block_has_three_years_a_chart_and_its_table(org):
    for year, n in ((2021, 1), (2022, 2), (2023, 4)):
        for _ in range(n):
            make_incident(org, discovered_at=at(year, 5, 1, 9, 0))
    data = report_blocks.incidents(
        organisation=org, year=2023, as_of=date(2023, 12, 31)
    )
    assert [y["year"] for y in data["years"]] == [2021, 2022, 2023]
    assert [y["total"] for y in data["years"]] == [1, 2, 4]
    assert data["years"][2]["bar"] == report_blocks.CHART_HEIGHT
    assert data["years"][0]["bar"] == report_blocks.CHART_HEIGHT // 4
    it_row = next(r for r in data["rows"] if r["label"] == "IT-incident/driftstörning")
    assert it_row["counts"] == [1, 2, 4]
    import json

    json.dumps(data)  # the snapshot stores it as JSON


@pytest.mark.django_db
def test_block_queries_do_not_grow_with_rows(
    org, django_assert_max_num_queries, django_assert_num_queries
):
    def build():
        for block in report_blocks.BLOCKS:
            block.build(organisation=org, year=2023, as_of=date(2023, 12, 31))

    make_incident(org)
    make_finding(org, source="gdpr")
    # what the blocks may cost at most, and then exactly the same with more rows
    with django_assert_max_num_queries(BLOCKS_QUERIES) as small:
        build()
    for _ in range(30):
        make_incident(org)
        make_finding(org, source="gdpr")
        make_training(org, course="x")
    with django_assert_num_queries(len(small)):
        build()


@pytest.mark.django_db
def test_the_demo_inputs_follow_the_reference():
    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    org = Organisation.objects.get(code="KUL")
    summary = Incident.objects.filter(organisation=org).imy_summary(2023)
    assert summary["reported"] == 0  # "Ingen incident har behövt rapporteras till IMY"
    assert (
        Incident.objects.filter(organisation=org, discovered_at__year=2023).count() >= 3
    )
    remaining = Finding.objects.get(
        organisation=org, source="revision", status="kvarstar"
    )
    assert "styrning och uppföljning" in remaining.text
    titles = set(
        org
        and Finding.objects.filter(organisation=org, source="rsa").values_list(
            "text", flat=True
        )
    )
    assert any("elavbrott" in t for t in titles)
    assert any("phishing" in t for t in titles)
