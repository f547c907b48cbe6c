"""The dashboard's "Att göra" (issue 17, point 3): per role, every figure a link
to the filtered list that shows exactly its rows, in a fixed number of queries."""

import re
from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from actions.models import ActionStatus
from classification.models import Risk
from lgsys.audit.sources import sources
from lgsys.models import LastVisit, Role
from reviews.approval import services as approval
from reviews.models import Incident, ManagementReview, ReviewStatus
from tests.actions.factories import make_action
from tests.classification.factories import make_asset, make_classification, make_risk
from tests.factories import make_member, make_user
from tests.reviews_inputs.factories import make_incident
from tests.reviews_report.factories import make_review

_years = count(1900)


def _today():
    return timezone.localdate()


def _todo(client, org) -> list:
    response = client.get(f"/{org.code}/")
    assert response.status_code == 200
    return response.context["todo"]


def _item(todo, pattern):
    """The one line whose text matches ``pattern``."""
    found = [item for item in todo if re.search(pattern, item.text)]
    assert len(found) == 1, [item.text for item in todo]
    return found[0]


def _rows_linked(client, url: str) -> set[str]:
    """The names of the rows the list at ``url`` shows."""
    response = client.get(url)
    assert response.status_code == 200
    return {str(obj) for obj, _cells in response.context["rows"]}


def _submitted(review, by, when=None):
    ManagementReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.SUBMITTED,
        submitted_at=when or timezone.now(),
        submitted_by=by,
    )
    review.refresh_from_db()
    return review


def _breach(org, hours_ago: float, **fields):
    return make_incident(
        org,
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment=Incident.ImyAssessment.PENDING,
        discovered_at=timezone.now() - timedelta(hours=hours_ago),
        **fields,
    )


def _overdue_classification(org, days=10, **asset_fields):
    asset = make_asset(org, **asset_fields)
    make_classification(org, asset=asset, next_review=_today() - timedelta(days=days))
    return asset


# The head ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_head_sees_the_review_waiting_for_their_decision(
    org, head, coordinator, auditor, as_user
):
    review = _submitted(make_review(org, year=2024), coordinator)
    client = as_user(head)
    item = _item(_todo(client, org), "väntar")
    assert item.count == 1
    assert item.url == f"/{org.code}/granskning/beslut/"
    (detail,) = item.details
    assert detail.url == f"/{org.code}/granskning/{review.pk}/underlag/"
    assert "Samordnare Testsson" in detail.note  # who submitted it, by full name
    page = client.get(f"/{org.code}/").content.decode()
    assert f'href="/{org.code}/granskning/{review.pk}/underlag/"' in page
    assert "väntar på ditt beslut" in page
    # the others have no decision to make
    for other in (coordinator, auditor):
        texts = [i.text for i in _todo(as_user(other), org)]
        assert not any("beslut" in t for t in texts), texts


@pytest.mark.django_db
def test_a_review_waiting_a_week_is_marked(org, head, coordinator, as_user):
    _submitted(
        make_review(org, year=2024),
        coordinator,
        when=timezone.now() - timedelta(days=8),
    )
    item = _item(_todo(as_user(head), org), "väntar")
    assert item.details[0].tone == "warn"


@pytest.mark.django_db
def test_nothing_waiting_says_so(org, head, as_user):
    client = as_user(head)
    assert _todo(client, org) == []
    assert (
        "Inget väntar på dig just nu." in client.get(f"/{org.code}/").content.decode()
    )


# The coordinator -------------------------------------------------------------


@pytest.mark.django_db
def test_the_coordinator_sees_this_years_review_and_the_deadline(
    org, coordinator, as_user
):
    year = _today().year
    client = as_user(coordinator)
    missing = _item(_todo(client, org), str(year))
    assert missing.url == f"/{org.code}/granskning/ny/"
    assert missing.note == "inget datum för verksamhetsplanen satt"

    review = make_review(org, year=year)
    org.plan_deadline = _today() + timedelta(days=20)
    org.save()
    item = _item(_todo(client, org), f"Ledningens genomgång {year}: Utkast")
    assert item.url == f"/{org.code}/granskning/{review.pk}/"
    assert item.note == (
        f"ska vara beslutad senast {org.plan_deadline.isoformat()}, om 20 dagar"
    )
    assert item.tone == "warn"

    org.plan_deadline = _today() - timedelta(days=1)
    org.save()
    item = _item(_todo(client, org), f"Ledningens genomgång {year}: Utkast")
    assert item.tone == "danger" and "har passerat" in item.note


@pytest.mark.django_db
def test_sections_without_text_link_to_the_first_of_them(org, coordinator, as_user):
    review = make_review(org, year=_today().year)
    empty = review.sections.filter(text="").count()
    assert empty > 1
    item = _item(_todo(as_user(coordinator), org), "avsnitt")
    assert item.count == empty
    first = review.sections.filter(text="").order_by("order", "pk").first()
    assert item.url == f"/{org.code}/granskning/{review.pk}/#section-{first.key}"


