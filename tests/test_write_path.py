"""One write path (issue 15): services hold the rules, stale edits are refused
under a lock, the normative floor holds, owners do not delete, and the reasons in
the history are codes shown in the reader's language."""

import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from classification import services as register
from classification.models import Classification, InformationAsset
from classification.models import NormativeClassification as Normative
from lgsys import reasons
from lgsys.forms import TOKEN_FIELD
from lgsys.models import Role
from lgsys.services import StaleEdit, version_of
from reviews.report import services as report_services
from tests.classification.factories import make_asset, make_classification
from tests.factories import edit_data, make_member, make_user
from tests.reviews_report.factories import make_review

ASSETS = "/{code}/register/informationsmangder/"
CLASSIFICATIONS = "/{code}/register/klassningar/"


def _asset_post(asset, **changes) -> dict:
    data = {
        "name": asset.name,
        "description": asset.description,
        "status": asset.status,
        "owner_user": asset.owner_user_id or "",
        "owner_title": asset.owner_title,
    }
    data.update(changes)
    return data


# Stale edits -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_register_edit_is_refused_naming_what_changed_and_who(
    org, coordinator, as_user, client
):
    second = make_member(
        org, Role.COORDINATOR, make_user("andra", first_name="Ada", last_name="Berg")
    )
    asset = make_asset(org, name="Låntagarregister")
    url = f"{ASSETS.format(code=org.code)}{asset.pk}/andra/"
    loaded = edit_data(asset)  # both load the same version

    client.force_login(second)
    first = client.post(url, {**loaded, **_asset_post(asset, description="Adas")})
    assert first.status_code == 302

    client.force_login(coordinator)
    refused = client.post(
        url, {**loaded, **_asset_post(asset, description="Min egen text")}
    )
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Ada Berg" in page and "Adas" in page  # who, and what is stored now
    assert "Min egen text" in page  # the user's input is kept
    asset.refresh_from_db()
    assert asset.description == "Adas"

    # Having read it, the user saves again (the form now carries the new version).
    token = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', page).group(1)
    again = client.post(
        url, {TOKEN_FIELD: token, **_asset_post(asset, description="Min egen text")}
    )
    assert again.status_code == 302
    asset.refresh_from_db()
    assert asset.description == "Min egen text"


@pytest.mark.django_db
def test_an_edit_without_the_loaded_version_is_refused(org, coordinator, as_user):
    asset = make_asset(org, name="Låntagarregister")
    url = f"{ASSETS.format(code=org.code)}{asset.pk}/andra/"
    response = as_user(coordinator).post(url, _asset_post(asset, name="Överskrivet"))
    assert response.status_code == 200
    assert "version" in response.content.decode()
    asset.refresh_from_db()
    assert asset.name == "Låntagarregister"
    with pytest.raises(StaleEdit):
        register.asset_update(asset=asset, by=coordinator, version=None)


@pytest.mark.django_db
def test_a_stale_section_text_is_refused_and_the_writers_text_kept(
    org, coordinator, as_user, client
):
    second = make_member(
        org, Role.COORDINATOR, make_user("andra", first_name="Ada", last_name="Berg")
    )
    review = make_review(org, year=2024, by=coordinator)
    section = review.sections.get(key="1.1")
    url = f"/{org.code}/granskning/{review.pk}/avsnitt/1.1/"
    loaded = edit_data(section)
    client.force_login(second)
    assert client.post(url, {**loaded, "text": "Adas stycke."}).status_code == 302
    client.force_login(coordinator)
    refused = client.post(url, {**loaded, "text": "Mitt stycke."})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Ada Berg" in page and "Mitt stycke." in page
    section.refresh_from_db()
    assert section.text == "Adas stycke."
    missing = client.post(url, {"text": "Utan version."})
    assert missing.status_code == 200
    section.refresh_from_db()
    assert section.text == "Adas stycke."


@pytest.mark.django_db
def test_a_stale_review_header_is_refused(org, coordinator, as_user):
    review = make_review(org, year=2024, by=coordinator, contact_name="Jenny Ekman")
    url = f"/{org.code}/granskning/{review.pk}/uppgifter/"
    loaded = edit_data(review)
    client = as_user(coordinator)
    data = {"dnr": "", "contact_title": ""}
    assert (
        client.post(url, {**loaded, **data, "contact_name": "Ada Berg"}).status_code
        == 302
    )
    refused = client.post(url, {**loaded, **data, "contact_name": "Bo Ek"})
    assert refused.status_code == 200 and "Bo Ek" in refused.content.decode()
    review.refresh_from_db()
    assert review.contact_name == "Ada Berg"
    assert client.post(url, {**data, "contact_name": "Bo Ek"}).status_code == 200
    review.refresh_from_db()
    assert review.contact_name == "Ada Berg"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_version_never_both_pass(org, coordinator):
    """Six saves of the same loaded version at once: exactly one is stored, the
    others are refused as stale (the check and the save are one locked step)."""
    asset = make_asset(org, name="Låntagarregister")
    version = version_of(asset)
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def save(n: int) -> None:
        try:
            mine = InformationAsset.objects.get(pk=asset.pk)
            mine.description = f"version {n}"
            barrier.wait(timeout=10)
            register.asset_update(asset=mine, by=coordinator, version=version)
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["saved"] + ["stale"] * 5
    assert asset.history.filter(history_type="~").count() == 1


