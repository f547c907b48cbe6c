"""Section 1.2.4: the risks in the highest band as they stood on the data date."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from classification.figures import highest_band_risks
from classification.models import Risk
from reviews.report.blocks import section_of
from reviews.report.catalogue import BLOCKS
from tests.factories import make_user

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def on(day: date, hour=12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


def raise_risk(org, day: date, **fields) -> Risk:
    """A risk whose history begins on ``day``."""
    risk = Risk(organisation=org, **fields)
    risk._history_date = on(day)
    risk.save()
    return risk


def change(risk: Risk, day: date, **fields) -> None:
    for name, value in fields.items():
        setattr(risk, name, value)
    risk._history_date = on(day)
    risk.save()


def build(org, as_of: date) -> dict:
    return highest_band_risks(organisation=org, year=as_of.year, as_of=as_of)


def titles(data) -> list[str]:
    return [r["title"] for r in data["risks"]]


@pytest.mark.django_db
def test_the_highest_band_before_and_after_a_risk_was_raised(org, other_org):
    owner = make_user(first_name="Maria", last_name="Holm")
    phishing = raise_risk(
        org,
        date(2023, 3, 1),
        title="Phishing",
        likelihood=3,
        consequence=3,
        owner_user=owner,
        treatment="reducera",
        status="behandlas",
    )
    outage = raise_risk(
        org, date(2023, 6, 1), title="Elavbrott", likelihood=2, consequence=2
    )
    change(outage, date(2023, 9, 1), likelihood=4, consequence=3)  # 4 → 12
    raise_risk(org, date(2023, 11, 30), title="Raderad", likelihood=4, consequence=4)
    gone = Risk.objects.get(title="Raderad")
    gone._history_date = on(date(2023, 12, 1))
    gone.delete()
    raise_risk(org, date(2024, 1, 10), title="Senare", likelihood=4, consequence=4)
    change(phishing, date(2024, 2, 1), likelihood=1, consequence=1)  # lowered later
    raise_risk(other_org, date(2023, 3, 1), title="Annan", likelihood=4, consequence=4)

    assert build(org, date(2023, 2, 28))["risks"] == []
    assert titles(build(org, date(2023, 8, 31))) == ["Phishing"]
    # The data date is a whole day: raised at noon on 1 September, it counts.
    assert titles(build(org, date(2023, 9, 1))) == ["Elavbrott", "Phishing"]
    assert titles(build(org, date(2023, 11, 30))) == [
        "Raderad",
        "Elavbrott",
        "Phishing",
    ]
    data = build(org, date(2023, 12, 31))
    json.dumps(data)  # the snapshot stores it as JSON
    assert data["band"] == {"label": "Hög", "low": 9, "high": 16, "style": "danger"}
    assert data["risks"] == [
        {
            "title": "Elavbrott",
            "value": 12,
            "likelihood": 4,
            "consequence": 3,
            "owner": "–",
            "treatment": "",
            "treatment_label": "",
            "status": "oppen",
            "status_label": "Öppen",
        },
        {
            "title": "Phishing",
            "value": 9,  # as it stood then, lowered to 1 since
            "likelihood": 3,
            "consequence": 3,
            "owner": "Maria Holm",
            "treatment": "reducera",
            "treatment_label": "Reducera",
            "status": "behandlas",
            "status_label": "Under behandling",
        },
    ]
    assert titles(build(org, date(2024, 2, 1))) == ["Senare", "Elavbrott"]


@pytest.mark.django_db
def test_the_block_prints_the_risks_in_swedish(org):
    raise_risk(
        org,
        date(2023, 3, 1),
        title="Phishing",
        likelihood=3,
        consequence=4,
        treatment="reducera",
    )
    block = next(b for b in BLOCKS if b.key == "risks_highest_band")
    assert section_of()["risks_highest_band"] == "1.2.4"
    with translation.override("sv"):
        html = render_to_string(
            block.template_name, {"data": build(org, date(2023, 12, 31))}
        )
        empty = render_to_string(
            block.template_name, {"data": build(org, date(2023, 1, 1))}
        )
    assert "<caption>Risker i den högsta riskklassen: Hög (9–16)</caption>" in html
    assert ">Riskägare<" in html and ">Riskbehandling<" in html
    assert "Phishing" in html and ">12<" in html and "Reducera" in html
    assert "Ingen risk ligger i den högsta riskklassen, Hög (9–16)." in empty


@pytest.mark.django_db
def test_the_block_queries_do_not_grow_with_rows(org, django_assert_num_queries):
    owners = [make_user() for _ in range(3)]

    def fill(n):
        for i in range(n):
            raise_risk(
                org,
                date(2023, 1 + i % 12, 1),
                title=f"R{n}-{i}",
                likelihood=3 + i % 2,
                consequence=4,
                owner_user=owners[i % 3],
            )

    fill(3)
    with django_assert_num_queries(4):
        assert len(build(org, date(2023, 12, 31))["risks"]) == 3
    fill(47)
    with django_assert_num_queries(4):
        assert build(org, date(2023, 12, 31))["total"] == 50


@pytest.mark.django_db
def test_the_report_lists_the_highest_risks_of_a_large_band_and_counts_the_rest(org):
    from classification.figures import HIGHEST_BAND_SHOWN

    n = HIGHEST_BAND_SHOWN + 5
    for i in range(n):
        raise_risk(
            org,
            date(2023, 3, 1),
            title=f"Risk {i:02d}",
            likelihood=4 if i % 2 else 3,
            consequence=4 if i % 3 else 3,
        )
    data = build(org, date(2023, 12, 31))
    assert (data["total"], data["more"]) == (n, 5)
    assert len(data["risks"]) == HIGHEST_BAND_SHOWN
    values = [r["value"] for r in data["risks"]]
    assert values == sorted(values, reverse=True)
    assert values[0] == 16  # the highest first
    block = next(b for b in BLOCKS if b.key == "risks_highest_band")
    with translation.override("sv"):
        html = render_to_string(block.template_name, {"data": data})
    assert (
        f"De {HIGHEST_BAND_SHOWN} högsta av klassens {n} risker visas; "
        "övriga 5 finns i riskregistret." in " ".join(html.split())
    )
