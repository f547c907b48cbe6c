import csv
import io

import pytest
from openpyxl import load_workbook

from actions.models import Action, ActionStatus
from reviews.models import ManagementReview
from tests.actions.factories import make_action, make_area
from tests.factories import edit_data
from tests.html import history_section

# What the plan may cost at most, and then exactly the same with more actions.
PLAN_QUERIES = 25


def _fill(org, n, areas=3):
    ManagementReview.objects.create(organisation=org, year=2022 + n)
    all_areas = [make_area(org) for _ in range(areas)]
    for i in range(n):
        make_action(
            org,
            all_areas[i % areas],
            start_year=2024 + i % 3,
            end_year=None if i % 4 == 0 else 2026,
            responsible_title="samordnare",
        )


@pytest.mark.django_db
def test_plan_query_count_does_not_grow_with_actions(
    as_user, coordinator, org, django_assert_max_num_queries, django_assert_num_queries
):
    client = as_user(coordinator)
    url = f"/{org.code}/atgarder/?review_year=2023"
    _fill(org, 3)
    client.get(url)  # the session's writes settle
    with django_assert_max_num_queries(PLAN_QUERIES) as small:
        assert client.get(url).status_code == 200
    _fill(org, 50)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_every_role_reads_the_plan_only_the_coordinator_gets_controls(
    as_user, role_users, org
):
    area = make_area(org, title="Kompetens")
    make_action(org, area, text="Utbilda nyckelroller")
    for role, user in role_users.items():
        page = as_user(user).get(f"/{org.code}/atgarder/?review_year=2023")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Utbilda nyckelroller" in html
        assert ("Ny åtgärd" in html) == (role == "samordnare")


@pytest.mark.django_db
def test_another_organisations_action_is_404(as_user, coordinator, other_org):
    foreign = make_action(other_org)
    client = as_user(coordinator)
    for suffix in ("", "andra/", "status/", "radera/"):
        assert client.get(f"/KUL/atgarder/{foreign.pk}/{suffix}").status_code == 404
    assert client.post(f"/KUL/atgarder/{foreign.pk}/upp/").status_code == 404


