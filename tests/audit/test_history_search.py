"""The history's free-text search through the names index (issue 18, point 3):
the term finds records by every name they ever had, then their history rows;
the rows are the ones a search of every history row selects."""

import pytest
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from classification.models import Risk
from lgsys.audit import names, search, timeline
from lgsys.audit.names import HistoryName
from lgsys.models import Membership, Role
from tests.classification.factories import make_asset, make_classification, make_risk
from tests.factories import make_member, make_user

# What a search may cost at most; then exactly as much with more history.
SEARCH_QUERIES = 50


def _save(obj, user, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


def _found(org, text, **filters):
    rows = timeline.page(org, timeline.Filters(text=text, **filters), size=200).rows
    return [(r.kind_label, r.object_id, r.object_label, r.change_type) for r in rows]


def _everything_matching(org, text, kind):
    """The rows a search of every history row finds: each row's own name fields
    compared in Python, the way the database's icontains compares ASCII text."""
    found = []
    for row in timeline.page(org, timeline.Filters(kind=kind), size=5000).rows:
        if row.source is None:
            continue
        own = [
            getattr(row.record, f.attname)
            for f in row.source.fields
            if f.name
            in {"name", "title", "text", "label", "course", "reference", "key"}
        ]
        if any(text.lower() in (value or "").lower() for value in own):
            found.append(
                (row.kind_label, row.object_id, row.object_label, row.change_type)
            )
    return found


@pytest.mark.django_db
def test_a_renamed_record_is_found_by_its_old_name_and_a_deleted_one_by_its_name(
    org, coordinator
):
    asset = make_asset(org, name="Låntagarregister")
    _save(asset, coordinator, name="Kundregister för biblioteket")
    risk = make_risk(org, title="Översvämning i magasinet")
    risk_id = risk.pk
    risk._history_user = coordinator
    risk.delete()
    make_asset(org, name="Något helt annat")

    old = _found(org, "tagarreg")
    assert [(r[1], r[3]) for r in old] == [(asset.pk, "+")]  # the row with that name
    new = _found(org, "kundregister")
    assert [(r[1], r[3]) for r in new] == [(asset.pk, "~")]
    gone = _found(org, "svämning i mag")
    assert {r[1] for r in gone} == {risk_id} and {r[3] for r in gone} == {"+", "-"}
    assert (
        HistoryName.objects.filter(
            source="classification.informationasset", record_id=asset.pk
        ).count()
        == 2
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "term",
    ["100%", "a_b", 'citat "x"', "stjärna*", "o'hara", "%", "_", '"', "*", "\\", "%_"],
)
def test_special_characters_match_literally(org, coordinator, term):
    literal = make_asset(org, name=f"Register {term} slut")
    make_asset(org, name="Register 1000 ab citat x stjärna ohara slut")
    found = _found(org, term)
    assert {r[1] for r in found} == {literal.pk}, term


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["x", "Bo", "ö", "ar", "register", "zzz-inget"])
def test_short_and_long_terms_find_what_a_full_scan_finds(org, coordinator, term):
    for i, name in enumerate(["Boxregister", "Arkiv", "Löner", "Diarium X", "Bo"]):
        asset = make_asset(org, name=name)
        if i % 2:
            _save(asset, coordinator, name=f"{name} (nytt namn)")
        make_risk(org, title=f"Risk för {name}")
    for kind in ("classification.informationasset", "classification.risk"):
        assert _found(org, term, kind=kind) == _everything_matching(org, term, kind)


@pytest.mark.django_db
def test_listed_and_dense_candidates_select_the_same_rows(
    org, coordinator, monkeypatch
):
    for i in range(15):
        asset = make_asset(org, name=f"Mängd {i}")
        _save(asset, coordinator, description="ändrad")
        make_classification(org, asset=asset)
        make_risk(org, title=f"Risk mot mängd {i}")
    listed = _found(org, "mängd 1")
    assert listed
    monkeypatch.setattr(search, "DENSE", 1.0)  # every kind read record by record
    assert _found(org, "mängd 1") == listed
    monkeypatch.setattr(search, "MAX_LISTED", 0)  # newest first, by subquery
    assert _found(org, "mängd 1") == listed
    # A classification is found by its asset's (current) name.
    assert {r[0] for r in listed} >= {"Klassning", "Informationsmängd", "Risk"}


@pytest.mark.django_db
def test_a_membership_is_found_by_its_users_name(org, coordinator):
    member = make_member(
        org, Role.OWNER, make_user("stina", first_name="Stina", last_name="Ek")
    )
    found = _found(org, "stina")
    assert [r[1] for r in found] == [Membership.objects.get(user=member).pk]


@pytest.mark.django_db
def test_bulk_written_history_is_found_after_record_names(org, coordinator):
    risks = [
        Risk(organisation=org, title=f"Massrisk {i}", likelihood=1, consequence=1)
        for i in range(3)
    ]
    bulk_create_with_history(risks, Risk, default_user=coordinator)
    assert _found(org, "massrisk") == []  # bulk writes send no signal
    names.record_names(org)
    assert len(_found(org, "massrisk")) == 3
    names.record_names(org)  # a second run adds nothing
    assert HistoryName.objects.filter(source="classification.risk").count() == 3


@pytest.mark.django_db
def test_another_organisations_names_are_not_candidates(org, other_org, coordinator):
    make_asset(other_org, name="Idrottens hemliga register")
    assert _found(org, "hemliga") == []
    assert not search.resolve(org, "hemliga", list(timeline.sources())).records


@pytest.mark.django_db
def test_a_search_costs_the_same_number_of_queries_with_more_history(
    client,
    org,
    coordinator,
    auditor,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    client.force_login(auditor)
    url = reverse("history_timeline", args=[org.code])
    client.get(url)  # the session's first visit writes to it
    make_asset(org, name="Mängd")
    make_risk(org, title="Mängdrisk")
    with django_assert_max_num_queries(SEARCH_QUERIES) as few:
        assert client.get(url, {"q": "mängd"}).status_code == 200
    for i in range(40):
        asset = make_asset(org, name=f"Mängd {i}")
        _save(asset, coordinator, description="x")
        make_risk(org, title=f"Mängdrisk {i}")
    with django_assert_num_queries(len(few)):
        assert client.get(url, {"q": "mängd"}).status_code == 200
    # No candidate at all: the history is not read.
    with django_assert_num_queries(len(few) - 1):
        assert client.get(url, {"q": "ingen träff alls"}).status_code == 200
