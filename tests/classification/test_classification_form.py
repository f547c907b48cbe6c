"""The classification form (issue 17, point 6): no level is chosen for the
user, each level's description is beside the choice, a normative
classification the asset's name calls for is proposed, and an asset's status
follows its first classification. A threshold analysis says its verdict."""

from datetime import date

import pytest

from classification import services
from classification.models import (
    AssetStatus,
    Classification,
    InformationAsset,
    NormativeClassification,
)
from tests.classification.factories import (
    make_asset,
    make_classification,
    make_threshold,
)

NEW = "/{code}/register/klassningar/ny/"


def _select(page: str, name: str) -> str:
    return page.split(f'name="{name}"')[1].split("</select>")[0]


@pytest.fixture
def personalakter(db):
    return NormativeClassification.objects.create(name="Personalakter", k=3, r=3, t=3)


@pytest.mark.django_db
def test_the_levels_start_empty_and_k_r_t_must_be_chosen(org, coordinator, as_user):
    asset = make_asset(org)
    client = as_user(coordinator)
    page = client.get(NEW.format(code=org.code)).content.decode()
    for name in ("k", "r", "t", "s"):
        options = _select(page, name)
        first = options.split("<option")[1]
        assert first.startswith(' value="" selected>Välj …'), (name, first)
        assert all("selected" not in o for o in options.split("<option")[2:])
    assert "---------" not in page
    response = client.post(
        NEW.format(code=org.code),
        {"asset": asset.pk, "classified_on": "2024-03-01", "k": "", "r": "", "t": ""},
    )
    assert response.status_code == 200
    assert not Classification.objects.exists()
    page = response.content.decode()
    for name in ("k", "r", "t"):
        assert f'id="id_{name}_error"' in page
    assert 'id="id_s_error"' not in page  # S is optional


@pytest.mark.django_db
def test_each_level_is_described_beside_the_choice(org, coordinator, as_user):
    page = as_user(coordinator).get(NEW.format(code=org.code)).content.decode()
    levels = page.split('class="scale-levels"')[1].split("</dl>")[0]
    for value, label in (
        (0, "Ingen eller försumbar skada"),
        (2, "Betydande skada"),
        (4, "Synnerligen allvarlig skada"),
    ):
        assert f"<dt>{value}</dt><dd>{label}</dd>" in levels
    assert "Konfidentialitet: skadan om informationen når någon" in page
    assert "Tillgänglighet: skadan om informationen inte går att nå" in page
    assert "3 – Allvarlig skada</option>" in _select(page, "k")


@pytest.mark.django_db
def test_a_matching_normative_classification_is_proposed_and_preselected(
    org, coordinator, as_user, personalakter
):
    NormativeClassification.objects.create(name="E-post", k=2, r=2, t=2)
    asset = make_asset(org, name="Personalakter i HR-systemet")
    page = (
        as_user(coordinator)
        .get(NEW.format(code=org.code), {"asset": asset.pk})
        .content.decode()
    )
    assert "Föreslagen normerande klassning: Personalakter (3-3-3)" in page
    normative = _select(page, "normative")
    assert f'<option value="{personalakter.pk}" selected>' in normative
    # no level is chosen for the user, even then
    assert _select(page, "k").split("<option")[1].startswith(' value="" selected>')


@pytest.mark.django_db
def test_no_proposal_when_nothing_matches(org, coordinator, as_user, personalakter):
    asset = make_asset(org, name="Evenemangskalender")
    page = (
        as_user(coordinator)
        .get(NEW.format(code=org.code), {"asset": asset.pk})
        .content.decode()
    )
    assert "Föreslagen normerande klassning" not in page
    others = _select(page, "normative").split("<option")[2:]
    assert others and all("selected" not in o for o in others)


@pytest.mark.django_db
def test_the_first_classification_makes_an_inventoried_asset_classified(
    org, coordinator, as_user
):
    asset = make_asset(org)
    assert asset.status == AssetStatus.INVENTORIED
    response = as_user(coordinator).post(
        NEW.format(code=org.code),
        {"asset": asset.pk, "classified_on": "2024-03-01", "k": 2, "r": 2, "t": 1},
    )
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.status == AssetStatus.CLASSIFIED
    record = InformationAsset.history.filter(id=asset.pk).latest("history_id")
    assert record.history_user == coordinator
    assert record.history_change_reason == "status_classified"


@pytest.mark.django_db
def test_a_later_status_is_left_alone(org, coordinator):
    asset = make_asset(org, status=AssetStatus.PLAN)
    make_classification(org, asset=asset)
    services.classification_create(
        classification=Classification(
            organisation=org, asset=asset, classified_on=date(2024, 3, 1), k=3, r=2, t=2
        ),
        by=coordinator,
    )
    asset.refresh_from_db()
    assert asset.status == AssetStatus.PLAN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("criteria", "verdict", "count"),
    [
        ({"evaluation": True, "large_scale": True}, "Konsekvensbedömning krävs", 2),
        ({"monitoring": True}, "Konsekvensbedömning krävs inte", 1),
    ],
)
def test_a_threshold_analysis_page_shows_its_verdict(
    org, coordinator, as_user, criteria, verdict, count
):
    analysis = make_threshold(org, **criteria)
    page = (
        as_user(coordinator)
        .get(f"/{org.code}/register/troskelanalyser/{analysis.pk}/")
        .content.decode()
    )
    heading = page.split('id="verdict">')[1].split("</h2>")[0]
    assert heading == verdict
    assert f"{count} av 9 kriterier är uppfyll" in page