@pytest.mark.django_db
def test_a_returned_review_shows_with_its_comments(org, coordinator, head, as_user):
    review = _submitted(make_review(org, year=2024), coordinator)
    approval.review_return(review=review, by=head, comment="Komplettera 1.2.4.")
    item = _item(_todo(as_user(coordinator), org), "återremitterades")
    assert item.url == f"/{org.code}/granskning/{review.pk}/"
    assert item.note == "1 kommentar"
    # the head does not see it as theirs
    assert not any("återremitterades" in i.text for i in _todo(as_user(head), org))


@pytest.mark.django_db
def test_breaches_not_reported_show_the_hours_left_and_link_to_them(
    org, other_org, coordinator, as_user
):
    soon = _breach(org, 62, title="Felskickat mejl")  # 10 h left
    _breach(org, 20, title="Tappad USB-sticka")  # 52 h left
    late = _breach(org, 80, title="Stulen dator")  # deadline passed
    make_incident(  # reported: not counted
        org,
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment=Incident.ImyAssessment.REPORTED,
        discovered_at=timezone.now() - timedelta(hours=30),
        reported_to_imy_at=timezone.now() - timedelta(hours=1),
    )
    _breach(other_org, 10, title="Annan förvaltnings incident")
    client = as_user(coordinator)
    item = _item(_todo(client, org), "IMY")
    assert item.count == 3
    assert item.url == f"/{org.code}/granskning/incidenter/?unreported=1"
    notes = {d.text: (d.note, d.tone) for d in item.details}
    assert notes["Felskickat mejl"] == ("9 tim kvar", "danger")
    assert notes["Tappad USB-sticka"] == ("51 tim kvar", "warn")
    assert notes["Stulen dator"] == ("Tidsfristen passerad", "danger")
    assert item.details[0].url == f"/{org.code}/granskning/incidenter/{late.pk}/"
    assert _rows_linked(client, item.url) == {
        "Felskickat mejl",
        "Tappad USB-sticka",
        "Stulen dator",
    }
    assert soon.pk  # (named for the reader)


@pytest.mark.django_db
def test_registers_past_their_review_date_link_to_exactly_those_rows(
    org, coordinator, as_user
):
    late = _overdue_classification(org, name="Elevregister")
    in_time = make_asset(org, name="Lånekort")
    make_classification(org, asset=in_time, next_review=_today() + timedelta(days=5))
    make_risk(org, title="Obehörig åtkomst", next_review=_today() - timedelta(days=1))
    make_risk(org, title="Brand", next_review=_today() + timedelta(days=1))
    client = as_user(coordinator)
    todo = _todo(client, org)
    assets = _item(todo, "informationsmängd")
    assert assets.count == 1
    assert _rows_linked(client, assets.url) == {late.name}
    risks = _item(todo, "risk")
    assert risks.count == 1
    assert _rows_linked(client, risks.url) == {"Obehörig åtkomst"}


@pytest.mark.django_db
def test_actions_past_their_period_link_to_the_plan_filtered_to_them(
    org, coordinator, as_user
):
    last_year = _today().year - 1
    late = make_action(
        org, text="Uppdatera anvisningen", start_year=last_year - 1, end_year=last_year
    )
    make_action(  # done: not late
        org,
        start_year=last_year,
        end_year=last_year,
        status=ActionStatus.DONE,
    )
    make_action(org, start_year=last_year, end_year=None)  # open-ended
    make_action(org, start_year=last_year + 1)  # this year
    client = as_user(coordinator)
    item = _item(_todo(client, org), "åtgärd")
    assert item.count == 1
    assert item.url == f"/{org.code}/atgarder/?overdue=1"
    response = client.get(item.url)
    shown = [
        a for entry in response.context["plan"] for g in entry.groups for a in g.actions
    ]
    assert [a.pk for a in shown] == [late.pk]


# The information owner -----------------------------------------------------------


@pytest.mark.django_db
def test_the_owner_sees_their_own_assets_due_within_30_days_or_overdue(
    org, owner, coordinator, as_user
):
    mine_late = _overdue_classification(org, name="Mitt gamla", owner_user=owner)
    mine_soon = make_asset(org, name="Mitt snart", owner_user=owner)
    make_classification(org, asset=mine_soon, next_review=_today() + timedelta(days=30))
    mine_later = make_asset(org, name="Mitt sedan", owner_user=owner)
    make_classification(
        org, asset=mine_later, next_review=_today() + timedelta(days=31)
    )
    _overdue_classification(org, name="Någon annans", owner_user=coordinator)
    client = as_user(owner)
    item = _item(_todo(client, org), "dina informationsmängder")
    assert item.count == 2
    assert _rows_linked(client, item.url) == {mine_late.name, mine_soon.name}
    # the coordinator's line counts every overdue asset, the owner's only theirs
    assert _item(_todo(as_user(coordinator), org), "informationsmängd").count == 2


