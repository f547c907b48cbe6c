"""People by full name (and title), times in Swedish local time, one format
everywhere: detail pages, the history, exports and pickers (issue 17, point 5).

The finding: "Times show as raw UTC ('2024-03-29 15:00:00+00:00' for 16:00
local) on detail pages and in the history; people appear as user names."
"""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from openpyxl import load_workbook

from lgsys.models import Role, SecurityEvent
from reviews.models import Incident
from tests.classification.factories import make_classification
from tests.factories import make_member, make_user
from tests.reviews_inputs.factories import make_incident

UTC_1500 = datetime(2024, 3, 29, 15, 0, tzinfo=UTC)  # 16:00 in Stockholm
INCIDENTS = "/{code}/granskning/incidenter/"


@pytest.fixture
def jenny(org):
    """A coordinator with a full name and a title, as the demo's."""
    user = make_user("jekman", first_name="Jenny", last_name="Ekman")
    make_member(org, Role.COORDINATOR, user, title="informationssäkerhetssamordnare")
    return user


@pytest.mark.django_db
def test_a_time_on_a_detail_page_and_in_its_history_is_swedish_local_time(
    org, jenny, as_user
):
    incident = make_incident(org, occurred_at=UTC_1500, discovered_at=UTC_1500)
    page = (
        as_user(jenny)
        .get(f"{INCIDENTS.format(code=org.code)}{incident.pk}/")
        .content.decode()
    )
    details, history = page.split('id="history-heading"')
    assert "<dd>2024-03-29 16:00</dd>" in details
    # the history on the page: the values it recorded, in the same format
    assert '<span class="new">2024-03-29 16:00</span>' in history
    assert "+00:00" not in page
    assert "15:00:00" not in page


@pytest.mark.django_db
def test_a_time_in_the_auditors_timeline_is_local_and_to_the_minute(
    org, jenny, as_user
):
    make_incident(org, title="Nätverksavbrott", occurred_at=UTC_1500)
    page = as_user(jenny).get(f"/{org.code}/historik/").content.decode()
    assert '<span class="new">2024-03-29 16:00</span>' in page  # as recorded
    assert "+00:00" not in page
    shown = re.findall(r"<time [^>]*>([^<]*)</time>", page)
    assert shown
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", t) for t in shown)


@pytest.mark.django_db
def test_a_person_on_a_detail_page_is_named_with_their_title(org, jenny, as_user):
    classification = make_classification(org, classified_by=jenny)
    page = (
        as_user(jenny)
        .get(f"/{org.code}/register/klassningar/{classification.pk}/")
        .content.decode()
    )
    assert "Jenny Ekman, informationssäkerhetssamordnare" in page
    assert ">jekman<" not in page


@pytest.mark.django_db
def test_pickers_name_members_by_full_name_and_title(org, jenny, as_user, other_org):
    make_member(other_org, Role.COORDINATOR, make_user("utom"))
    page = (
        as_user(jenny)
        .get(f"/{org.code}/register/informationsmangder/ny/")
        .content.decode()
    )
    owner_select = page.split('name="owner_user"')[1].split("</select>")[0]
    assert ">Jenny Ekman, informationssäkerhetssamordnare</option>" in owner_select
    assert ">jekman<" not in owner_select
    assert "Utom" not in owner_select  # members of this organisation only


@pytest.mark.django_db
def test_an_export_shows_local_time_in_csv_and_xlsx(org, jenny, as_user):
    make_incident(org, title="Intrång", discovered_at=UTC_1500)
    client = as_user(jenny)
    url = INCIDENTS.format(code=org.code)
    text = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    rows = csv.reader(io.StringIO(text), delimiter=";")
    assert "2024-03-29 16:00" in next(r for r in rows if "Intrång" in r)
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    cells = [c for r in book.active.iter_rows(min_row=2) for c in r]
    moment = next(c for c in cells if isinstance(c.value, datetime))
    assert moment.value == datetime(2024, 3, 29, 16, 0)
    assert moment.number_format == "yyyy-mm-dd hh:mm"


@pytest.mark.django_db
def test_the_history_export_names_people_and_shows_local_time(org, jenny, as_user):
    from lgsys import services as core
    from reviews.inputs import services

    stored = make_incident(org, title="Intrång")
    edited = Incident.objects.get(pk=stored.pk)
    edited.occurred_at = edited.discovered_at = UTC_1500
    services.incident_update(incident=edited, by=jenny, version=core.version_of(stored))
    text = (
        as_user(jenny)
        .get(f"/{org.code}/historik/", {"format": "csv"})
        .getvalue()
        .decode("utf-8-sig")
    )
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=";") if "Intrång" in r]
    changed = next(r for r in rows if r[1] == "Jenny Ekman")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", changed[0])
    assert "2024-03-29 16:00" in changed[-1]
    assert "+00:00" not in text


@pytest.mark.django_db
def test_security_events_have_their_own_filter_and_name_the_person(org, jenny, as_user):
    SecurityEvent.objects.create(
        organisation=org, user=jenny, username="jekman", kind="login"
    )
    make_incident(org, title="Nätverksavbrott")
    client = as_user(jenny)
    changes = client.get(f"/{org.code}/historik/").content.decode()
    assert "Nätverksavbrott" in changes
    assert "Säkerhetshändelse<" not in changes  # records only, by default
    security = client.get(f"/{org.code}/historik/", {"kind": "security"})
    page = security.content.decode()
    assert "Nätverksavbrott" not in page
    assert "inloggad" in page.lower()
    record = page.split('data-label="Post"')[1].split("</td>")[0]
    assert "Jenny Ekman" in record
    assert ">jekman<" not in record and "<br>jekman" not in record


def test_a_datetime_in_a_template_reads_the_same_in_both_languages():
    template = Template("{{ moment }}")
    for language in ("sv", "en"):
        with translation.override(language):
            assert template.render(Context({"moment": UTC_1500})) == "2024-03-29 16:00"


def test_a_history_value_and_a_stale_edit_message_show_a_time_locally():
    """display_value() serves the history, the timeline, their exports and the
    stale-edit message alike."""
    from lgsys.history import display_value

    field = Incident._meta.get_field("occurred_at")
    assert display_value(field, UTC_1500, {}) == "2024-03-29 16:00"
