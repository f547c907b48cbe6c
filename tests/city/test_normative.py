"""Normative classifications owned by the city: created, revised and retired on
the city's pages with a reason; a raised floor is listed and told to the
coordinators; a lowered one changes nobody's classification."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from classification import dashboard, services
from classification.forms import ClassificationForm
from classification.models import Classification, NormativeClassification
from lgsys.models import Membership, ReminderKind
from lgsys.services import version_of
from reviews.reminders.events import due_events
from tests.city.factories import make_normative
from tests.classification.factories import make_asset, make_classification
from tests.factories import edit_data, make_member, make_organisation, make_user


def _levels(**levels):
    return {"k": 2, "r": 2, "t": 2, "s": "", **levels}


@pytest.mark.django_db
def test_the_officer_creates_one_with_a_required_reason(client, city, ciso):
    client.force_login(ciso)
    url = f"/stad/{city.code}/normerande/ny/"
    data = {"name": "Personalakter", "description": "HR", **_levels(k=3)}
    response = client.post(url, data)
    assert response.status_code == 200  # no reason: refused on the form
    assert "field--error" in response.content.decode()
    assert 'value="Personalakter"' in response.content.decode()
    assert not NormativeClassification.objects.exists()
    response = client.post(url, {**data, "change_reason": "Stadens beslut 2026"})
    assert response.status_code == 302
    normative = NormativeClassification.objects.get()
    assert normative.municipality == city and (normative.k, normative.s) == (3, None)
    record = normative.history.get()
    assert record.history_user == ciso
    assert record.history_change_reason == "normative_created: Stadens beslut 2026"
    # the same name twice in one city is a field error
    response = client.post(url, {**data, "change_reason": "igen"})
    assert response.status_code == 200
    assert NormativeClassification.objects.count() == 1


@pytest.mark.django_db
def test_a_level_off_the_citys_scale_is_refused(city, ciso):
    normative = NormativeClassification(municipality=city, name="X", k=9, r=1, t=1)
    with pytest.raises(ValidationError):
        services.normative_create(normative=normative, by=ciso, reason="r")


@pytest.mark.django_db
def test_only_the_citys_officer_writes(city, other_city, city_auditor, other_ciso):
    normative = make_normative(city)
    for user in (city_auditor, other_ciso):
        with pytest.raises(PermissionDenied):
            services.normative_revise(
                normative=normative, by=user, version=version_of(normative), reason="x"
            )
        with pytest.raises(PermissionDenied):
            services.normative_retire(
                normative=normative, by=user, version=version_of(normative), reason="x"
            )


def _follower(org, normative, name, **levels):
    asset = make_asset(org, name=name)
    values = {"k": normative.k, "r": normative.r, "t": normative.t, **levels}
    return make_classification(org, asset=asset, normative=normative, **values)


@pytest.mark.django_db
def test_raising_a_floor_lists_who_is_now_below_it_before_and_after(
    client, city, city_org, ciso, coordinator
):
    normative = make_normative(city, "Personalakter", k=2, r=2, t=2)
    low = _follower(city_org, normative, "Lönelistor")  # 2-2-2
    high = _follower(city_org, normative, "Personalakter HR", k=3)  # 3-2-2
    # an older revision below the floor is no longer the asset's current one
    make_classification(
        city_org,
        asset=high.asset,
        normative=normative,
        k=2,
        r=2,
        t=2,
        classified_on=date(2020, 1, 1),
    )
    other_idr = make_organisation("IDR", city=city)
    other_low = _follower(other_idr, normative, "Föreningsakter")
    client.force_login(ciso)
    url = f"/stad/{city.code}/normerande/{normative.pk}/revidera/"
    form = client.get(url)
    data = edit_data(
        normative,
        name="Personalakter",
        description="",
        **_levels(k=3),
        change_reason="Ny bedömning",
    )
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200 and form.status_code == 200
    page = preview.content.decode()
    rows = page.split("Förhandsgranskning")[1].split("</table>")[0]
    assert low.asset.name in rows and other_low.asset.name in rows
    assert high.asset.name not in rows
    normative.refresh_from_db()
    assert normative.k == 2  # a preview saves nothing
    response = client.post(url, data)
    assert response.status_code == 302
    normative.refresh_from_db()
    assert normative.k == 3
    assert normative.history.first().history_change_reason == (
        "normative_revised: Ny bedömning"
    )
    # the organisations' classifications are untouched
    low.refresh_from_db()
    assert (low.k, low.r, low.t) == (2, 2, 2)
    assert low.history.count() == 1
    detail = client.get(response.url).content.decode()
    below = detail.split("Klassningar under detta golv")[1].split("</table>")[0]
    assert low.asset.name in below and other_idr.name in below
    assert high.asset.name not in below
    # the coordinator is told on "Att göra", linked to exactly those rows
    membership = Membership.objects.get(user=coordinator, organisation=city_org)
    items = [
        i
        for i in dashboard.todo(membership)
        if "golvet" in str(i.text) or "floor" in str(i.text)
    ]
    assert len(items) == 1 and items[0].count == 1
    client.force_login(coordinator)
    listed = client.get(items[0].url).content.decode()
    listed = listed.split("<tbody>")[1].split("</tbody>")[0]
    assert low.asset.name in listed and high.asset.name not in listed
    dash = client.get(f"/{city_org.code}/").content.decode()
    assert "under golvet för den normerande klassning den följer" in dash


@pytest.mark.django_db
def test_the_reminder_tells_the_coordinators_once_per_floor(
    city, city_org, coordinator
):
    coordinator.email = "samordnare@example.se"
    coordinator.save()
    normative = make_normative(city, k=1, r=1, t=1)
    low = _follower(city_org, normative, "Lönelistor")
    assert not [e for e in due_events() if e.kind == ReminderKind.NORMATIVE_FLOOR]
    normative.k = 3
    normative.save()
    events = [e for e in due_events() if e.kind == ReminderKind.NORMATIVE_FLOOR]
    assert len(events) == 1
    assert events[0].recipients == (coordinator,)
    assert low.asset.name in events[0].text
    assert events[0].path.endswith(f"/klassningar/{low.pk}/")


@pytest.mark.django_db
def test_lowering_a_floor_never_lowers_a_classification(city, city_org, ciso):
    normative = make_normative(city, k=3, r=3, t=3)
    follower = _follower(city_org, normative, "Lönelistor")
    version = version_of(normative)
    normative.k = normative.r = normative.t = 1
    services.normative_revise(
        normative=normative, by=ciso, version=version, reason="Sänkt"
    )
    normative.refresh_from_db()
    assert (normative.k, normative.r, normative.t) == (1, 1, 1)
    follower.refresh_from_db()
    assert (follower.k, follower.r, follower.t) == (3, 3, 3)
    assert follower.history.count() == 1
    assert not Classification.objects.below_normative().exists()


@pytest.mark.django_db
def test_retiring_keeps_the_followers_and_stops_offering_it(
    client, city, city_org, ciso, coordinator
):
    normative = make_normative(city, "Personalakter", k=3, r=3, t=3)
    follower = _follower(city_org, normative, "Lönelistor")
    client.force_login(ciso)
    url = f"/stad/{city.code}/normerande/{normative.pk}/avveckla/"
    assert client.post(url, edit_data(normative)).status_code == 200  # no reason
    response = client.post(url, edit_data(normative, change_reason="Ersatt"))
    assert response.status_code == 302
    normative.refresh_from_db()
    assert normative.retired_on is not None
    assert (
        normative.history.first().history_change_reason == "normative_retired: Ersatt"
    )
    follower.refresh_from_db()
    assert follower.normative == normative and follower.k == 3
    listing = client.get(f"/stad/{city.code}/normerande/").content.decode()
    assert "Personalakter" in listing.split('id="normative-retired"')[1]
    # a revision of a retired one is refused
    assert (
        client.get(f"/stad/{city.code}/normerande/{normative.pk}/revidera/").status_code
        == 302
    )
    # no longer offered to a new classification; still shown on the one that follows it
    new_form = ClassificationForm(organisation=city_org)
    assert normative not in new_form.fields["normative"].queryset
    edit_form = ClassificationForm(instance=follower, organisation=city_org)
    assert normative in edit_form.fields["normative"].queryset


@pytest.mark.django_db
def test_an_organisation_is_offered_only_its_citys_normatives(
    city, other_city, city_org
):
    ours = make_normative(city, "Personalakter")
    theirs = make_normative(other_city, "Personalakter")
    offered = ClassificationForm(organisation=city_org).fields["normative"].queryset
    assert ours in offered and theirs not in offered
    # a foreign id posted by hand is a field error
    asset = make_asset(city_org)
    coordinator = make_member(city_org, user=make_user("s2"))
    form = ClassificationForm(
        {
            "asset": asset.pk,
            "classified_on": "2026-01-01",
            "k": 2,
            "r": 2,
            "t": 2,
            "normative": theirs.pk,
        },
        organisation=city_org,
        membership=Membership.objects.get(user=coordinator),
    )
    assert not form.is_valid() and "normative" in form.errors