# The auditor ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_auditor_sees_what_changed_since_the_last_visit(
    org, auditor, coordinator, head, as_user
):
    client = as_user(auditor)
    (first,) = _todo(client, org)
    assert first.url == f"/{org.code}/historik/"  # the first visit: all of it
    visit = LastVisit.objects.get(user=auditor, organisation=org)
    assert visit.previous is None

    # a visit that ended two hours ago, after what was done three hours ago
    ended = timezone.now() - timedelta(hours=2)
    LastVisit.objects.filter(pk=visit.pk).update(seen_at=ended)
    for source in sources():
        source.for_organisation(org).update(
            history_date=timezone.now() - timedelta(hours=3)
        )
    make_asset(org, name="Nytt register")  # 1 change
    review = make_review(org, year=2024)  # the review and its sections
    review.status, review.decided_on = ReviewStatus.APPROVED, _today()
    review._change_reason = "approved"
    review.save()
    todo = _todo(client, org)
    changes = _item(todo, "ändring.* sedan ditt senaste besök")
    since = ended.replace(second=0, microsecond=0)
    local = timezone.localtime(since)
    assert changes.url == (
        f"/{org.code}/historik/?start={local:%Y-%m-%d}&start_time={local:%H}%3A"
        f"{local:%M}"
    )
    assert changes.note == f"sedan {local:%Y-%m-%d %H:%M}"
    timeline = client.get(changes.url)
    assert timeline.status_code == 200
    rows = timeline.context["page"].rows
    assert all(row.when >= since for row in rows)
    assert "Nytt register" in {row.object_label for row in rows}
    # the asset, the review created and approved, and its sections
    sections = review.sections.count()
    assert changes.count == len(rows) == 1 + 2 + sections
    approvals = _item(todo, "beslutad")
    assert approvals.count == 1
    assert approvals.details[0].url == f"/{org.code}/granskning/{review.pk}/"

    # a reload within the same visit keeps the same "since"
    assert (
        _item(_todo(client, org), "ändring.* sedan ditt senaste besök").url
        == changes.url
    )
    # the coordinator, who may browse the history too, is not shown this line
    coordinators = [i.text for i in _todo(as_user(coordinator), org)]
    assert not any("sedan ditt senaste besök" in t for t in coordinators)


@pytest.mark.django_db
def test_the_timeline_filters_from_a_minute(org, auditor, as_user):
    client = as_user(auditor)
    response = client.get(f"/{org.code}/historik/?start_time=10:00")
    assert "Välj också från-datumet." in response.content.decode()


# Query counts ------------------------------------------------------------------


# What the dashboard may cost at most, and then exactly the same with more rows.
DASHBOARD_QUERIES = 40


def _rows_for(role, org, users, n):
    coordinator, head, owner = (
        users[r] for r in (Role.COORDINATOR, Role.HEAD, Role.OWNER)
    )
    for i in range(n):
        if role == Role.HEAD:
            _submitted(make_review(org, year=next(_years)), coordinator)
        elif role == Role.COORDINATOR:
            _breach(org, 10 + i, title=f"Incident {i}")
            _overdue_classification(org)
            make_risk(org, next_review=_today() - timedelta(days=3))
            make_action(org, start_year=2020, end_year=2021)
            review = _submitted(make_review(org, year=next(_years)), coordinator)
            approval.review_return(review=review, by=head, comment="Gör om.")
        elif role == Role.OWNER:
            _overdue_classification(org, owner_user=owner)
        else:
            review = make_review(org, year=next(_years))
            review.status = ReviewStatus.APPROVED
            review._change_reason = "approved"
            review.save()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.HEAD, Role.COORDINATOR, Role.OWNER, Role.AUDITOR]
)
def test_the_query_count_is_fixed_per_role(
    role,
    org,
    role_users,
    as_user,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    user = role_users[role]
    client = as_user(user)
    client.get(f"/{org.code}/")  # the first visit also stores the organisation
    # (the auditor's visit began before the rows)
    LastVisit.objects.filter(user=user).update(
        seen_at=timezone.now() - timedelta(days=1)
    )
    _rows_for(role, org, role_users, 3)
    client.get(f"/{org.code}/")
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as few:
        assert client.get(f"/{org.code}/").status_code == 200
    _rows_for(role, org, role_users, 47)
    with django_assert_num_queries(len(few)):
        assert client.get(f"/{org.code}/").status_code == 200
    assert len(_todo(client, org)) >= 1


@pytest.mark.django_db
def test_risk_list_filter_is_the_dashboards(org, coordinator, as_user):
    """A closed risk past its date is on the list the figure links to, and so
    counted: the figure and the list never disagree."""
    make_risk(
        org,
        title="Stängd",
        status=Risk.Status.CLOSED,
        next_review=_today() - timedelta(days=2),
    )
    client = as_user(coordinator)
    item = _item(_todo(client, org), "risk")
    assert item.count == len(_rows_linked(client, item.url)) == 1


@pytest.mark.django_db
def test_another_members_owner_filter_value_is_refused(org, other_org, owner, as_user):
    stranger = make_member(other_org, Role.OWNER, make_user("fremling"))
    response = as_user(owner).get(
        f"/{org.code}/register/informationsmangder/?owner_user={stranger.pk}"
    )
    assert response.status_code == 200
    assert response.context["filters"].errors.get("owner_user")
