import csv
import io

import pytest

from reviews.models import Incident
from tests.html import history_section
from tests.reviews_inputs.factories import FACTORIES, at, make_incident

LISTS = {
    "incident": "incidenter",
    "finding": "iakttagelser",
    "change": "omvarld",
    "training": "utbildning",
    "request": "registerutdrag",
}


# What a list page may cost at most, and then exactly the same with more rows.
LIST_QUERIES = 20


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
    url = f"/{org.code}/granskning/{LISTS[name]}/"
    for _ in range(3):
        FACTORIES[name](org)
    client.get(url)  # the session's first write settles
    with django_assert_max_num_queries(LIST_QUERIES) as small:
        assert client.get(url).status_code == 200
    for _ in range(47):
        FACTORIES[name](org)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_every_role_reads_and_only_the_coordinator_edits(
    name, as_user, role_users, org
):
    obj = FACTORIES[name](org)
    base = f"/{org.code}/granskning/{LISTS[name]}/"
    for role, user in role_users.items():
        client = as_user(user)
        assert client.get(base).status_code == 200
        assert client.get(f"{base}{obj.pk}/").status_code == 200
        expected = 200 if role == "samordnare" else 403
        assert client.get(f"{base}{obj.pk}/andra/").status_code == expected
        assert client.get(f"{base}ny/").status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_another_organisations_record_is_404(name, as_user, coordinator, other_org):
    foreign = FACTORIES[name](other_org)
    client = as_user(coordinator)
    base = f"/KUL/granskning/{LISTS[name]}/{foreign.pk}/"
    for suffix in ("", "andra/", "radera/"):
        assert client.get(base + suffix).status_code == 404
    assert client.post(base + "radera/").status_code == 404
    assert type(foreign).objects.filter(pk=foreign.pk).exists()


@pytest.mark.django_db
def test_the_incident_list_shows_the_imy_badge_as_text(as_user, coordinator, org):
    make_incident(
        org,
        title="Gammal incident",
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment="under_bedomning",
        discovered_at=at(2023, 1, 1, 8, 0),
    )
    make_incident(
        org,
        title="Anmäld i tid",
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment="anmald",
        discovered_at=at(2023, 1, 1, 8, 0),
        reported_to_imy_at=at(2023, 1, 2, 8, 0),
    )
    html = as_user(coordinator).get(f"/{org.code}/granskning/incidenter/").content
    html = html.decode()
    assert 'badge badge--danger">Tidsfristen passerad' in html
    assert 'badge badge--ok">Anmäld i tid' in html
    overdue = (
        as_user(coordinator)
        .get(f"/{org.code}/granskning/incidenter/?overdue=on")
        .context["rows"]
    )
    assert [obj.title for obj, _cells in overdue] == ["Gammal incident"]


@pytest.mark.django_db
def test_a_late_report_without_reason_is_refused_on_the_page(as_user, coordinator, org):
    response = as_user(coordinator).post(
        f"/{org.code}/granskning/incidenter/ny/",
        {
            "title": "Läckt lista",
            "kind": "personuppgift",
            "severity": "medel",
            "status": "oppen",
            "discovered_at": "2023-03-01T10:00",
            "imy_assessment": "anmald",
            "reported_to_imy_at": "2023-03-05T10:00",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ange skälet till förseningen" in html
    assert "Läckt lista" in html  # what was typed is kept
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_create_search_sort_and_export(as_user, coordinator, org):
    client = as_user(coordinator)
    response = client.post(
        f"/{org.code}/granskning/iakttagelser/ny/",
        {
            "source": "revision",
            "year": "2022",
            "text": "=cmd|' /C calc'!A0",
            "status": "kvarstar",
            "reference": "Revisionen 2022",
        },
    )
    assert response.status_code == 302
    FACTORIES["finding"](org, text="Annan iakttagelse", year=2023)
    page = client.get(f"/{org.code}/granskning/iakttagelser/?q=calc")
    assert [o.reference for o, _c in page.context["rows"]] == ["Revisionen 2022"]
    page = client.get(f"/{org.code}/granskning/iakttagelser/?sort=year")
    assert [o.year for o, _c in page.context["rows"]] == [2022, 2023]
    export = client.get(f"/{org.code}/granskning/iakttagelser/?year=2022&format=csv")
    rows = list(
        csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][0] == "Iakttagelse"
    assert len(rows) == 2 and rows[1][0].startswith("'=cmd")
    detail = client.get(response.url).content.decode()
    assert "Kvarstår" in detail
    history = history_section(detail)
    assert '<h2 id="history-heading">Ändringshistorik</h2>' in history
    assert "Samordnare Testsson" in history and "skapad" in history


@pytest.mark.django_db
def test_deleting_keeps_the_history(as_user, coordinator, org):
    finding = FACTORIES["finding"](org)
    client = as_user(coordinator)
    response = client.post(f"/{org.code}/granskning/iakttagelser/{finding.pk}/radera/")
    assert response.status_code == 302
    assert not type(finding).objects.filter(pk=finding.pk).exists()
    assert finding.history.filter(history_type="-").exists()


@pytest.mark.django_db
def test_deleting_a_finding_behind_a_decided_action_keeps_the_decision(
    as_user, coordinator, org
):
    from reviews.models import DecidedAction
    from tests.actions.factories import make_action
    from tests.reviews_decisions.factories import decide
    from tests.reviews_report.factories import make_review

    finding = FACTORIES["finding"](org, text="Motiverar en åtgärd")
    decision = decide(make_action(org), make_review(org), findings=[finding])
    # M2M links do not protect; deleting removes the link, the decision stays.
    client = as_user(coordinator)
    assert (
        client.post(
            f"/{org.code}/granskning/iakttagelser/{finding.pk}/radera/"
        ).status_code
        == 302
    )
    assert list(DecidedAction.objects.get(pk=decision.pk).findings.all()) == []
