"""Section 1.2.9: each personal data breach of the review year with the 72-hour
deadline for reporting it to IMY (ISO 27001 10.2, GDPR art. 33.1)."""

import json
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from reviews.inputs.report_blocks import BLOCKS, breaches
from reviews.report.blocks import section_of
from tests.reviews_inputs.factories import at, make_incident


def breach(org, discovered, reported=None, **fields):
    fields.setdefault("title", "Personuppgiftsincident")
    fields.setdefault("imy_assessment", "anmald" if reported else "under_bedomning")
    return make_incident(
        org,
        kind="personuppgift",
        discovered_at=discovered,
        reported_to_imy_at=reported,
        **fields,
    )


def build(org, as_of=date(2024, 12, 31), year=2024):
    return breaches(organisation=org, year=year, as_of=as_of)


@pytest.mark.django_db
def test_across_the_spring_change_72_wall_clock_hours_are_71_real_ones(org):
    # Clocks go 02:00 → 03:00 on 31 March 2024: Friday 16:00 to Monday 16:00 local
    # time is 71 real hours; the deadline is Monday 17:00 local time.
    breach(org, at(2024, 3, 29, 16, 0), at(2024, 4, 1, 16, 0), title="Fel mottagare")
    breach(org, at(2024, 3, 29, 16, 0), at(2024, 4, 1, 17, 0), title="På minuten")
    breach(
        org,
        at(2024, 3, 29, 16, 0),
        at(2024, 4, 1, 17, 1),
        title="En minut sen",
        late_reason="Påskhelgen",
    )
    rows = {b["title"]: b for b in build(org)["breaches"]}
    assert rows["Fel mottagare"] == {
        "title": "Fel mottagare",
        "discovered": "2024-03-29 16:00",
        "reported": "2024-04-01 16:00",
        "hours": 71.0,
        "verdict": "in_time",
        "verdict_label": "Inom 72 timmar",
        "late_reason": "",
    }
    assert (rows["På minuten"]["hours"], rows["På minuten"]["verdict"]) == (
        72.0,
        "in_time",
    )
    late = rows["En minut sen"]
    assert (late["reported"], late["hours"], late["verdict"]) == (
        "2024-04-01 17:01",
        72.1,  # rounded up: never "72.0" beside "late"
        "late",
    )
    assert late["verdict_label"] == "Senare än 72 timmar"
    assert late["late_reason"] == "Påskhelgen"


@pytest.mark.django_db
def test_across_the_autumn_change_71_and_a_half_wall_clock_hours_are_late(org):
    # 03:00 → 02:00 on 27 October 2024: Friday 10:00 (summer time) to Monday 09:30
    # (winter time) looks like 71.5 hours but is 72.5.
    breach(
        org,
        at(2024, 10, 25, 10, 0),
        at(2024, 10, 28, 9, 30),
        late_reason="Ansvarig sjuk",
    )
    (row,) = build(org)["breaches"]
    assert row["discovered"] == "2024-10-25 10:00"  # local time, not UTC (08:00)
    assert row["reported"] == "2024-10-28 09:30"  # UTC would say 08:30
    assert (row["hours"], row["verdict"], row["late_reason"]) == (
        72.5,
        "late",
        "Ansvarig sjuk",
    )


@pytest.mark.django_db
def test_the_breaches_as_of_the_data_date(org, other_org):
    reported_later = breach(
        org, at(2024, 12, 20, 9, 0), at(2025, 1, 2, 9, 0), late_reason="Jul"
    )
    breach(org, at(2024, 12, 30, 9, 0), title="Under bedömning")
    breach(
        org,
        at(2024, 3, 1, 9, 0),
        title="Ej anmälningspliktig",
        imy_assessment="ej_anmald",
    )
    breach(org, at(2025, 1, 1, 0, 30), title="Efter datadatum")  # Swedish 2025
    breach(org, at(2023, 12, 31, 23, 30), title="Förra året")  # local 2023
    breach(other_org, at(2024, 5, 1, 9, 0), title="Annan förvaltning")
    make_incident(org, kind="it", discovered_at=at(2024, 5, 1, 9, 0), title="IT")

    data = build(org, as_of=date(2024, 12, 31))
    json.dumps(data)  # the snapshot stores it as JSON
    assert [b["title"] for b in data["breaches"]] == [
        "Ej anmälningspliktig",
        reported_later.title,
        "Under bedömning",
    ]
    rows = {b["title"]: b for b in data["breaches"]}
    # Reported on 2 January: on 31 December it was not yet, and 72 hours had passed.
    overdue = rows[reported_later.title]
    assert (overdue["reported"], overdue["hours"], overdue["verdict"]) == (
        "",
        None,
        "overdue",
    )
    assert rows["Under bedömning"]["verdict"] == "pending"
    assert rows["Ej anmälningspliktig"]["verdict"] == "not_required"

    after = build(org, as_of=date(2025, 1, 10))
    rows = {b["title"]: b for b in after["breaches"]}
    assert rows[reported_later.title]["verdict"] == "late"
    assert "Efter datadatum" not in rows  # discovered in 2025, not the review year
    assert build(org, as_of=date(2024, 3, 1))["breaches"][0]["title"] == (
        "Ej anmälningspliktig"
    )
    assert build(org, as_of=date(2024, 2, 29))["breaches"] == []


@pytest.mark.django_db
def test_the_breach_block_prints_local_times_hours_and_reason_in_swedish(org):
    breach(
        org,
        at(2024, 10, 25, 10, 0),
        at(2024, 10, 28, 9, 30),
        title="Fel mottagare",
        late_reason="Ansvarig sjuk",
    )
    block = next(b for b in BLOCKS if b.key == "breaches_imy")
    assert section_of()["breaches_imy"] == "1.2.9"
    with translation.override("sv"):
        html = render_to_string(block.template_name, {"data": build(org)})
        empty = render_to_string(
            block.template_name, {"data": build(org, as_of=date(2024, 1, 1))}
        )
    assert "2024-10-25 10:00" in html and "2024-10-28 09:30" in html
    assert "72,5" in html
    assert "Senare än 72 timmar" in html and "Skäl: Ansvarig sjuk" in html
    assert "<caption>Personuppgiftsincidenter 2024 och 72-timmarsfristen" in html
    assert "Ingen personuppgiftsincident upptäcktes 2024 till och med 2024-01-01." in (
        empty
    )


@pytest.mark.django_db
def test_the_breach_block_queries_do_not_grow_with_rows(org, django_assert_num_queries):
    def fill(n):
        for i in range(n):
            breach(
                org,
                at(2024, 1 + i % 12, 1 + i % 28, 9, 0),
                at(2024, 1 + i % 12, 1 + i % 28, 12, 0) if i % 2 else None,
            )

    fill(3)
    with django_assert_num_queries(1):
        assert len(build(org)["breaches"]) == 3
    fill(47)
    with django_assert_num_queries(1):
        assert len(build(org)["breaches"]) == 50