# The normative floor ---------------------------------------------------------


@pytest.fixture
def personalakter(org):
    return Normative.objects.create(name="Personalakter", k=3, r=3, t=3)


def _classification_post(c, **changes) -> dict:
    data = {
        "asset": c.asset_id,
        "classified_on": c.classified_on.isoformat(),
        "normative": c.normative_id or "",
        "k": c.k,
        "r": c.r,
        "t": c.t,
        "s": "" if c.s is None else c.s,
        "participants": "",
        "next_review": "",
        "notes": "",
    }
    data.update(changes)
    return edit_data(c, **data)


@pytest.mark.django_db
def test_unlinking_and_lowering_in_one_save_needs_the_coordinators_reason(
    org, coordinator, as_user, personalakter
):
    """The attack: clear "follows normative" and set R to 2 in the same save."""
    c = make_classification(org, normative=personalakter, k=3, r=3, t=3)
    url = f"{CLASSIFICATIONS.format(code=org.code)}{c.pk}/andra/"
    client = as_user(coordinator)
    refused = client.post(url, _classification_post(c, normative="", r=2))
    assert refused.status_code == 200
    assert "Personalakter" in refused.content.decode()
    c.refresh_from_db()
    assert (c.krt, c.normative_id) == ("3-3-3", personalakter.pk)

    saved = client.post(
        url,
        _classification_post(
            c, normative="", r=2, unlink_reason="Beslut om lägre riktighet 2024-03."
        ),
    )
    assert saved.status_code == 302
    c.refresh_from_db()
    assert (c.krt, c.normative_id) == ("3-2-3", None)
    stored = c.history.latest().history_change_reason
    assert stored == "normative_unlinked: Beslut om lägre riktighet 2024-03."
    with translation.override("sv"):
        assert reasons.label(stored).endswith(": Beslut om lägre riktighet 2024-03.")
        assert "normerande" in reasons.label(stored)


@pytest.mark.django_db
def test_a_value_below_the_floor_is_refused_while_linked(
    org, coordinator, personalakter
):
    c = make_classification(org, normative=personalakter, k=3, r=3, t=3)
    mine = Classification.objects.get(pk=c.pk)
    mine.r = 2
    with pytest.raises(ValidationError) as refused:
        register.classification_update(
            classification=mine, by=coordinator, version=version_of(c)
        )
    assert "r" in refused.value.message_dict
    c.refresh_from_db()
    assert c.r == 3


@pytest.mark.django_db
def test_an_owner_cannot_unlink(org, owner, as_user, personalakter):
    asset = make_asset(org, owner_user=owner)
    c = make_classification(org, asset=asset, normative=personalakter, k=3, r=3, t=3)
    url = f"{CLASSIFICATIONS.format(code=org.code)}{c.pk}/andra/"
    # the field is locked on the page: what the owner posts for it is ignored
    as_user(owner).post(url, _classification_post(c, normative="", r=2))
    c.refresh_from_db()
    assert (c.krt, c.normative_id) == ("3-3-3", personalakter.pk)
    mine = Classification.objects.get(pk=c.pk)
    mine.normative, mine.r = None, 2
    with pytest.raises(ValidationError) as refused:
        register.classification_update(
            classification=mine,
            by=owner,
            version=version_of(c),
            unlink_reason="ville",
        )
    assert "normative" in refused.value.message_dict
    c.refresh_from_db()
    assert (c.krt, c.normative_id) == ("3-3-3", personalakter.pk)


# Owners edit, coordinators delete ----------------------------------------------


@pytest.mark.django_db
def test_an_owner_edits_their_asset_and_its_classifications_but_never_deletes(
    org, coordinator, owner, as_user
):
    asset = make_asset(org, name="Mitt register", owner_user=owner)
    theirs = make_classification(org, asset=asset, classified_by=coordinator)
    client = as_user(owner)
    base, cbase = ASSETS.format(code=org.code), CLASSIFICATIONS.format(code=org.code)
    edited = client.post(
        f"{base}{asset.pk}/andra/",
        edit_data(asset, **_asset_post(asset, description="Ägarens text")),
    )
    assert edited.status_code == 302
    assert client.get(f"{cbase}{theirs.pk}/andra/").status_code == 200
    for url in (f"{base}{asset.pk}/radera/", f"{cbase}{theirs.pk}/radera/"):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert "radera/" not in client.get(f"{base}{asset.pk}/").content.decode()
    assert InformationAsset.objects.filter(pk=asset.pk).exists()
    assert Classification.objects.filter(pk=theirs.pk).exists()
    with pytest.raises(PermissionDenied):
        register.asset_delete(asset=asset, by=owner)
    with pytest.raises(PermissionDenied):
        register.classification_delete(classification=theirs, by=owner)
    # the coordinator deletes, with the classifications in the history
    register.asset_delete(asset=asset, by=coordinator)
    assert not InformationAsset.objects.filter(pk=asset.pk).exists()
    gone = theirs.history.filter(history_type="-").get()
    assert gone.history_user == coordinator and gone.history_change_reason == "deleted"


