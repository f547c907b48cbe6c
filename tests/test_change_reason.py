"""An edit form's optional "Anledning" lands in the history as the reason, in
the user's words, and shows in the record's history and the auditors'
timeline (issue 17, point 5)."""

import pytest

from actions.models import Action
from classification.models import InformationAsset
from lgsys.forms import REASON_FIELD, REASON_LENGTH
from reviews.models import Finding
from tests.actions.factories import make_action
from tests.classification.factories import make_asset
from tests.factories import edit_data
from tests.reviews_inputs.factories import make_finding

ASSETS = "/{code}/register/informationsmangder/"
WORDS = "Ny ägare efter omorganisationen"


def _asset_post(asset, **changes) -> dict:
    data = {
        "name": asset.name,
        "description": asset.description,
        "status": asset.status,
        REASON_FIELD: WORDS,
    }
    data.update(changes)
    return edit_data(asset, **data)


@pytest.mark.django_db
def test_the_reason_given_is_the_historys_reason_and_shows_in_the_timeline(
    org, coordinator, as_user
):
    asset = make_asset(org, name="Låntagarregister")
    client = as_user(coordinator)
    url = f"{ASSETS.format(code=org.code)}{asset.pk}/"
    form = client.get(f"{url}andra/").content.decode()
    assert f'name="{REASON_FIELD}"' in form
    assert "Anledning" in form

    saved = client.post(f"{url}andra/", _asset_post(asset, description="Ny text"))
    assert saved.status_code == 302
    record = InformationAsset.history.filter(id=asset.pk).latest("history_id")
    assert record.history_change_reason == f"changed: {WORDS}"

    own = client.get(url).content.decode().split('id="history-heading"')[1]
    assert f"ändrad: {WORDS}" in own
    timeline = client.get(f"/{org.code}/historik/").content.decode()
    assert f"ändrad: {WORDS}" in timeline


@pytest.mark.django_db
def test_without_a_reason_the_change_is_recorded_as_before(org, coordinator, as_user):
    asset = make_asset(org)
    client = as_user(coordinator)
    client.post(
        f"{ASSETS.format(code=org.code)}{asset.pk}/andra/",
        _asset_post(asset, description="Ny text", **{REASON_FIELD: ""}),
    )
    record = InformationAsset.history.filter(id=asset.pk).latest("history_id")
    assert record.history_change_reason == "changed"


@pytest.mark.django_db
def test_the_reason_is_at_most_80_characters(org, coordinator, as_user):
    asset = make_asset(org)
    response = as_user(coordinator).post(
        f"{ASSETS.format(code=org.code)}{asset.pk}/andra/",
        _asset_post(asset, description="Ny text", **{REASON_FIELD: "x" * 81}),
    )
    assert response.status_code == 200
    assert REASON_LENGTH == 80
    asset.refresh_from_db()
    assert asset.description == ""


@pytest.mark.django_db
def test_a_new_record_asks_for_no_reason(org, coordinator, as_user):
    form = as_user(coordinator).get(f"{ASSETS.format(code=org.code)}ny/")
    assert f'name="{REASON_FIELD}"' not in form.content.decode()


@pytest.mark.django_db
def test_the_review_inputs_and_the_action_plan_record_the_reason_too(
    org, coordinator, as_user
):
    client = as_user(coordinator)
    finding = make_finding(org)
    client.post(
        f"/{org.code}/granskning/iakttagelser/{finding.pk}/andra/",
        edit_data(
            finding,
            source=finding.source,
            year=finding.year,
            text="Ändrad text",
            status=finding.status,
            **{REASON_FIELD: "Rättat efter revisionens svar"},
        ),
    )
    assert (
        Finding.history.filter(id=finding.pk).latest("history_id").history_change_reason
        == "changed: Rättat efter revisionens svar"
    )
    action = make_action(org)
    response = client.post(
        f"/{org.code}/atgarder/{action.pk}/andra/",
        edit_data(
            action,
            area=action.area_id,
            text="Ny lydelse",
            start_year=action.start_year,
            end_year=action.end_year,
            status=action.status,
            priority=action.priority,
            **{REASON_FIELD: "Beslut i ledningsgruppen"},
        ),
    )
    assert response.status_code == 302
    assert (
        Action.history.filter(id=action.pk).latest("history_id").history_change_reason
        == "changed: Beslut i ledningsgruppen"
    )
