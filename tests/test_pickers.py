"""Search-as-you-type pickers (issue 18): a form that chooses among a whole
register writes only what is chosen, and the search answers with the
organisation's first matches in a fixed number of queries."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, ActionStatus
from classification.models import InformationAsset, Risk
from tests.actions.factories import make_action, make_area
from tests.factories import edit_data


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str, tag: str) -> list[dict]:
    parser = _Tags()
    parser.feed(html)
    return [attrs for name, attrs in parser.tags if name == tag]


def _assets(org, n, prefix="Register"):
    return [
        InformationAsset.objects.create(organisation=org, name=f"{prefix} {i:04d}")
        for i in range(n)
    ]


def _risks(org, n, prefix="Risk"):
    return [
        Risk.objects.create(organisation=org, title=f"{prefix} {i:04d}")
        for i in range(n)
    ]


def _values(html, name, types=("checkbox", "radio")):
    return [
        attrs.get("value")
        for attrs in _tags(html, "input")
        if attrs.get("name") == name and attrs.get("type") in types
    ]


@pytest.mark.django_db
def test_the_action_form_writes_only_the_chosen_records(
    as_user, coordinator, org, django_assert_num_queries
):
    client = as_user(coordinator)
    area = make_area(org)
    assets, risks = _assets(org, 3), _risks(org, 3)
    action = make_action(org, area)
    action.assets.set([assets[1]])
    action.risks.set(risks[:2])
    url = f"/{org.code}/atgarder/{action.pk}/andra/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        page = client.get(url)
    html = page.content.decode()
    assert _values(html, "assets") == [str(assets[1].pk)]
    assert _values(html, "risks") == [str(risks[0].pk), str(risks[1].pk)]
    assert "Register 0000" not in html  # not chosen, not written
    # A register 100 times larger: the same queries, the same chosen records.
    _assets(org, 300, prefix="Fler")
    _risks(org, 300, prefix="Fler")
    with django_assert_num_queries(len(small)):
        page = client.get(url)
    assert "Fler 0001" not in page.content.decode()


@pytest.mark.django_db
def test_the_picker_posts_the_chosen_ids_as_the_select_did(
    as_user, coordinator, org, other_org
):
    client = as_user(coordinator)
    area = make_area(org)
    assets = _assets(org, 2)
    foreign = _assets(other_org, 1, prefix="Annan")[0]
    action = make_action(org, area)
    url = f"/{org.code}/atgarder/{action.pk}/andra/"
    fields = {
        "area": area.pk,
        "text": action.text,
        "start_year": "2024",
        "status": ActionStatus.NOT_STARTED,
        "priority": "medel",
    }
    data = edit_data(action, **fields, assets=[assets[0].pk, assets[1].pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(action.assets.all()) == set(assets)
    # Another organisation's id is refused next to the field, and what was
    # chosen is shown again.
    action.refresh_from_db()
    fields["text"] = "Ändrad text"
    data = edit_data(action, **fields, assets=[assets[0].pk, foreign.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert str(assets[0].pk) in _values(html, "assets")
    assert "Ändrad text" in html
    assert Action.objects.get(pk=action.pk).text != "Ändrad text"


@pytest.mark.django_db
def test_the_search_finds_the_organisations_records_by_every_word(
    as_user, coordinator, org, other_org, django_assert_num_queries
):
    client = as_user(coordinator)
    InformationAsset.objects.create(organisation=org, name="Lånekort i biblioteket")
    InformationAsset.objects.create(organisation=org, name="Kortregister för lån")
    InformationAsset.objects.create(organisation=org, name="Personalakter")
    InformationAsset.objects.create(organisation=other_org, name="Lånekort hos IDR")
    url = f"/{org.code}/valj/asset/"
    html = client.get(url, {"q": "lån kort", "name": "assets", "multiple": "1"})
    text = html.content.decode()
    assert "Lånekort i biblioteket" in text and "Kortregister för lån" in text
    assert "Personalakter" not in text
    assert "IDR" not in text  # never another organisation's
    assert len(_values(text, "assets", types=("checkbox",))) == 2
    nothing = client.get(url, {"q": "zzz", "name": "asset"}).content.decode()
    assert "Inget matchar ”zzz”." in nothing
    # LIKE's own characters are matched as they are.
    assert (
        "Personalakter" not in client.get(url, {"q": "%", "name": "a"}).content.decode()
    )
    # The first 20, and a note that more match; the same queries at any size.
    _assets(org, 25)
    client.get(url, {"q": "register", "name": "asset"})
    with CaptureQueriesContext(connection) as small:
        first = client.get(url, {"q": "register", "name": "asset"}).content.decode()
    assert len(_values(first, "asset", types=("radio",))) == 20
    assert "Fler matchar" in first
    _assets(org, 200, prefix="Register extra")
    with django_assert_num_queries(len(small)):
        assert client.get(url, {"q": "register", "name": "asset"}).status_code == 200


@pytest.mark.django_db
def test_the_search_is_gated_and_bounded(as_user, coordinator, outsider, owner, org):
    url = f"/{org.code}/valj/asset/"
    assert as_user(outsider).get(url, {"name": "asset"}).status_code == 404
    client = as_user(coordinator)
    assert client.get(f"/{org.code}/valj/okand/", {"name": "a"}).status_code == 404
    assert client.get(url, {"name": '"><script>'}).status_code == 400
    assert client.get(url, {"q": "x" * 10_000, "name": "a"}).status_code == 200
    assert client.post(url, {"name": "a"}).status_code == 405
    # An information owner's classification offers only the assets they own.
    mine = InformationAsset.objects.create(
        organisation=org, name="Mitt register", owner_user=owner
    )
    InformationAsset.objects.create(organisation=org, name="Någon annans register")
    owner_client = as_user(owner)
    form = owner_client.get(f"/{org.code}/register/klassningar/ny/").content.decode()
    search = next(
        a["data-picker-url"] for a in _tags(form, "div") if "data-picker" in a
    )
    assert search.endswith("?own=1")
    found = owner_client.get(search + "&name=asset&q=register").content.decode()
    assert "Mitt register" in found and "Någon annans" not in found
    assert str(mine.pk) in found


@pytest.mark.django_db
def test_the_classification_filter_picks_one_asset(as_user, coordinator, org):
    client = as_user(coordinator)
    asset = _assets(org, 2)[1]
    page = client.get(f"/{org.code}/register/klassningar/", {"asset": asset.pk})
    assert page.status_code == 200
    html = page.content.decode()
    # "Alla" and the chosen asset, nothing else of the register.
    assert _values(html, "asset") == ["", str(asset.pk)]
    assert "Register 0000" not in html