@pytest.mark.django_db
def test_an_owner_cannot_hand_the_asset_away_or_touch_anothers(org, coordinator, owner):
    mine = make_asset(org, owner_user=owner)
    others = make_asset(org, owner_user=coordinator)
    changed = InformationAsset.objects.get(pk=mine.pk)
    changed.owner_user = coordinator
    with pytest.raises(ValidationError):
        register.asset_update(asset=changed, by=owner, version=version_of(mine))
    other = InformationAsset.objects.get(pk=others.pk)
    other.name = "Kapad"
    with pytest.raises(PermissionDenied):
        register.asset_update(asset=other, by=owner, version=version_of(others))
    with pytest.raises(PermissionDenied):
        register.asset_create(
            asset=InformationAsset(organisation=org, name="Ny"), by=owner
        )


# Reasons -------------------------------------------------------------------------


@pytest.mark.django_db
def test_reasons_are_stored_as_codes_and_shown_in_the_readers_language(
    org, coordinator, as_user
):
    with translation.override("en"):
        review = make_review(org, year=2024, by=coordinator)
    with translation.override("sv"):
        asset = register.asset_create(
            asset=InformationAsset(organisation=org, name="Kodad"), by=coordinator
        )
    assert review.history.latest().history_change_reason == "review_created"
    assert asset.history.latest().history_change_reason == "created"
    with translation.override("sv"):
        assert reasons.label("created") == "skapad"
    with translation.override("en"):
        assert reasons.label("created") == "created"
    assert reasons.label("fritt skriven anledning") == "fritt skriven anledning"
    page = as_user(coordinator).get(f"/{org.code}/historik/").content.decode()
    assert "skapad" in page and "review_created" not in page


@pytest.mark.django_db
def test_every_service_records_who(org, coordinator):
    review = make_review(org, year=2024, by=coordinator)
    section = review.sections.get(key="1.1")
    report_services.section_update(
        section=section, text="Ny text.", by=coordinator, version=version_of(section)
    )
    record = section.history.latest()
    assert record.history_user == coordinator
    assert record.history_change_reason == "text_changed"


# Only services write -------------------------------------------------------------

ROOT = Path(settings.BASE_DIR)
WRITE = re.compile(
    r"\.(save|delete)\(|objects\.(create|bulk_create|bulk_update|update|"
    r"get_or_create|update_or_create)\(|bulk_create_with_history\("
)
# Where a tracked record may be written besides services.py: migrations, seeders,
# demo loaders (and tests, not scanned). Other matches that write no tracked row:
NOT_A_TRACKED_WRITE = {
    ("lgsys/exports.py", "workbook.save("),  # an openpyxl workbook
    ("classification/importer.py", "workbook.save("),
    ("lgsys/crud.py", "self.delete(**"),  # calls the app's delete service
    ("lgsys/audit/security.py", "SecurityEvent.objects.bulk_create("),  # no history
}


def _allowed(path: Path) -> bool:
    rel = path.relative_to(ROOT).as_posix()
    return (
        path.name == "services.py"
        or "/migrations/" in rel
        or path.name in {"seed.py", "seed_large.py"}
        or path.name.startswith("demo")
        or rel.startswith("reviews/bench/")
    )


def test_no_tracked_model_is_written_outside_services():
    found = []
    for app in ("lgsys", "classification", "reviews", "actions"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if _allowed(path):
                continue
            rel = path.relative_to(ROOT).as_posix()
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if WRITE.search(line) and not any(
                    rel == where and what in line for where, what in NOT_A_TRACKED_WRITE
                ):
                    found.append(f"{rel}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.django_db
def test_the_review_forms_take_an_optional_reason_into_the_history(
    org, coordinator, as_user
):
    review = make_review(org, year=2024, by=coordinator)
    section = review.sections.get(key="1.1")
    client = as_user(coordinator)
    response = client.post(
        f"/{org.code}/granskning/{review.pk}/avsnitt/1.1/",
        edit_data(section, text="Ny text.", change_reason="Efter ledningsgruppen"),
    )
    assert response.status_code == 302
    assert (
        section.history.latest().history_change_reason
        == "text_changed: Efter ledningsgruppen"
    )
    response = client.post(
        f"/{org.code}/granskning/{review.pk}/uppgifter/",
        edit_data(
            review,
            dnr="",
            contact_name="Ada Berg",
            contact_title="",
            change_reason="Ny kontakt",
        ),
    )
    assert response.status_code == 302
    assert review.history.latest().history_change_reason == "header_changed: Ny kontakt"