@pytest.mark.django_db
def test_create_refuses_bad_years_in_swedish_and_keeps_the_input(
    as_user, coordinator, org
):
    area = make_area(org)
    response = as_user(coordinator).post(
        f"/{org.code}/atgarder/ny/",
        {
            "area": area.pk,
            "text": "Min text",
            "start_year": "2026",
            "end_year": "2025",
            "status": ActionStatus.NOT_STARTED,
            "priority": "medel",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Slutåret kan inte vara före startåret." in html
    assert "Min text" in html
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_create_refuses_another_organisations_area_and_risks(
    as_user, coordinator, org, other_org
):
    from classification.models import Risk

    foreign_area = make_area(other_org)
    foreign_risk = Risk.objects.create(organisation=other_org, title="Annan risk")
    response = as_user(coordinator).post(
        f"/{org.code}/atgarder/ny/",
        {
            "area": foreign_area.pk,
            "risks": [foreign_risk.pk],
            "text": "x",
            "start_year": "2024",
            "status": ActionStatus.NOT_STARTED,
            "priority": "medel",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"area", "risks"}
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_create_edit_status_and_delete_through_the_pages(as_user, coordinator, org):
    from classification.models import Risk

    client = as_user(coordinator)
    area = make_area(org)
    risk = Risk.objects.create(organisation=org, title="Phishing")
    response = client.post(
        f"/{org.code}/atgarder/ny/",
        {
            "area": area.pk,
            "text": "Phishingövning",
            "start_year": "2024",
            "end_year": "",
            "status": ActionStatus.NOT_STARTED,
            "priority": "hog",
            "risks": [risk.pk],
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response.url == action.get_absolute_url()
    assert action.end_year is None and list(action.risks.all()) == [risk]
    detail = client.get(action.get_absolute_url()).content.decode()
    assert "2024 –" in detail and "Phishing" in detail
    history = history_section(detail)
    assert '<h2 id="history-heading">Ändringshistorik</h2>' in history
    assert "Samordnare Testsson" in history and "skapad" in history

    missing_note = client.post(
        f"/{org.code}/atgarder/{action.pk}/status/",
        edit_data(action, status=ActionStatus.DONE, note=""),
    )
    assert missing_note.status_code == 200
    assert "Detta fält måste fyllas i." in missing_note.content.decode()
    client.post(
        f"/{org.code}/atgarder/{action.pk}/status/",
        edit_data(action, status=ActionStatus.DONE, note="Övningen genomförd."),
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    detail = client.get(action.get_absolute_url()).content.decode()
    assert "Övningen genomförd." in detail
    assert "Ej påbörjad" in detail and "Genomförd" in detail  # the history's diff

    assert client.post(f"/{org.code}/atgarder/{action.pk}/radera/").status_code == 302
    assert not Action.objects.exists()
    assert action.history.filter(history_type="-").exists()


@pytest.mark.django_db
def test_moving_through_the_page(as_user, coordinator, org):
    area = make_area(org)
    first = make_action(org, area, text="a", order=10)
    second = make_action(org, area, text="b", order=20)
    response = as_user(coordinator).post(f"/{org.code}/atgarder/{second.pk}/upp/")
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.order < first.order


@pytest.mark.django_db
def test_deleting_an_area_with_actions_is_explained(as_user, coordinator, org):
    area = make_area(org, title="Fullt område")
    make_action(org, area)
    client = as_user(coordinator)
    page = client.get(f"/{org.code}/atgarder/omraden/{area.pk}/radera/")
    assert "kan raderas först när det saknar åtgärder" in page.content.decode()
    refused = client.post(f"/{org.code}/atgarder/omraden/{area.pk}/radera/")
    assert refused.status_code == 400
    assert "Flytta eller radera dem först" in refused.content.decode()
    assert type(area).objects.filter(pk=area.pk).exists()


@pytest.mark.django_db
def test_filters_combine(as_user, coordinator, org):
    one, two = make_area(org), make_area(org)
    make_action(
        org,
        one,
        text="A-pågår",
        status=ActionStatus.IN_PROGRESS,
        responsible_title="arkivarie",
    )
    make_action(org, one, text="A-ej", status=ActionStatus.NOT_STARTED)
    make_action(org, two, text="B-pågår", status=ActionStatus.IN_PROGRESS)
    make_action(org, two, text="B-2026", start_year=2026, end_year=2026)
    client = as_user(coordinator)

    def shown(query):
        page = client.get(f"/{org.code}/atgarder/?review_year=2023&{query}")
        plan = page.context["plan"]
        return sorted(a.text for e in plan for g in e.groups for a in g.actions)

    assert shown(f"area={one.pk}") == ["A-ej", "A-pågår"]
    assert shown("status=pagar") == ["A-pågår", "B-pågår"]
    assert shown(f"status=pagar&area={two.pk}") == ["B-pågår"]
    assert shown("year=2026") == ["B-2026"]
    assert shown("responsible=arkiv") == ["A-pågår"]
    assert client.get(f"/{org.code}/atgarder/?year=abc").status_code == 200


@pytest.mark.django_db
def test_exports_follow_the_filters_and_neutralise_formulas(as_user, coordinator, org):
    area = make_area(org, title="Område")
    make_action(org, area, text='=HYPERLINK("http://evil")')
    make_action(org, area, text="Annan", status=ActionStatus.DONE)
    client = as_user(coordinator)
    response = client.get(
        f"/{org.code}/atgarder/?review_year=2023&status=ej_paborjad&format=csv"
    )
    assert response["Content-Disposition"].endswith('-2024-2026.csv"')
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:3] == ["Område", "Period", "Åtgärd"]
    assert len(rows) == 2
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    xlsx = client.get(f"/{org.code}/atgarder/?review_year=2023&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for c in sheet[2]] + [c.value for c in sheet[3]]
    assert '\'=HYPERLINK("http://evil")' in values
