import pytest

from classification.models import Classification, InformationAsset
from tests.classification.factories import (
    FACTORIES,
    make_asset,
    make_classification,
    make_risk,
)

LISTS = {
    "asset": "informationsmangder",
    "classification": "klassningar",
    "risk": "risker",
    "system": "system",
    "threshold": "troskelanalyser",
}


# A page's queries: what a list or the heat map may cost at most, and then
# exactly the same with many more rows.
PAGE_QUERIES = 20


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_is_the_same_for_3_and_50_rows(
    name,
    as_user,
    coordinator,
    org,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    client = as_user(coordinator)
    url = f"/{org.code}/register/{LISTS[name]}/"
    for _ in range(3):
        FACTORIES[name](org)
    client.get(url)  # the session's first write settles
    with django_assert_max_num_queries(PAGE_QUERIES) as small:
        assert client.get(url).status_code == 200
    for _ in range(47):
        FACTORIES[name](org)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_heatmap_query_count_and_content(
    as_user, coordinator, org, django_assert_max_num_queries, django_assert_num_queries
):
    client = as_user(coordinator)
    url = f"/{org.code}/register/risker/karta/"
    make_risk(org, likelihood=4, consequence=4)
    client.get(url)  # the session's first write settles
    with django_assert_max_num_queries(PAGE_QUERIES) as small:
        assert client.get(url).status_code == 200
    for _ in range(30):
        make_risk(org, likelihood=2, consequence=3)
    with django_assert_num_queries(len(small)):
        html = client.get(url).content.decode()
    assert "?likelihood=2&amp;consequence=3" in html
    assert (
        '<span class="heat__count">30</span><span class="heat__band">Medel</span>'
        in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_another_organisations_record_is_404(name, as_user, coordinator, other_org):
    foreign = FACTORIES[name](other_org)
    client = as_user(coordinator)
    base = f"/KUL/register/{LISTS[name]}/{foreign.pk}/"
    for suffix in ("", "andra/", "radera/"):
        assert client.get(base + suffix).status_code == 404


@pytest.mark.django_db
def test_an_owner_edits_only_their_own_assets_and_classifications(as_user, owner, org):
    own = make_asset(org, owner_user=owner, name="Mitt register")
    others = make_asset(org, name="Annans register")
    client = as_user(owner)
    assert (
        client.get(
            f"/{org.code}/register/informationsmangder/{own.pk}/andra/"
        ).status_code
        == 200
    )
    assert (
        client.get(
            f"/{org.code}/register/informationsmangder/{others.pk}/andra/"
        ).status_code
        == 403
    )
    assert (
        client.get(f"/{org.code}/register/informationsmangder/ny/").status_code == 403
    )
    form = client.get(f"/{org.code}/register/klassningar/ny/").context["form"]
    assert list(form.fields["asset"].queryset) == [own]
    refused = client.post(
        f"/{org.code}/register/klassningar/ny/",
        {
            "asset": others.pk,
            "classified_on": "2023-05-01",
            "k": "2",
            "r": "2",
            "t": "1",
        },
    )
    assert refused.status_code == 200 and "asset" in refused.context["form"].errors
    saved = client.post(
        f"/{org.code}/register/klassningar/ny/",
        {"asset": own.pk, "classified_on": "2023-05-01", "k": "3", "r": "2", "t": "1"},
    )
    assert saved.status_code == 302
    classification = Classification.objects.get(asset=own)
    assert classification.classified_by == owner
    other_c = make_classification(org, others)
    assert (
        client.get(f"/{org.code}/register/klassningar/{other_c.pk}/andra/").status_code
        == 403
    )
    assert (
        client.post(
            f"/{org.code}/register/klassningar/{other_c.pk}/radera/"
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_head_and_auditor_read_only(as_user, head, auditor, org):
    asset = make_asset(org)
    for user in (head, auditor):
        client = as_user(user)
        assert (
            client.get(
                f"/{org.code}/register/informationsmangder/{asset.pk}/"
            ).status_code
            == 200
        )
        assert (
            client.get(
                f"/{org.code}/register/informationsmangder/{asset.pk}/andra/"
            ).status_code
            == 403
        )
        assert (
            client.post(
                f"/{org.code}/register/informationsmangder/{asset.pk}/radera/"
            ).status_code
            == 403
        )
    assert InformationAsset.objects.filter(pk=asset.pk).exists()


@pytest.mark.django_db
def test_filters_and_the_overdue_flag(as_user, coordinator, org):
    from datetime import date

    late = make_asset(org, name="Sen", process_code="3.2.1")
    make_classification(org, late, k=3, r=1, t=1, next_review=date(2001, 1, 1))
    ok = make_asset(org, name="I tid", process_code="1.1")
    make_classification(org, ok, k=1, r=1, t=1, next_review=date(2999, 1, 1))
    client = as_user(coordinator)

    def names(query):
        page = client.get(f"/{org.code}/register/informationsmangder/?{query}")
        return [obj.name for obj, _c in page.context["rows"]]

    assert names("overdue=on") == ["Sen"]
    assert names("level=3") == ["Sen"]
    assert names("process=1.1") == ["I tid"]
    assert names("sort=-level") == ["Sen", "I tid"]
    html = client.get(f"/{org.code}/register/informationsmangder/").content.decode()
    assert "2001-01-01 (försenad)" in html


@pytest.mark.django_db
def test_deleting_an_asset_that_risks_point_to_is_explained(as_user, coordinator, org):
    asset = make_asset(org, name="Låntagarregister")
    risk = make_risk(org, title="Obehörig åtkomst")
    risk.assets.add(asset)
    page = as_user(coordinator).get(
        f"/{org.code}/register/informationsmangder/{asset.pk}/radera/"
    )
    assert page.status_code == 200
    assert "Obehörig åtkomst" in page.content.decode()


@pytest.mark.django_db
def test_exports_escape_formulas(as_user, coordinator, org):
    import csv
    import io

    make_asset(org, name='=HYPERLINK("http://x")')
    response = as_user(coordinator).get(
        f"/{org.code}/register/informationsmangder/?format=csv"
    )
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


@pytest.mark.django_db
def test_deleting_an_asset_that_risks_point_to_is_refused(as_user, coordinator, org):
    asset = make_asset(org, name="Låntagarregister")
    make_risk(org, title="Obehörig åtkomst").assets.add(asset)
    refused = as_user(coordinator).post(
        f"/{org.code}/register/informationsmangder/{asset.pk}/radera/"
    )
    assert refused.status_code == 400
    assert "Risker hänvisar till informationsmängden" in refused.content.decode()
    assert InformationAsset.objects.filter(pk=asset.pk).exists()
