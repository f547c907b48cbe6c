from datetime import date

import pytest
from django.core.exceptions import ValidationError

from classification.models import (
    Classification,
    InformationAsset,
    NormativeClassification,
    Risk,
    RiskBand,
    ScaleLevel,
    System,
    ThresholdAnalysis,
    krt,
)
from tests.classification.factories import make_asset, make_classification, make_risk


@pytest.mark.django_db
def test_a_new_organisation_gets_the_default_scales(org):
    labels = dict(
        ScaleLevel.objects.filter(organisation=org, kind="klassning").values_list(
            "value", "label"
        )
    )
    assert labels[0] == "Ingen eller försumbar skada"
    assert labels[4] == "Synnerligen allvarlig skada"
    bands = [
        (b.low, b.high, b.label) for b in RiskBand.objects.filter(organisation=org)
    ]
    assert bands == [(1, 3, "Låg"), (4, 8, "Medel"), (9, 16, "Hög")]


@pytest.mark.django_db
def test_levels_outside_the_organisations_scale_are_refused(org):
    c = Classification(organisation=org, asset=make_asset(org), k=5, r=2, t=2)
    with pytest.raises(ValidationError) as refused:
        c.full_clean()
    assert "k" in refused.value.message_dict
    ScaleLevel.objects.create(organisation=org, kind="klassning", value=5, label="x")
    c.full_clean()  # the scale is the organisation's data


@pytest.mark.django_db
def test_the_current_classification_is_the_latest_revision(org):
    asset = make_asset(org)
    make_classification(org, asset, classified_on=date(2022, 1, 1), k=1, r=1, t=1)
    make_classification(org, asset, classified_on=date(2023, 1, 1), k=3, r=2, t=1)
    row = InformationAsset.objects.with_current_classification().get(pk=asset.pk)
    assert krt(row.cur_k, row.cur_r, row.cur_t, row.cur_s) == "3-2-1"
    assert row.protection == 3
    assert asset.classifications.count() == 2  # every revision is kept


@pytest.mark.django_db
def test_an_adopting_asset_may_raise_but_never_lower_the_normative_levels(org):
    norm = NormativeClassification.objects.create(name="Personalakter", k=3, r=3, t=1)
    lower = Classification(
        organisation=org, asset=make_asset(org), normative=norm, k=2, r=3, t=1
    )
    with pytest.raises(ValidationError) as refused:
        lower.full_clean()
    message = refused.value.message_dict["k"][0]
    assert "Personalakter" in message and "aldrig sänka" in message
    raised = Classification(
        organisation=org, asset=make_asset(org), normative=norm, k=4, r=3, t=2
    )
    raised.full_clean()
    assert raised.krt == "4-3-2" and raised.protection_level == 4


@pytest.mark.django_db
def test_sensitive_personal_data_implies_personal_data(org):
    asset = InformationAsset(organisation=org, name="x", sensitive_personal_data=True)
    with pytest.raises(ValidationError) as refused:
        asset.full_clean()
    assert "personal_data" in refused.value.message_dict


@pytest.mark.django_db
def test_third_country_needs_a_transfer_basis(org):
    system = System(organisation=org, name="Moln", hosting="tredje_land")
    with pytest.raises(ValidationError):
        system.full_clean()
    system.transfer_basis = "dpf"
    system.full_clean()
    system.hosting = "stadens"
    with pytest.raises(ValidationError):
        system.full_clean()


@pytest.mark.django_db
def test_risk_value_band_and_scale(org):
    risk = make_risk(org, likelihood=3, consequence=3)
    row = Risk.objects.with_value().get(pk=risk.pk)
    assert (row.value, row.band_label, row.band_style) == (9, "Hög", "danger")
    row = Risk.objects.with_value().get(
        pk=make_risk(org, likelihood=1, consequence=3).pk
    )
    assert (row.value, row.band_label) == (3, "Låg")
    bad = Risk(organisation=org, title="x", likelihood=5, consequence=1)
    with pytest.raises(ValidationError) as refused:
        bad.full_clean()
    assert "likelihood" in refused.value.message_dict
    half = Risk(
        organisation=org, title="x", likelihood=1, consequence=1, residual_likelihood=1
    )
    with pytest.raises(ValidationError):
        half.full_clean()


@pytest.mark.django_db
def test_dpia_needed_from_two_criteria(org):
    analysis = ThresholdAnalysis(
        organisation=org, asset=make_asset(org), large_scale=True
    )
    assert analysis.criteria_met == 1 and not analysis.dpia_needed
    analysis.vulnerable_subjects = True
    assert analysis.dpia_needed


@pytest.mark.django_db
def test_coverage_figures(org, other_org, coordinator):
    owned = make_asset(
        org, owner_title="Biblioteksdirektör", prioritised=True, status="handlingsplan"
    )
    make_classification(org, owned, next_review=date(2000, 1, 1))
    make_classification(
        org, make_asset(org, prioritised=True), next_review=date(2999, 1, 1)
    )
    make_asset(org)
    make_asset(org, owner_user=coordinator)
    make_asset(other_org)
    figures = InformationAsset.objects.filter(organisation=org).coverage()
    assert figures["assets"] == 4
    assert figures["share_with_owner"] == 50.0
    assert figures["share_classified"] == 50.0
    assert figures["share_overdue"] == 25.0
    assert figures["share_with_plan"] == 25.0
    assert (figures["prioritised_classified"], figures["prioritised_total"]) == (2, 2)


@pytest.mark.django_db
def test_the_demo_register():
    from django.core.management import call_command

    from lgsys.models import Organisation

    call_command("loaddemo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    org = Organisation.objects.get(code="KUL")
    borrowers = InformationAsset.objects.with_current_classification().get(
        organisation=org, name="Låntagarregister"
    )
    assert borrowers.prioritised and borrowers.secrecy
    assert "mest skyddsvärda" in borrowers.description
    assert krt(borrowers.cur_k, borrowers.cur_r, borrowers.cur_t) == "3-2-2"
    assert Classification.objects.filter(
        organisation=org, normative__isnull=False
    ).exists()
    titles = " ".join(
        Risk.objects.filter(organisation=org).values_list("title", flat=True)
    )
    for word in ("Elavbrott", "Phishing och cyberattacker", "lokala verksamhetssystem"):
        assert word in titles
    assert ThresholdAnalysis.objects.filter(organisation=org).count() >= 2
